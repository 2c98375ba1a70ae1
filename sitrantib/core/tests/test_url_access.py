"""Every URL of the project, walked as an anonymous visitor.

Pages need a login unless they are on PUBLIC_PAGES; API endpoints answer 401/403 unless they are
on PUBLIC_API. A new public page or endpoint is therefore a decision written here, never an
accident of a forgotten decorator (LoginRequiredMiddleware protects every page by default).
"""

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

# Pages anyone may open: the public questionnaire, card verification, published results, the
# citizen report form, health,
# the login page itself, the one-time password link, the language switch and the favicon.
PUBLIC_PAGES = frozenset(
    {
        "favicon",
        "accounts:login",
        "accounts:password_set",
        "set_language",
        "health",
        "linmas_public:verify",
        "linmas_public:",
        "surveys_public:published",
        "surveys_public:questionnaire",
        "surveys_public:thanks",
        "trainings_public:verify",
        # The citizen report form and the status of a report by its code (docs/adr/0082).
        "fieldwork_public:start",
        "fieldwork_public:form",
        "fieldwork_public:status_lookup",
        "fieldwork_public:status",
        # The field forms' service worker and web-app manifest: a browser fetches the manifest
        # without cookies; both hold no data (docs/adr/0084).
        "fieldwork:service_worker",
        "fieldwork:manifest",
        # The indicators a kecamatan chooses to publish (issue 13 point 7, docs/adr/0091).
        "indicators_public:published",
    }
)
# API endpoints anyone may call: the questionnaire's submission endpoint and the API description.
PUBLIC_API = frozenset({"survey-responses", "api-schema", "api-docs"})

# A sample value for each path converter or DRF lookup group.
_SAMPLES = {
    "int": "1",
    "str": "x",
    "slug": "x",
    "path": "x",
    "uuid": "00000000-0000-0000-0000-000000000000",
}
_CONVERTER = re.compile(r"<(?:(?P<kind>\w+):)?(?P<name>\w+)>")
_REGEX_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>[^)]*\)")


def _route_to_url(route: str) -> str:
    url = _REGEX_GROUP.sub(
        lambda m: "35.08.07.2001" if m.group("name") == "code" and "\\d{2}" in route else "1", route
    )
    url = _CONVERTER.sub(lambda m: _SAMPLES.get(m.group("kind") or "str", "x"), url)
    return "/" + url.replace("^", "").replace("$", "").replace("\\", "")


def _walk(
    patterns: list[Any], prefix: str = "", namespace: str | None = None
) -> Iterator[tuple[str, str, Callable[..., Any]]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = (f"{namespace}:" if namespace else "") + (pattern.name or "")
            yield prefix + str(pattern.pattern), name, pattern.callback


ROUTES = sorted(
    {(route, name): callback for route, name, callback in _walk(get_resolver().url_patterns)}
)


def _is_api(route: str) -> bool:
    return route.startswith("api/")


def test_every_view_open_to_anonymous_visitors_is_declared_public() -> None:
    open_pages = {
        name
        for route, name, callback in _walk(get_resolver().url_patterns)
        if not _is_api(route) and not getattr(callback, "login_required", True)
    }
    assert open_pages == PUBLIC_PAGES


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "name"), ROUTES, ids=[f"{n or r}" for r, n in ROUTES])
def test_anonymous_visitor_meets_the_login_unless_the_url_is_public(
    client: Any, route: str, name: str
) -> None:
    url = _route_to_url(route)

    response = client.get(url)

    login = reverse("accounts:login")
    if _is_api(route):
        if name in PUBLIC_API:
            assert response.status_code not in (401, 403), url
        else:
            assert response.status_code in (401, 403), url
    elif name in PUBLIC_PAGES:
        assert not (response.status_code == 302 and response["Location"].startswith(login)), url
        assert response.status_code < 500, url
    else:
        assert response.status_code == 302, url
        assert response["Location"].startswith(login), url
