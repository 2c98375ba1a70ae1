"""Writes of accounts: creating users, login protection, API tokens. Each one is audited.

`actor` is the user who acts; None is the system (a management command such as `add_user`).
"""

import datetime as dt
import hashlib
import math
import secrets
import unicodedata
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from rest_framework.authtoken.models import Token

from sitrantib.accounts.models import LoginFailure, User
from sitrantib.core.audit import record_change, save_changes, snapshot
from sitrantib.core.enums import AuditAction, Coverage, Role
from sitrantib.regions.models import District, Institution, Regency, Village

MESSAGE_LOCKED = gettext_noop(
    "Terlalu banyak percobaan masuk yang gagal. Akun ini dikunci sementara; coba lagi dalam "
    "%(minutes)d menit atau hubungi admin."
)
MESSAGE_ADDRESS_LOCKED = gettext_noop(
    "Terlalu banyak percobaan masuk yang gagal dari alamat jaringan ini. Coba lagi dalam "
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


class LoginRefused(Exception):
    """A login refused before its password is checked: too many recent failures."""

    message = MESSAGE_LOCKED

    def __init__(self, minutes: int) -> None:
        super().__init__(_(self.message) % {"minutes": minutes})
        self.minutes = minutes


class AccountLocked(LoginRefused):
    """The username has too many recent failures."""


class AddressLocked(LoginRefused):
    """The client address has too many recent failures, over any usernames."""

    message = MESSAGE_ADDRESS_LOCKED


@transaction.atomic
def create_user(
    *,
    username: str,
    role: Role | str,
    district: District | None,
    password: str,
    actor: User | None,
    villages: Iterable[Village] = (),
    institution: Institution | None = None,
    full_name: str = "",
    first_name: str | None = None,
    last_name: str | None = None,
    email: str = "",
    phone: str = "",
    coverage: Coverage | str = Coverage.BY_ROLE,
    regency: Regency | None = None,
    must_change_password: bool = False,
) -> User:
    """Create a user with a role and scope; one audit entry (never the password).

    Refuses with a ValidationError by field, nothing saved: a desa outside the kecamatan, a
    village operator without a desa, a partner without an institution (or one of another
    kecamatan), a password the rules refuse, a username already taken, role, coverage and
    regions that do not fit together (User.clean). Who may grant what is checked by the caller
    (accounts.administration for the web; a command acts as the system).
    """
    villages = list(villages)
    role = Role(role)
    errors: dict[str, list[str]] = {}
    for village in villages:
        if district is None or village.district_id != district.code:
            errors.setdefault("villages", []).append(
                _(MESSAGE_VILLAGE_OUTSIDE_DISTRICT)
                % {"village": village.code, "district": district.code if district else "-"}
            )
    if role == Role.VILLAGE_OPERATOR and not villages:
        errors.setdefault("villages", []).append(_(MESSAGE_OPERATOR_NEEDS_VILLAGE))
    if role == Role.PARTNER and institution is None:
        errors.setdefault("institution", []).append(_(MESSAGE_PARTNER_NEEDS_INSTITUTION))
    if institution is not None and (district is None or institution.district_id != district.code):
        errors.setdefault("institution", []).append(
            _(MESSAGE_INSTITUTION_OUTSIDE_DISTRICT)
            % {"district": district.code if district else "-"}
        )
    # A full name from the command line splits at its first space; a form's two fields are kept.
    first, _sep, last = full_name.strip().partition(" ")
    if first_name is not None or last_name is not None:
        first, last = (first_name or "").strip(), (last_name or "").strip()
    user = User(
        username=username,
        role=role.value,
        district=district,
        institution=institution,
        first_name=first,
        last_name=last,
        email=email,
        phone=phone,
        coverage=Coverage(coverage).value,
        regency=regency,
        must_change_password=must_change_password,
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

    Django's password form saved it; the password hash is left out of every snapshot. A user who
    had to change a temporary password is released (`must_change_password` cleared, audited with
    the note); otherwise the event itself is recorded. Refuses nothing.
    """
    if user.must_change_password:
        # A fresh row: `user` may be the request's lazy user object.
        row = User.objects.get(pk=user.pk)
        save_changes(row, {"must_change_password": False}, actor=actor, note="kata sandi diubah")  # nosec B105  # a flag and a note
        user.must_change_password = False
        return
    record_change(actor=actor, action=AuditAction.UPDATE, instance=user, note="kata sandi diubah")


def lockout_key(username: str) -> str:
    """The form of a username that failures are counted under: normalised and case-folded."""
    return unicodedata.normalize("NFKC", username).strip().casefold()[:150]


def _window(now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(minutes=settings.SITRANTIB_LOGIN_LOCKOUT_MINUTES)


def _remaining(rows: QuerySet[LoginFailure], *, limit: int, now: dt.datetime) -> int:
    """Minutes until fewer than `limit` of `rows` lie within the window; 0 when they already do."""
    recent = list(
        rows.filter(at__gte=_window(now)).order_by("-at").values_list("at", flat=True)[:limit]
    )
    if len(recent) < limit:
        return 0
    unlock_at = recent[-1] + dt.timedelta(minutes=settings.SITRANTIB_LOGIN_LOCKOUT_MINUTES)
    return max(1, math.ceil((unlock_at - now).total_seconds() / 60))


def lockout_remaining(*, username: str, now: dt.datetime | None = None) -> int:
    """Minutes until a locked username may try again; 0 when it is not locked."""
    return _remaining(
        LoginFailure.objects.filter(username=lockout_key(username)),
        limit=settings.SITRANTIB_LOGIN_MAX_FAILURES,
        now=now or timezone.now(),
    )


def address_lockout_remaining(*, ip_address: str | None, now: dt.datetime | None = None) -> int:
    """Minutes until a client address locked for guessing may try again; 0 when it is not."""
    if not ip_address:
        return 0
    return _remaining(
        LoginFailure.objects.filter(ip_address=ip_address),
        limit=settings.SITRANTIB_LOGIN_MAX_FAILURES_PER_ADDRESS,
        now=now or timezone.now(),
    )


def _refusal(*, username: str, ip_address: str | None) -> LoginRefused | None:
    if minutes := lockout_remaining(username=username):
        return AccountLocked(minutes)
    if minutes := address_lockout_remaining(ip_address=ip_address):
        return AddressLocked(minutes)
    return None


def _serialise(*names: str) -> None:
    """Make concurrent transactions that name the same keys run one after the other.

    PostgreSQL: a transaction-scoped advisory lock per key, always taken in the same order.
    SQLite: nothing to do, its transactions begin IMMEDIATE (settings), which already serialises
    every writer.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for name in sorted(names):
            digest = hashlib.blake2b(name.encode(), digest_size=8).digest()
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s)", [int.from_bytes(digest, signed=True)]
            )


def start_login_attempt(*, username: str, ip_address: str | None) -> LoginFailure:
    """Count one login attempt before its password is checked (the slow hash).

    Refuses with AccountLocked when the username has `SITRANTIB_LOGIN_MAX_FAILURES` attempts in
    the window, or AddressLocked when the client address has
    `SITRANTIB_LOGIN_MAX_FAILURES_PER_ADDRESS`; a refused attempt is not kept (it does not
    extend the lock). Otherwise stores and returns the attempt, which counts as a failure until
    `login_succeeded` removes it.

    Count and insert are one transaction, serialised per username and per address, so of any
    number of simultaneous attempts exactly the limit get their password checked
    (docs/adr/0009-login-protection.md). Call it outside any transaction (the login view has
    none): the attempt must be committed before the password check begins.
    """
    key = lockout_key(username)
    with transaction.atomic():
        _serialise(f"login-user:{key}", *([f"login-address:{ip_address}"] if ip_address else []))
        if refusal := _refusal(username=key, ip_address=ip_address):
            raise refusal
        # The username's attempts older than the window count for nothing any more.
        LoginFailure.objects.filter(username=key, at__lt=_window(timezone.now())).delete()
        return LoginFailure.objects.create(username=key, ip_address=ip_address or None)


@transaction.atomic
def login_failed(*, attempt: LoginFailure) -> LoginRefused | None:
    """The attempt's password was wrong: it stays counted. Returns the lock now in force for its
    username or address (None if neither is locked).

    The failure that reaches a limit records the lock in the audit log (an event, not a change of
    a record, so record_change).
    """
    since = _window(attempt.at)
    earlier = LoginFailure.objects.filter(at__gte=since, pk__lte=attempt.pk)
    if earlier.filter(username=attempt.username).count() == settings.SITRANTIB_LOGIN_MAX_FAILURES:
        user = User.objects.filter(username__iexact=attempt.username).first()
        record_change(
            actor=None,
            action=AuditAction.LOGIN_LOCKED,
            object_type="accounts.user",
            object_id=str(user.pk) if user else attempt.username,
            object_repr=attempt.username,
            district_code=(user.district_id or "") if user else "",
            note=f"IP {attempt.ip_address or '-'}",
        )
    if (
        attempt.ip_address
        and earlier.filter(ip_address=attempt.ip_address).count()
        == settings.SITRANTIB_LOGIN_MAX_FAILURES_PER_ADDRESS
    ):
        record_change(
            actor=None,
            action=AuditAction.LOGIN_LOCKED,
            object_type="accounts.loginfailure",
            object_id=attempt.ip_address,
            object_repr=f"IP {attempt.ip_address}",
            note="alamat jaringan",
        )
    return _refusal(username=attempt.username, ip_address=attempt.ip_address)


def login_succeeded(*, attempt: LoginFailure) -> None:
    """The attempt's password was right: forget the failures of that username from that address.

    Failures from other addresses stay counted, so a successful login of the owner does not hand
    a guesser elsewhere a fresh set of tries.
    """
    LoginFailure.objects.filter(username=attempt.username, ip_address=attempt.ip_address).delete()


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
