"""Password resets by an administrator (docs/adr/0051): a temporary password shown once, or a
one-time link e-mailed to the user on the public address. Both pass the same reach and Camat
guards as every other change of a user (accounts/administration.py), and both are audited as
events, never with the password.
"""

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from rest_framework.authtoken.models import Token

from sitrantib.accounts.administration import refuse_camat_change, require_reach
from sitrantib.accounts.models import User
from sitrantib.accounts.services import generated_password
from sitrantib.core.audit import record_change, snapshot
from sitrantib.core.enums import AuditAction
from sitrantib.core.links import is_loopback

MESSAGE_SELF_RESET = gettext_noop("Untuk kata sandi Anda sendiri, pakai menu Ganti kata sandi.")

MESSAGE_NO_MAIL = gettext_noop(
    "Pengiriman e-mail belum diatur di server; buat kata sandi sementara saja."
)

MESSAGE_NO_EMAIL_ADDRESS = gettext_noop(
    "Pengguna ini belum punya alamat e-mail; isi e-mailnya atau buat kata sandi sementara."
)

MESSAGE_INACTIVE = gettext_noop("Akun ini nonaktif; aktifkan lebih dahulu.")

MESSAGE_LINK_LOOPBACK = gettext_noop(
    "Tautan itu hanya akan terbuka di komputer ini. Isi SITRANTIB_PUBLIC_URL dengan alamat "
    "SiTrantib di jaringan kantor (lihat README), atau pakai kata sandi sementara."
)

MESSAGE_RESET_SUBJECT = gettext_noop("Atur kata sandi SiTrantib")

MESSAGE_RESET_BODY = gettext_noop(
    "Halo %(name)s,\n\nAdmin SiTrantib meminta Anda mengatur kata sandi baru untuk akun "
    "%(username)s. Buka tautan berikut (hanya dapat dipakai sekali, berlaku %(days)d hari):\n\n"
    "%(link)s\n\nBila Anda tidak merasa meminta ini, abaikan e-mail ini dan hubungi admin.\n"
)

# Audit notes (stored in Bahasa Indonesia, like every note).
NOTE_TEMPORARY_PASSWORD = "kata sandi sementara dibuat; wajib diganti saat masuk"  # noqa: S105  # nosec B105  # an audit note, no password

NOTE_RESET_LINK_SENT = "tautan atur kata sandi dikirim ke e-mail"

# Backends that only print or drop mail: with them no link can reach anyone.
_NO_MAIL_BACKENDS = frozenset(
    {
        "django.core.mail.backends.console.EmailBackend",
        "django.core.mail.backends.dummy.EmailBackend",
    }
)


def mail_is_configured() -> bool:
    """True when the default mailer delivers mail (not the console or dummy backend)."""
    mailers = getattr(settings, "MAILERS", None)
    if mailers is not None:
        backend = mailers.get("default", {}).get(
            "BACKEND", "django.core.mail.backends.smtp.EmailBackend"
        )
    else:
        backend = getattr(settings, "EMAIL_BACKEND", "")
    return backend not in _NO_MAIL_BACKENDS


@transaction.atomic
def reset_password_temporary(*, user: User, actor: User) -> str:
    """Give the user a new random password to be shown once; they must change it at their next
    login (`must_change_password`), their open sessions end and their API token is revoked.
    Audited as an event, never the password. Refuses one's own account (use the password
    change) and an inactive user."""
    require_reach(actor=actor, user=user)
    if user.pk == actor.pk:
        raise ValidationError(_(MESSAGE_SELF_RESET))
    refuse_camat_change(actor=actor, user=user)
    row = User.objects.select_for_update().get(pk=user.pk)
    if not row.is_active:
        raise ValidationError(_(MESSAGE_INACTIVE))
    before = snapshot(row)
    password = generated_password()
    row.set_password(password)
    row.must_change_password = True
    row.version += 1
    row.save(update_fields=["password", "must_change_password", "version"])
    # An API token would bypass the forced change (and may be why the password was reset).
    Token.objects.filter(user=row).delete()
    record_change(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=row,
        before=before,
        after=snapshot(row),
        note=NOTE_TEMPORARY_PASSWORD,
    )
    user.password, user.must_change_password, user.version = (
        row.password,
        row.must_change_password,
        row.version,
    )
    return password


@transaction.atomic
def send_password_link(*, user: User, actor: User, link_for: Callable[[str, str], str]) -> None:
    """E-mail the user a one-time link to set a new password (Django's reset token: it stops
    working once the password changes, and after PASSWORD_RESET_TIMEOUT). `link_for(uid, token)`
    builds the absolute address. Audited as an event. Refuses (ValidationError) when mail is not
    set up on the server, the user has no e-mail, is inactive, or is the actor."""
    require_reach(actor=actor, user=user)
    if user.pk == actor.pk:
        raise ValidationError(_(MESSAGE_SELF_RESET))
    if not user.is_active:
        raise ValidationError(_(MESSAGE_INACTIVE))
    if not mail_is_configured():
        raise ValidationError(_(MESSAGE_NO_MAIL))
    if not user.email:
        raise ValidationError(_(MESSAGE_NO_EMAIL_ADDRESS))
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    link = link_for(uid, default_token_generator.make_token(user))
    if is_loopback(link):
        raise ValidationError(_(MESSAGE_LINK_LOOPBACK))
    days = max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)
    record_change(actor=actor, action=AuditAction.UPDATE, instance=user, note=NOTE_RESET_LINK_SENT)
    send_mail(
        _(MESSAGE_RESET_SUBJECT),
        _(MESSAGE_RESET_BODY)
        % {"name": str(user), "username": user.username, "days": days, "link": link},
        None,
        [user.email],
    )
