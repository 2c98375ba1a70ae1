"""A user holding a temporary password changes it before anything else."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

# Paths a user with a temporary password may still open (besides the change page itself).
_ALLOWED_NAMES = ("accounts:password_change", "accounts:logout", "set_language")


class PasswordChangeRequiredMiddleware:
    """Sends a user whose `must_change_password` is set to the password change page.

    Set when an administrator resets the password to a temporary one, or creates the user on the
    web; cleared when the user chooses their own (accounts.services.record_password_change).
    Static files, the logout and the language switch stay open. Sits after the authentication
    middleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self._allowed: tuple[str, ...] | None = None

    def allowed(self) -> tuple[str, ...]:
        if self._allowed is None:
            self._allowed = tuple(reverse(name) for name in _ALLOWED_NAMES)
        return self._allowed

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and getattr(user, "must_change_password", False)
            and request.path not in self.allowed()
            and not request.path.startswith(settings.STATIC_URL or "/static/")
        ):
            return redirect("accounts:password_change")
        return self.get_response(request)
