"""Builders for test data: small, explicit, no fixture files. Used by every app's tests."""

import itertools
from collections.abc import Iterable
from typing import Any

from sitrantib.core.enums import Role

_seq = itertools.count(1)
TEST_PASSWORD = "Rahasia-Uji-2026"  # noqa: S105 - a test-only password that passes the validators


def make_region_tree(
    *, district_code: str = "35.08.07", villages: Iterable[tuple[str, str]] = ()
) -> Any:
    """A provinsi > kabupaten > kecamatan chain with the given desa; returns the District."""
    from sitrantib.regions.models import District, Province, Regency, Village

    prov_code, reg_code = district_code[:2], district_code[:5]
    province, _ = Province.objects.get_or_create(
        code=prov_code, defaults={"name": f"Provinsi {prov_code}"}
    )
    regency, _ = Regency.objects.get_or_create(
        code=reg_code,
        defaults={"name": f"Kabupaten {reg_code}", "province": province, "kind": "kabupaten"},
    )
    district, _ = District.objects.get_or_create(
        code=district_code, defaults={"name": f"Kecamatan {district_code}", "regency": regency}
    )
    for code, name in villages:
        Village.objects.get_or_create(
            code=code, defaults={"name": name, "district": district, "kind": "desa"}
        )
    return district


def make_user(
    *,
    role: Role | str,
    district: Any,
    villages: Iterable[Any] = (),
    institution: Any = None,
    username: str | None = None,
    password: str = TEST_PASSWORD,
    **extra: Any,
) -> Any:
    """A user with a role and scope, saved directly (tests of create_user use the service)."""
    from sitrantib.accounts.models import User

    user = User(
        username=username or f"user{next(_seq)}",
        role=Role(role).value,
        district=district,
        institution=institution,
        **extra,
    )
    user.set_password(password)
    user.save()
    if villages:
        user.villages.set(list(villages))
    return user


def make_institution(
    *, district: Any, kind: str = "polsek", name: str | None = None, village: Any = None
) -> Any:
    from sitrantib.regions.models import Institution

    return Institution.objects.create(
        district=district, kind=kind, name=name or f"Instansi {next(_seq)}", village=village
    )
