from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy

from sitrantib.accounts.forms import LockoutAuthenticationForm


class LockoutLoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LockoutAuthenticationForm
    redirect_authenticated_user = True


class PasswordChange(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("regions:home")
