"""Forms of accounts: login with lockout, password change and reset, and the user form of the
administrators, on the project's form base."""

from typing import Any, cast

from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from sitrantib.accounts.administration import (
    districts_grantable_by,
    grantable_coverages,
    regencies_grantable_by,
)
from sitrantib.accounts.models import User
from sitrantib.accounts.services import (
    LoginRefused,
    login_failed,
    login_succeeded,
    start_login_attempt,
)
from sitrantib.core.autocomplete import ModelSearchField, limit_search_fields
from sitrantib.core.clients import client_address
from sitrantib.core.concurrency import VersionedFormMixin
from sitrantib.core.enums import Coverage
from sitrantib.core.forms import BaseForm, BaseModelForm
from sitrantib.regions.search import (
    SEARCH_INSTITUTIONS,
    SEARCH_REGENCIES,
    SEARCH_VILLAGES,
    offer_choices,
    offer_districts,
)
from sitrantib.regions.selectors import institutions_visible_to


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


class SetPasswordForm(BaseForm, auth_forms.SetPasswordForm):
    """A new password twice (the reset link), project-styled."""


class UserForm(VersionedFormMixin, BaseModelForm):
    """An administrator adds or edits a user: name, contact, role and scope.

    Built for one administrator (`actor`): the kecamatan, kabupaten, desa and institutions offered
    are theirs; the coverage field appears only for an administrator who may grant one.
    The service (accounts.administration) decides again; the form only offers.
    """

    village = ModelSearchField(
        SEARCH_VILLAGES,
        label=_("Desa"),
        required=False,
        help_text=_("Untuk operator desa: ketik sedikitnya dua huruf nama desa, lalu pilih."),
    )

    class Meta:
        model = User
        fields = [
            "username",
            "first_name",
            "last_name",
            "email",
            "phone",
            "role",
            "coverage",
            "regency",
            "district",
            "institution",
        ]
        labels = {
            "username": _("Nama pengguna"),
            "first_name": _("Nama depan"),
            "last_name": _("Nama belakang"),
            "email": _("E-mail"),
        }

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actor = actor
        if self.instance.pk:
            del self.fields["username"]
            first = next(iter(sorted(self.instance.villages.all(), key=lambda v: v.code)), None)
            self.initial.setdefault("village", first.code if first else "")
        limit_search_fields(self, actor)
        fields = self.fields
        fields["role"].required = True
        coverages = grantable_coverages(actor)
        if len(coverages) > 1:
            field = cast(forms.ChoiceField, fields["coverage"])
            field.choices = [(c.value, c.label) for c in Coverage if c.value in coverages]
            # a search beyond a few dozen (a national administrator: every kabupaten)
            offer_choices(
                self, "regency", regencies_grantable_by(actor), search_key=SEARCH_REGENCIES
            )
        else:
            del fields["coverage"], fields["regency"]
        fields["district"].help_text = _("Wajib, kecuali cakupannya kabupaten atau nasional.")
        offer_districts(self, "district", districts_grantable_by(actor))
        fields["institution"].help_text = _("Untuk mitra: instansi yang ia wakili.")
        offer_choices(
            self,
            "institution",
            institutions_visible_to(user=actor).order_by("name", "pk"),
            search_key=SEARCH_INSTITUTIONS,
        )
