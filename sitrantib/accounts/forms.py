from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from sitrantib.accounts.services import (
    AccountLocked,
    clear_login_failures,
    lockout_key,
    lockout_remaining,
    record_login_failure,
)


class LockoutAuthenticationForm(AuthenticationForm):
    """The login form, refusing a username after repeated failures (see services)."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Nama pengguna atau kata sandi salah."),
        "locked": _("Akun dikunci sementara."),
    }

    def clean(self) -> dict[str, Any]:
        # The name Django will authenticate: NFKC-normalised, so a full-width "w" is a "w" and
        # no Unicode variant of a locked name gets fresh guesses.
        username = lockout_key(self.fields["username"].to_python(self.data.get("username") or ""))
        if username:
            minutes = lockout_remaining(username=username)
            if minutes:
                raise forms.ValidationError(str(AccountLocked(minutes)), code="locked")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            if username:
                minutes = record_login_failure(username=username, ip_address=self._client_ip())
                if minutes:
                    raise forms.ValidationError(
                        str(AccountLocked(minutes)), code="locked"
                    ) from None
            raise
        clear_login_failures(username=username)
        return cleaned

    def _client_ip(self) -> str | None:
        if self.request is None:
            return None
        return self.request.META.get("REMOTE_ADDR")
