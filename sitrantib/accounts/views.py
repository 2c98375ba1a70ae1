"""Pages of accounts: login, password change and reset, and the user pages of administrators
(docs/adr/0051-user-management-on-the-web.md)."""

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods, require_POST

from sitrantib.accounts import administration, password_resets
from sitrantib.accounts.filters import UserFilter
from sitrantib.accounts.forms import (
    LockoutAuthenticationForm,
    PasswordChangeForm,
    SetPasswordForm,
    UserForm,
)
from sitrantib.accounts.models import User
from sitrantib.accounts.selectors import user_list_for
from sitrantib.accounts.services import record_password_change
from sitrantib.core.concurrency import StaleVersion, form_stale
from sitrantib.core.filters import filter_for_page
from sitrantib.core.links import public_url
from sitrantib.core.paging import page_by_key

MESSAGE_PASSWORD_CHANGED = gettext_noop("Kata sandi diubah.")
MESSAGE_PASSWORD_SET = gettext_noop("Kata sandi baru tersimpan. Silakan masuk dengannya.")
MESSAGE_USER_SAVED = gettext_noop("Data pengguna %(user)s disimpan.")
MESSAGE_USER_UNCHANGED = gettext_noop("Tidak ada yang berubah.")
MESSAGE_DEACTIVATED = gettext_noop("%(user)s dinonaktifkan; ia tidak dapat masuk lagi.")
MESSAGE_REACTIVATED = gettext_noop("%(user)s diaktifkan kembali.")
MESSAGE_LINK_SENT = gettext_noop(
    "Tautan untuk mengatur kata sandi dikirim ke %(email)s. Tautan hanya dapat dipakai sekali."
)


class LockoutLoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LockoutAuthenticationForm
    redirect_authenticated_user = True


class PasswordChange(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = PasswordChangeForm
    success_url = reverse_lazy("regions:home")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["must_change"] = getattr(self.request.user, "must_change_password", False)
        return context

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        record_password_change(user=form.user, actor=form.user)
        messages.success(self.request, _(MESSAGE_PASSWORD_CHANGED))
        return response


class PasswordSet(auth_views.PasswordResetConfirmView):
    """The page a one-time e-mail link opens: a new password twice (public, token-checked)."""

    template_name = "accounts/password_set.html"
    form_class = SetPasswordForm
    success_url = reverse_lazy("accounts:login")
    post_reset_login = False

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        record_password_change(user=form.user, actor=form.user)
        messages.success(self.request, _(MESSAGE_PASSWORD_SET))
        return response


# --- The user pages of administrators ------------------------------------------------------


def _actor(request: HttpRequest) -> User:
    return cast(User, request.user)


def _require_manager(request: HttpRequest) -> None:
    if not administration.can_manage_users(request.user):
        raise PermissionDenied


def user_for(request: HttpRequest, pk: int) -> User:
    """The user `pk` as the administrator manages them; 404 outside their reach."""
    _require_manager(request)
    return get_object_or_404(user_list_for(user=request.user).prefetch_related("villages"), pk=pk)


def _add_errors(form: BaseForm, exc: ValidationError) -> None:
    """A service's refusal beside its field (or on top when the form has no such field)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            target = "village" if field == "villages" else field
            form.add_error(target if target in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _values(form: UserForm) -> dict[str, Any]:
    return {
        name: form.cleaned_data[name]
        for name in administration.EDITABLE_FIELDS
        if name in form.cleaned_data
    }


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET"])
@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    """The users an administrator manages, by username, with role, scope and last login."""
    _require_manager(request)
    filterset, users = filter_for_page(
        UserFilter, request=request, queryset=user_list_for(user=request.user)
    )
    page = page_by_key(request, users.prefetch_related("villages"), ordering=("username",))
    return render(request, "accounts/user_list.html", {"filter": filterset, "page": page})


@require_http_methods(["GET", "POST"])
@login_required
def user_create(request: HttpRequest) -> HttpResponse:
    """Add a user; the temporary password is shown once, on the answer to the post."""
    _require_manager(request)
    form = UserForm(request.POST or None, actor=_actor(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        village = data.get("village")
        try:
            user, password = administration.add_user(
                actor=_actor(request),
                username=data["username"],
                role=data["role"],
                district=data.get("district"),
                villages=[village] if village else [],
                institution=data.get("institution"),
                first_name=data.get("first_name") or "",
                last_name=data.get("last_name") or "",
                email=data.get("email") or "",
                phone=data.get("phone") or "",
                coverage=data.get("coverage") or "",
                regency=data.get("regency"),
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            return _no_store(
                render(
                    request,
                    "accounts/user_password.html",
                    {"managed": user, "password": password, "created": True},
                )
            )
    return render(request, "accounts/user_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@login_required
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a user's name, contact, role and scope; activate, deactivate, reset the password."""
    managed = user_for(request, pk)
    form = UserForm(request.POST or None, instance=managed, actor=_actor(request))
    if request.method == "POST" and form.is_valid():
        village = form.cleaned_data.get("village")
        current = list(managed.villages.all())
        villages = current if village in current and len(current) > 1 else [village]
        fresh = User.objects.get(pk=managed.pk)
        try:
            changed = administration.update_user(
                user=fresh,
                actor=_actor(request),
                values=_values(form),
                villages=[v for v in villages if v is not None],
                expected_version=form.expected_version,
            )
        except StaleVersion as exc:
            form_stale(form, exc)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            if changed:
                messages.success(request, _(MESSAGE_USER_SAVED) % {"user": fresh})
            else:
                messages.info(request, _(MESSAGE_USER_UNCHANGED))
            return redirect("accounts:user_edit", pk=managed.pk)
    return render(
        request,
        "accounts/user_form.html",
        {
            "form": form,
            "managed": managed,
            "mail_ready": password_resets.mail_is_configured() and bool(managed.email),
            "is_self": managed.pk == request.user.pk,
        },
    )


@require_POST
@login_required
def user_set_active(request: HttpRequest, pk: int) -> HttpResponse:
    """Deactivate or reactivate (`active` = 1/0), checked against the version on the page."""
    managed = user_for(request, pk)
    active = request.POST.get("active") == "1"
    version = request.POST.get("version", "")
    try:
        administration.set_user_active(
            user=managed,
            actor=_actor(request),
            active=active,
            expected_version=int(version) if version.isdigit() else None,
        )
    except StaleVersion as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        message = MESSAGE_REACTIVATED if active else MESSAGE_DEACTIVATED
        messages.success(request, _(message) % {"user": managed})
    return redirect("accounts:user_edit", pk=managed.pk)


@require_POST
@login_required
def user_reset_password(request: HttpRequest, pk: int) -> HttpResponse:
    """Reset a password: `how=link` e-mails a one-time link, otherwise a temporary password is
    shown once on the answer (never stored in a message or a URL)."""
    managed = user_for(request, pk)
    try:
        if request.POST.get("how") == "link":

            def link_for(uid: str, token: str) -> str:
                path = reverse("accounts:password_set", kwargs={"uidb64": uid, "token": token})
                return public_url(request, path)

            password_resets.send_password_link(
                user=managed, actor=_actor(request), link_for=link_for
            )
            messages.success(request, _(MESSAGE_LINK_SENT) % {"email": managed.email})
            return redirect("accounts:user_edit", pk=managed.pk)
        password = password_resets.reset_password_temporary(user=managed, actor=_actor(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("accounts:user_edit", pk=managed.pk)
    return _no_store(
        render(
            request,
            "accounts/user_password.html",
            {"managed": managed, "password": password, "created": False},
        )
    )
