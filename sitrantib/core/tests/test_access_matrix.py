"""The access matrix: every URL and API operation, asked as every viewer class (issue 15 B1).

The rules are declared in `sitrantib/testing/access_matrix.py` (docs/dev/access.md). Here:
- every URL name of the URL configuration and every operation of the OpenAPI schema has a rule,
  and every rule names a URL or operation that exists;
- on one scene, each URL (each of its VARIANTS) is asked with GET, and with an empty POST where
  the rule says it accepts writes, as every viewer class; each API operation with its method.
  Every write runs in a savepoint that is rolled back, so no answer depends on an earlier one;
- no answer to a viewer of the kecamatan contains a record of the other kecamatan (FOREIGN),
  and none to the desa operator a member of the other desa (SIBLING_NAMES): lists, searches,
  exports and API lists hold only what the viewer's scope holds. The national administrator
  must see FOREIGN somewhere, so the check cannot pass by finding nothing.
All failures are collected and reported together, one line each.
"""

import copy
import json
import time
from collections.abc import Mapping
from typing import Any

import pytest
from django.db import transaction
from django.test import Client

from sitrantib.testing import access_matrix as am
from sitrantib.testing.access_matrix import ACCEPT, BAD, LOGIN, REDIRECT
from sitrantib.testing.responses import release

_REFUSED = {401, 403, 404, 405}
_TEXT = ("text/", "application/json", "application/geo+json")


def _outcome(response: Any, *, api: bool) -> str:
    """The observed outcome in the vocabulary of access_matrix."""
    status = response.status_code
    if status in (301, 302, 303):
        return LOGIN if "/akun/masuk/" in response["Location"] else REDIRECT
    if api and status == 401:
        return LOGIN
    return str(status)


def _matches(expected: str, response: Any, *, api: bool) -> bool:
    observed = _outcome(response, api=api)
    if expected == ACCEPT:
        return (
            response.status_code not in _REFUSED
            and response.status_code < 500
            and observed != LOGIN
        )
    if expected == BAD and api:
        return response.status_code in (400, 412, 415)
    return observed == expected


class _Asker:
    """One logged-in client per viewer class; every request in a rolled-back savepoint."""

    def __init__(self, scene: Any) -> None:
        self.scene = scene
        self.clients: dict[str, Client] = {}
        for viewer, attr in am.VIEWERS.items():
            client = Client()
            if attr:
                client.force_login(getattr(scene, attr))
            self.clients[viewer] = client
        self.requests = 0
        self.failures: list[str] = []
        self.foreign_seen = 0

    def ask(self, viewer: str, method: str, url: str, body: Any = None) -> Any:
        client = self.clients[viewer]
        cookies = copy.deepcopy(client.cookies)  # a logout must not end the viewer's session
        api = url.startswith("/api/")
        with transaction.atomic():
            if method == "GET":
                response = client.get(url)
            elif api:
                response = client.generic(
                    method,
                    url,
                    json.dumps(body if body is not None else {}),
                    content_type="application/json",
                    headers={"If-Match": f'"{(body or {}).get("version", 1)}"'},
                )
            else:
                response = client.post(url)
            transaction.set_rollback(True)
        content = b"" if response.streaming else response.content
        release(response)
        client.cookies = cookies
        self.requests += 1
        if method == "GET" and response.status_code == 200:
            self._check_leaks(viewer, url, response, content)
        return response

    def _check_leaks(self, viewer: str, url: str, response: Any, content: bytes) -> None:
        if not response.get("Content-Type", "").startswith(_TEXT):
            return  # PDF, XLSX, images: their scope is their view's, checked by status above
        text = content.decode("utf-8", "replace")
        if am.FOREIGN in text:
            if viewer in am.READS_FOREIGN:
                self.foreign_seen += viewer == "national"
            else:
                self.failures.append(f"GET {url} as {viewer}: shows a record of another kecamatan")
        if viewer == "operator":
            for name in am.SIBLING_NAMES:
                if name in text:
                    self.failures.append(f"GET {url} as operator: shows {name} of another desa")

    def check(
        self, method: str, url: str, rule: Mapping[str, str], where: str, body: Any = None
    ) -> None:
        api = url.startswith("/api/")
        for viewer, expected in rule.items():
            response = self.ask(viewer, method, url, body)
            if not _matches(expected, response, api=api):
                self.failures.append(
                    f"{method} {url} as {viewer}: expected {expected}, "
                    f"got {_outcome(response, api=api)}  ({where})"
                )


# ---------------------------------------------------------------------------------------------
# Completeness: nothing without a rule, no rule without its URL.


def test_every_url_has_a_declared_access_rule() -> None:
    missing = []
    for name, route in am.page_url_names():
        targets = am.targets_of(name)
        if not targets:
            missing.append(f"{name}  /{route}: no URL arguments (a11y.PAGES or EXTRA_ARGS)")
        for found in targets:
            if am.rule_for(name, found.label) is None:
                missing.append(f"{name}  /{route}: no Rule")
    assert missing == [], (
        "URLs without a declared access rule; declare them in RULES of "
        "sitrantib/testing/access_matrix.py (docs/dev/access.md):\n" + "\n".join(missing)
    )


def test_every_api_operation_has_a_declared_access_rule() -> None:
    operations = {f"{method} {path}" for method, path in am.api_operations()}

    missing = sorted(operations - set(am.API_RULES))
    stale = sorted(set(am.API_RULES) - operations)

    assert missing == [], (
        "API operations without a declared access rule; declare them in API_RULES of "
        "sitrantib/testing/access_matrix.py (docs/dev/access.md):\n" + "\n".join(missing)
    )
    assert stale == [], f"API_RULES names operations the schema does not have: {stale}"
    resources = {am.api_resource(path) for _method, path in am.api_operations() if "{" in path}
    assert resources <= set(am.API_RECORDS), resources - set(am.API_RECORDS)


def test_rules_name_existing_urls_and_every_viewer_class() -> None:
    names = {name for name, _route in am.page_url_names()}

    stale = [r.name for r in am.RULES if r.name not in names]
    stale += [name for name in am.EXTRA_ARGS if name not in names]
    incomplete = [
        f"{r.name} {r.label}"
        for r in am.RULES
        if set(r.get) != set(am.VIEWERS) or (r.post is not None and set(r.post) != set(am.VIEWERS))
    ]
    incomplete += [op for op, rule in am.API_RULES.items() if set(rule) != set(am.VIEWERS)]

    assert stale == [], f"rules for URL names the URL configuration does not have: {stale}"
    assert incomplete == []


# ---------------------------------------------------------------------------------------------
# The matrix.


def _report(asker: _Asker, what: str, started: float) -> None:
    print(
        f"\naccess matrix, {what}: {asker.requests} requests as {len(am.VIEWERS)} viewer "
        f"classes in {time.monotonic() - started:.1f} s"
    )
    assert asker.failures == [], f"{len(asker.failures)} answers differ from the rules:\n" + (
        "\n".join(asker.failures)
    )


@pytest.mark.sweep
@pytest.mark.django_db
def test_every_page_answers_every_viewer_as_declared(world: Any) -> None:
    started = time.monotonic()
    scene = am.build_matrix_scene(world)
    asker = _Asker(scene)

    for name, _route in am.page_url_names():
        for found in am.targets_of(name):
            rule = am.rule_for(name, found.label)
            assert rule is not None, name
            url = found.url(scene)
            where = f"{name} {found.label}".strip()
            asker.check("GET", url, rule.get, where)
            if rule.post is not None:
                asker.check("POST", url, rule.post, where)

    assert asker.foreign_seen > 0, "the national administrator never saw the other kecamatan"
    _report(asker, "pages", started)


@pytest.mark.sweep
@pytest.mark.django_db
def test_every_api_operation_answers_every_viewer_as_declared(world: Any) -> None:
    started = time.monotonic()
    scene = am.build_matrix_scene(world)
    asker = _Asker(scene)

    for method, path in am.api_operations():
        operation = f"{method} {path}"
        url = am.api_url(path, scene)
        body = None
        if operation in am.API_BODIES:
            source, changes = am.API_BODIES[operation]
            body = asker.ask("admin", "GET", am.api_url(source, scene)).json() if source else {}
            body.update(changes)
        asker.check(method, url, am.API_RULES[operation], operation, body)

    assert asker.foreign_seen > 0, "the national administrator never saw the other kecamatan"
    _report(asker, "API", started)
