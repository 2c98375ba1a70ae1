"""Managing users on the web: who may manage whom, and the writes (docs/adr/0051).

An administrator (a scope with `is_admin`: the Admin Seksi Trantib of a kecamatan, or an admin
with regency or national coverage) manages the users inside their reach
(`accounts.selectors.users_manageable_by`). Every write is audited; none saves half.

Guards, each refused with a message in Bahasa Indonesia:
- a kecamatan admin gives only the by-role coverage, in their own kecamatan; a regency admin
  at most their own kabupaten; only a national admin grants national coverage;
- an administrator cannot deactivate themselves, nor change their own role, coverage or
  kecamatan (another admin does that), nor reset their own password here;
- the last active Admin Seksi Trantib of a kecamatan is neither deactivated, demoted nor moved;
- a superuser's account (the Django admin) is changed only by a superuser, and is not listed to
  anyone else;
- the Camat's account (the Camat approves the plans) is changed, deactivated or given a temporary
  password only by a regency or national admin; a kecamatan admin names the first active Camat of
  their kecamatan, never a second, and may e-mail the Camat a reset link.

Password resets by an administrator live in accounts/password_resets.py.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sitrantib.accounts.models import User
from sitrantib.accounts.selectors import users_manageable_by
from sitrantib.accounts.services import (
    MESSAGE_INSTITUTION_OUTSIDE_DISTRICT,
    MESSAGE_OPERATOR_NEEDS_VILLAGE,
    MESSAGE_PARTNER_NEEDS_INSTITUTION,
    MESSAGE_VILLAGE_OUTSIDE_DISTRICT,
    create_user,
    generated_password,
)
from sitrantib.core.audit import record_change, save_changes
from sitrantib.core.enums import AuditAction, Coverage, Role
from sitrantib.core.scoping import Scope, scope_of
from sitrantib.regions.models import District, Institution, Regency, Village

MESSAGE_NOT_ADMIN = gettext_noop("Hanya admin yang boleh mengelola pengguna.")
MESSAGE_SUPERUSER_ONLY = gettext_noop("Akun superadmin hanya dapat diubah oleh superadmin.")
MESSAGE_DISTRICT_OUTSIDE_SCOPE = gettext_noop(
    "Kecamatan itu di luar cakupan Anda; Anda hanya dapat menambah pengguna di kecamatan Anda."
)
MESSAGE_COVERAGE_NOT_GRANTED = gettext_noop(
    "Cakupan itu lebih luas dari cakupan Anda; hanya admin berkecakupan kabupaten atau nasional "
    "yang dapat memberikannya."
)
MESSAGE_REGENCY_NOT_GRANTED = gettext_noop(
    "Anda hanya dapat memberi cakupan kabupaten Anda sendiri."
)
MESSAGE_SELF_DEACTIVATE = gettext_noop(
    "Anda tidak dapat menonaktifkan akun Anda sendiri; minta admin lain bila perlu."
)
MESSAGE_SELF_SCOPE = gettext_noop(
    "Anda tidak dapat mengubah peran, cakupan, atau kecamatan akun Anda sendiri; minta admin lain "
    "bila perlu."
)
MESSAGE_LAST_ADMIN = gettext_noop(
    "%(user)s adalah admin Seksi Trantib aktif terakhir di Kecamatan %(district)s. Tambahkan atau "
    "aktifkan admin lain di kecamatan itu lebih dahulu."
)
MESSAGE_CAMAT_WIDER_ONLY = gettext_noop(
    "Akun Camat hanya dapat diubah oleh admin berakses kabupaten atau nasional, atau lewat baris "
    "perintah. Anda dapat mengirim tautan atur kata sandi ke e-mail Camat sendiri."
)
MESSAGE_CAMAT_EXISTS = gettext_noop(
    "Kecamatan %(district)s sudah punya Camat aktif (%(user)s). Peran Camat yang kedua hanya dapat "
    "diberikan oleh admin berakses kabupaten atau nasional."
)

NOTE_DESA_CHANGED = "desa diubah"

# The fields an administrator edits on the form (the desa are set apart: many-to-many).
EDITABLE_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "phone",
    "role",
    "coverage",
    "regency",
    "district",
    "institution",
)
SCOPE_FIELDS = ("role", "coverage", "regency", "district")


def can_manage_users(user: Any) -> bool:
    return scope_of(user).is_admin


def grantable_coverages(actor: Any) -> list[str]:
    """The coverages `actor` may give: never wider than their own."""
    scope = scope_of(actor)
    if not scope.is_admin:
        return []
    if scope.national:
        return [Coverage.BY_ROLE, Coverage.REGENCY, Coverage.NATIONAL]
    if actor.coverage == Coverage.REGENCY:
        return [Coverage.BY_ROLE, Coverage.REGENCY]
    return [Coverage.BY_ROLE]


def districts_grantable_by(actor: Any) -> Any:
    """The kecamatan `actor` may put a user in."""
    scope = scope_of(actor)
    if scope.national:
        return District.objects.order_by("name", "code")
    return District.objects.filter(code__in=sorted(scope.district_codes)).order_by("name", "code")


def regencies_grantable_by(actor: Any) -> Any:
    scope = scope_of(actor)
    if scope.national:
        return Regency.objects.order_by("name", "code")
    if actor.coverage == Coverage.REGENCY:
        return Regency.objects.filter(code=actor.regency_id)
    return Regency.objects.none()


def _require_admin(actor: Any) -> Scope:
    scope = scope_of(actor)
    if not scope.is_admin:
        raise PermissionDenied(_(MESSAGE_NOT_ADMIN))
    return scope


def require_reach(*, actor: Any, user: User) -> None:
    """404-worthy when outside the reach (the caller looked the user up in the selector); a
    superuser's account is refused to a non-superuser."""
    _require_admin(actor)
    if (user.is_superuser or user.is_staff) and not actor.is_superuser:
        raise PermissionDenied(_(MESSAGE_SUPERUSER_ONLY))
    if not users_manageable_by(user=actor).filter(pk=user.pk).exists():
        raise PermissionDenied(_(MESSAGE_NOT_ADMIN))


def _wider_than_kecamatan(actor: Any) -> bool:
    """A regency or national admin: above the Camat of a kecamatan."""
    return scope_of(actor).national or actor.coverage == Coverage.REGENCY


def refuse_camat_change(*, actor: Any, user: User) -> None:
    """The Camat approves the section's plans: a kecamatan admin cannot edit, deactivate or give
    a known password to the Camat's account (ADR 0051); an e-mailed link to the Camat stays."""
    if user.role == Role.CAMAT and user.pk != actor.pk and not _wider_than_kecamatan(actor):
        raise ValidationError(_(MESSAGE_CAMAT_WIDER_ONLY))


def _camat_role_errors(
    *, actor: Any, role: str, district: District | None, user: User | None = None
) -> dict[str, list[str]]:
    """A kecamatan admin may name the first active Camat of their kecamatan, never a second."""
    if role != Role.CAMAT or district is None or _wider_than_kecamatan(actor):
        return {}
    others = User.objects.filter(district_id=district.code, role=Role.CAMAT, is_active=True)
    if user is not None:
        others = others.exclude(pk=user.pk)
    existing = others.order_by("pk").first()
    if existing is None:
        return {}
    return {"role": [_(MESSAGE_CAMAT_EXISTS) % {"district": district.name, "user": existing}]}


def _assignment_errors(
    *,
    actor: Any,
    scope: Scope,
    coverage: str,
    regency: Regency | None,
    district: District | None,
) -> dict[str, list[str]]:
    """What `actor` may not give: a wider coverage, another kabupaten, a kecamatan outside."""
    errors: dict[str, list[str]] = {}
    if coverage not in grantable_coverages(actor):
        errors["coverage"] = [_(MESSAGE_COVERAGE_NOT_GRANTED)]
    elif (
        coverage == Coverage.REGENCY
        and regency is not None
        and not regencies_grantable_by(actor).filter(code=regency.code).exists()
    ):
        errors["regency"] = [_(MESSAGE_REGENCY_NOT_GRANTED)]
    if district is not None and not scope.covers_district(district.code):
        errors["district"] = [_(MESSAGE_DISTRICT_OUTSIDE_SCOPE)]
    return errors


def _lock_admins_of(district_code: str) -> list[int]:
    """The active Admin Seksi Trantib of a kecamatan, their rows locked (two admins demoting
    each other at once cannot both pass the last-admin check)."""
    return list(
        User.objects.select_for_update()
        .filter(district_id=district_code, role=Role.TRANTIB_ADMIN, is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _refuse_if_last_admin(user: User) -> None:
    """Refuse when `user` is the last active Admin Seksi Trantib of their kecamatan."""
    if not (user.is_active and user.role == Role.TRANTIB_ADMIN and user.district_id):
        return
    others = [pk for pk in _lock_admins_of(user.district_id) if pk != user.pk]
    if not others:
        district = user.district.name if user.district else user.district_id
        raise ValidationError(_(MESSAGE_LAST_ADMIN) % {"user": user, "district": district})


@transaction.atomic
def add_user(
    *,
    actor: User,
    username: str,
    role: Role | str,
    district: District | None,
    villages: Iterable[Village] = (),
    institution: Institution | None = None,
    full_name: str = "",
    first_name: str | None = None,
    last_name: str | None = None,
    email: str = "",
    phone: str = "",
    coverage: Coverage | str = Coverage.BY_ROLE,
    regency: Regency | None = None,
) -> tuple[User, str]:
    """Add a user within the actor's reach; returns the user and a temporary password to show
    once (the user must change it at first login). Audited as a creation, never the password.

    Refuses (ValidationError by field, nothing saved): a kecamatan outside the actor's scope, a
    coverage wider than the actor's, and whatever `create_user` refuses. PermissionDenied for a
    non-admin.
    """
    scope = _require_admin(actor)
    errors = _assignment_errors(
        actor=actor, scope=scope, coverage=str(coverage), regency=regency, district=district
    )
    errors.update(_camat_role_errors(actor=actor, role=str(role), district=district))
    if errors:
        raise ValidationError(errors)
    password = generated_password()
    user = create_user(
        username=username,
        role=role,
        district=district,
        password=password,
        actor=actor,
        villages=villages,
        institution=institution,
        full_name=full_name,
        first_name=first_name,
        last_name=last_name,
        email=email,
        phone=phone,
        coverage=coverage,
        regency=regency,
        must_change_password=True,
    )
    return user, password


def _desa_errors(
    *, role: str, district: District | None, villages: list[Village]
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for village in villages:
        if district is None or village.district_id != district.code:
            errors.setdefault("villages", []).append(
                _(MESSAGE_VILLAGE_OUTSIDE_DISTRICT)
                % {"village": village.name, "district": district.name if district else "-"}
            )
    if role == Role.VILLAGE_OPERATOR and not villages:
        errors.setdefault("villages", []).append(_(MESSAGE_OPERATOR_NEEDS_VILLAGE))
    return errors


def _institution_errors(
    *, role: str, district: District | None, institution: Institution | None
) -> dict[str, list[str]]:
    if role == Role.PARTNER and institution is None:
        return {"institution": [_(MESSAGE_PARTNER_NEEDS_INSTITUTION)]}
    if institution is not None and (district is None or institution.district_id != district.code):
        name = district.name if district else "-"
        return {"institution": [_(MESSAGE_INSTITUTION_OUTSIDE_DISTRICT) % {"district": name}]}
    return {}


@transaction.atomic
def update_user(
    *,
    user: User,
    actor: User,
    values: Mapping[str, Any],
    villages: Iterable[Village] | None = None,
    expected_version: int | None = None,
) -> bool:
    """Change a user's name, contact, role and scope (`values`: keys of EDITABLE_FIELDS) and
    their desa; True if anything changed. One audit entry for the fields (save_changes) and one
    for the desa when they changed.

    Refuses (ValidationError by field, nothing saved): a coverage or kecamatan beyond the
    actor's, a change of one's own role, coverage or kecamatan, demoting or moving the last
    active Admin Seksi Trantib of a kecamatan, desa outside the kecamatan, an operator without
    desa, a partner without an institution of the kecamatan. StaleVersion when someone saved
    since `expected_version`. PermissionDenied outside the actor's reach.
    """
    scope = _require_admin(actor)
    require_reach(actor=actor, user=user)
    refuse_camat_change(actor=actor, user=user)
    values = {name: value for name, value in values.items() if name in EDITABLE_FIELDS}
    merged = {name: values.get(name, getattr(user, name)) for name in EDITABLE_FIELDS}
    role = str(merged["role"])
    coverage = str(merged["coverage"] or "")
    district: District | None = merged["district"]
    new_villages = list(villages) if villages is not None else list(user.villages.all())
    if role != Role.VILLAGE_OPERATOR:
        new_villages = []
    if role != Role.PARTNER:
        merged["institution"] = values["institution"] = None
    if coverage != Coverage.REGENCY:
        merged["regency"] = values["regency"] = None
    scope_changes = {
        name for name in SCOPE_FIELDS if _key(merged[name]) != _key(getattr(user, name))
    }
    errors: dict[str, list[str]] = {}
    if user.pk == actor.pk and scope_changes:
        errors[NON_FIELD_ERRORS] = [_(MESSAGE_SELF_SCOPE)]
    if "coverage" in scope_changes or "regency" in scope_changes or "district" in scope_changes:
        errors.update(
            _assignment_errors(
                actor=actor,
                scope=scope,
                coverage=coverage,
                regency=merged["regency"],
                district=district if "district" in scope_changes else None,
            )
        )
    if {"role", "district"} & scope_changes:
        errors.update(_camat_role_errors(actor=actor, role=role, district=district, user=user))
    errors.update(_desa_errors(role=role, district=district, villages=new_villages))
    errors.update(
        _institution_errors(role=role, district=district, institution=merged["institution"])
    )
    if errors:
        raise ValidationError(errors)
    if {"role", "district"} & scope_changes:
        _refuse_if_last_admin(user)
    before_desa = sorted(user.villages.values_list("code", flat=True))
    changed = save_changes(user, values, actor=actor, expected_version=expected_version)
    after_desa = sorted(v.code for v in new_villages)
    if after_desa != before_desa:
        user.villages.set(new_villages)
        record_change(
            actor=actor,
            action=AuditAction.UPDATE,
            instance=user,
            before={"villages": before_desa},
            after={"villages": after_desa},
            note=NOTE_DESA_CHANGED,
        )
        user.__dict__.pop("village_codes", None)
        changed = True
    return changed


def _key(value: Any) -> Any:
    return getattr(value, "pk", value) or None


@transaction.atomic
def set_user_active(
    *, user: User, actor: User, active: bool, expected_version: int | None = None
) -> bool:
    """Deactivate (the user can no longer log in, by password or token) or reactivate a user;
    audited. Refuses deactivating oneself and the last active Admin Seksi Trantib of a
    kecamatan (ValidationError); PermissionDenied outside the actor's reach."""
    require_reach(actor=actor, user=user)
    refuse_camat_change(actor=actor, user=user)
    if not active:
        if user.pk == actor.pk:
            raise ValidationError(_(MESSAGE_SELF_DEACTIVATE))
        _refuse_if_last_admin(user)
    return save_changes(user, {"is_active": active}, actor=actor, expected_version=expected_version)
