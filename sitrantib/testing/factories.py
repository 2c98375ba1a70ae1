"""Builders for test data: small, explicit, no fixture files. Used by every app's tests."""

import itertools
from collections.abc import Iterable
from typing import Any

from sitrantib.core.enums import Role
from sitrantib.regions.benchdata import make_region_tree

_seq = itertools.count(1)
__all__ = ["TEST_PASSWORD", "make_institution", "make_region_tree", "make_user"]

TEST_PASSWORD = "Rahasia-Uji-2026"  # noqa: S105 - a test-only password that passes the validators


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
