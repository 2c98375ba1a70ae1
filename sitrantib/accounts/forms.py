"""Forms of accounts: login with lockout and password change, on the project's form base."""

from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from sitrantib.accounts.services import (
    LoginRefused,
    login_failed,
    login_succeeded,
    start_login_attempt,
)
from sitrantib.core.clients import client_address
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
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if not (username and password):
            # No password is checked, so nothing is counted (and nothing cleared).
            return super().clean()
        # The attempt is counted before the slow password check, so parallel guesses cannot
        # all slip in before the first failure is recorded (services.start_login_attempt).
        try:
            attempt = start_login_attempt(username=username, ip_address=self._client_ip())
        except LoginRefused as exc:
            raise forms.ValidationError(str(exc), code="locked") from None
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            if refusal := login_failed(attempt=attempt):
                raise forms.ValidationError(str(refusal), code="locked") from None
            raise
        login_succeeded(attempt=attempt)
        return cleaned

    def _client_ip(self) -> str | None:
        if self.request is None:
            return None
        return client_address(self.request.META)


class PasswordChangeForm(BaseForm, auth_forms.PasswordChangeForm):
    """Django's password change (old password, new twice, the password rules), project-styled."""
