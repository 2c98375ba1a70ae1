"""The URL configuration as the checks see it: every (name, route) walked recursively
(`url_names`), and the URLs neither in `PAGES` nor excluded with a reason (`unlisted_urls`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sitrantib.testing.a11y.pages import EXCLUDED, EXCLUDED_ROUTES, PAGES


def url_names() -> Iterator[tuple[str, str]]:
    """Every (namespaced name, route) of the URL configuration, walked recursively."""
    from django.urls import URLResolver, get_resolver

    def walk(resolver: Any, prefix: str, namespace: str) -> Iterator[tuple[str, str]]:
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                yield from walk(pattern, prefix + str(pattern.pattern), inner)
            else:
                name = pattern.name or ""
                full = f"{namespace}:{name}" if namespace else name
                yield full, prefix + str(pattern.pattern)

    yield from walk(get_resolver(), "", "")


def unlisted_urls() -> list[str]:
    """URL names (or routes of unnamed URLs) neither in PAGES nor excluded with a reason."""
    listed = {p.name for p in PAGES} | set(EXCLUDED)
    missing = []
    for name, route in url_names():
        if route.startswith("api/") or route in EXCLUDED_ROUTES:
            continue
        if name not in listed:
            missing.append(f"{name or '(unnamed)'}  /{route}")
    return missing
