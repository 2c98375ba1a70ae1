from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sitrantib.accounts.forms import LockoutAuthenticationForm, PasswordChangeForm
from sitrantib.accounts.services import record_password_change

MESSAGE_PASSWORD_CHANGED = gettext_noop("Kata sandi diubah.")


class LockoutLoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LockoutAuthenticationForm
    redirect_authenticated_user = True


class PasswordChange(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = PasswordChangeForm
    success_url = reverse_lazy("regions:home")

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        response = super().form_valid(form)
        record_password_change(user=form.user, actor=form.user)
        messages.success(self.request, _(MESSAGE_PASSWORD_CHANGED))
        return response
