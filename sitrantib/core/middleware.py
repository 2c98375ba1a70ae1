from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers


class LanguageMiddleware:
    """Bahasa Indonesia for everyone unless they chose another language with the switch.

    Django's LocaleMiddleware follows the browser's Accept-Language, and most office browsers
    say English; the product speaks the users' language first (docs/adr/0004-language.md).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


# The session key holding when the session's expiry was last pushed forward (epoch seconds).
SESSION_REFRESHED_KEY = "_refreshed_at"


class SessionRefreshMiddleware:
    """Keeps the idle timeout sliding without writing the session on every request.

    Replaces SESSION_SAVE_EVERY_REQUEST, which saved every session on every request. A session
    is saved (and its expiry pushed to now + SESSION_COOKIE_AGE) only when it changed, or when
    its expiry was last pushed more than SITRANTIB_SESSION_REFRESH_SECONDS ago; so a session idle
    for SESSION_COOKIE_AGE still ends (at most that threshold earlier), and a busy user writes
    it at most once per threshold. Sits after SessionMiddleware, whose response step saves.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None:
            return response
        has_cookie = settings.SESSION_COOKIE_NAME in request.COOKIES
        if not (has_cookie or session.modified) or response.status_code == 500:
            return response  # no session to keep alive; SessionMiddleware saves nothing on 500
        refreshed = session.get(SESSION_REFRESHED_KEY)  # loads it (auth already has, usually)
        if session.is_empty():
            return response  # expired or logged out: none is created here
        now = int(timezone.now().timestamp())
        threshold = int(getattr(settings, "SITRANTIB_SESSION_REFRESH_SECONDS", 300))
        if (
            session.modified
            or not isinstance(refreshed, int)
            or not 0 <= now - refreshed < threshold
        ):
            session[SESSION_REFRESHED_KEY] = now  # marks it modified: SessionMiddleware saves it
        return response
