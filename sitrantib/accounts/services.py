"""Writes of accounts: creating users, login protection, API tokens. Each one is audited.

`actor` is the user who acts; None is the system (a management command such as `add_user`).
"""

import datetime as dt
import math
import secrets
import unicodedata
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from rest_framework.authtoken.models import Token

from sitrantib.accounts.models import LoginFailure, User
from sitrantib.core.audit import record_change, snapshot
from sitrantib.core.enums import AuditAction, Role
from sitrantib.regions.models import District, Institution, Village

MESSAGE_LOCKED = gettext_noop(
    "Terlalu banyak percobaan masuk yang gagal. Akun ini dikunci sementara; coba lagi dalam "
    "%(minutes)d menit atau hubungi admin."
)
MESSAGE_VILLAGE_OUTSIDE_DISTRICT = gettext_noop(
    "Desa %(village)s tidak berada di kecamatan %(district)s."
)
MESSAGE_OPERATOR_NEEDS_VILLAGE = gettext_noop("Operator desa harus punya sedikitnya satu desa.")
MESSAGE_PARTNER_NEEDS_INSTITUTION = gettext_noop("Mitra harus terhubung dengan satu instansi.")
MESSAGE_INSTITUTION_OUTSIDE_DISTRICT = gettext_noop(
    "Instansi itu bukan dari kecamatan %(district)s."
)


class AccountLocked(Exception):
    def __init__(self, minutes: int) -> None:
        super().__init__(_(MESSAGE_LOCKED) % {"minutes": minutes})
        self.minutes = minutes


@transaction.atomic
def create_user(
    *,
    username: str,
    role: Role | str,
    district: District,
    password: str,
    actor: User | None,
    villages: Iterable[Village] = (),
    institution: Institution | None = None,
    full_name: str = "",
    email: str = "",
) -> User:
    """Create a user with a role and scope; one audit entry (never the password).

    Refuses with a ValidationError by field, nothing saved: a desa outside the kecamatan, a
    village operator without a desa, a partner without an institution (or one of another
    kecamatan), a password the rules refuse, a username already taken.
    """
    villages = list(villages)
    role = Role(role)
    errors: dict[str, list[str]] = {}
    for village in villages:
        if village.district_id != district.code:
            errors.setdefault("villages", []).append(
                _(MESSAGE_VILLAGE_OUTSIDE_DISTRICT)
                % {"village": village.code, "district": district.code}
            )
    if role == Role.VILLAGE_OPERATOR and not villages:
        errors.setdefault("villages", []).append(_(MESSAGE_OPERATOR_NEEDS_VILLAGE))
    if role == Role.PARTNER and institution is None:
        errors.setdefault("institution", []).append(_(MESSAGE_PARTNER_NEEDS_INSTITUTION))
    if institution is not None and institution.district_id != district.code:
        errors.setdefault("institution", []).append(
            _(MESSAGE_INSTITUTION_OUTSIDE_DISTRICT) % {"district": district.code}
        )
    first, _sep, last = full_name.strip().partition(" ")
    user = User(
        username=username,
        role=role.value,
        district=district,
        institution=institution,
        first_name=first,
        last_name=last,
        email=email,
    )
    try:
        validate_password(password, user)
    except ValidationError as exc:
        errors.setdefault("password", []).extend(exc.messages)
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as exc:
        for key, messages in exc.message_dict.items():
            errors.setdefault(key, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    user.set_password(password)
    user.save()
    user.villages.set(villages)
    # Hand-written rather than save_new: the entry must list the desa (a many-to-many set after
    # the insert), which save_new's snapshot of the row cannot hold; validated above already.
    after = snapshot(user)
    after["villages"] = sorted(v.code for v in villages)
    record_change(actor=actor, action=AuditAction.CREATE, instance=user, after=after)
    return user


def generated_password() -> str:
    """A random password that always passes the rules (letters, a digit and a symbol, 20 long)."""
    return f"{secrets.token_urlsafe(15)}-{secrets.randbelow(10)}"


@transaction.atomic
def record_password_change(*, user: User, actor: User) -> None:
    """Note in the audit log that a password changed (never the password itself).

    Django's password form saved it; the password hash is left out of every snapshot, so
    save_changes would see no change: this records the event itself. Refuses nothing.
    """
    record_change(actor=actor, action=AuditAction.UPDATE, instance=user, note="kata sandi diubah")


def lockout_key(username: str) -> str:
    """The form of a username that failures are counted under: normalised and case-folded."""
    return unicodedata.normalize("NFKC", username).strip().casefold()


def lockout_remaining(*, username: str, now: dt.datetime | None = None) -> int:
    """Minutes until a locked username may try again; 0 when it is not locked."""
    now = now or timezone.now()
    window = dt.timedelta(minutes=settings.SITRANTIB_LOGIN_LOCKOUT_MINUTES)
    recent = list(
        LoginFailure.objects.filter(username__iexact=username, at__gte=now - window)
        .order_by("-at")
        .values_list("at", flat=True)[: settings.SITRANTIB_LOGIN_MAX_FAILURES]
    )
    if len(recent) < settings.SITRANTIB_LOGIN_MAX_FAILURES:
        return 0
    unlock_at = recent[0] + window
    return max(1, math.ceil((unlock_at - now).total_seconds() / 60))


@transaction.atomic
def record_login_failure(*, username: str, ip_address: str | None) -> int:
    """Remember a failed login; returns the minutes of lockout it caused (0 if none).

    The lockout is an event, not a change of a record: it is recorded as such (record_change).
    """
    LoginFailure.objects.create(username=username[:150], ip_address=ip_address)
    minutes = lockout_remaining(username=username)
    count = LoginFailure.objects.filter(
        username__iexact=username,
        at__gte=timezone.now() - dt.timedelta(minutes=settings.SITRANTIB_LOGIN_LOCKOUT_MINUTES),
    ).count()
    if minutes and count == settings.SITRANTIB_LOGIN_MAX_FAILURES:
        user = User.objects.filter(username__iexact=username).first()
        record_change(
            actor=None,
            action=AuditAction.LOGIN_LOCKED,
            object_type="accounts.user",
            object_id=str(user.pk) if user else username,
            object_repr=username,
            district_code=(user.district_id or "") if user else "",
            note=f"IP {ip_address or '-'}",
        )
    return minutes


def clear_login_failures(*, username: str) -> None:
    """Forget the failed logins of a username (after a successful login)."""
    LoginFailure.objects.filter(username__iexact=username).delete()


@transaction.atomic
def issue_api_token(*, user: User, actor: User | None, rotate: bool = False) -> Token:
    """The user's personal API token, created on first use; `rotate` replaces it.

    Recorded by hand (record_change): a token's key is its primary key, and the audit entry must
    name the user, never the secret key (save_new would file it under the key).
    """
    if rotate and Token.objects.filter(user=user).delete()[0]:
        record_change(
            actor=actor,
            action=AuditAction.DELETE,
            object_type="authtoken.token",
            object_id=str(user.pk),
            object_repr=f"Token API {user.username}",
            district_code=user.district_id or "",
            note="diganti",
        )
    token, created = Token.objects.get_or_create(user=user)
    if created:
        record_change(
            actor=actor,
            action=AuditAction.CREATE,
            object_type="authtoken.token",
            object_id=str(user.pk),
            object_repr=f"Token API {user.username}",
            district_code=user.district_id or "",
        )
    return token
