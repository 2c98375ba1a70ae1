"""Forms of accounts: login with lockout and password change, on the project's form base."""

from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from sitrantib.accounts.services import (
    AccountLocked,
    clear_login_failures,
    lockout_key,
    lockout_remaining,
    record_login_failure,
)
from sitrantib.core.forms import BaseForm


class LockoutAuthenticationForm(BaseForm, auth_forms.AuthenticationForm):
    """The login form, refusing a username after repeated failures (see services)."""

    error_messages = {
        **auth_forms.AuthenticationForm.error_messages,
        "invalid_login": _("Nama pengguna atau kata sandi salah."),
        "locked": _("Akun dikunci sementara."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Nama pengguna")
        self.fields["password"].label = _("Kata sandi")

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


class PasswordChangeForm(BaseForm, auth_forms.PasswordChangeForm):
    """Django's password change (old password, new twice, the password rules), project-styled."""
