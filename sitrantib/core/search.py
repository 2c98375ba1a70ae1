"""The site search: one box in the header, results grouped by what they are.

Core knows no app. Each app registers a group from a module named `site_search.py` (imported at
start-up by core's AppConfig)::

    register_site_search("linmas.members", title=_("Anggota LINMAS"), find=find_members, order=10)

`find(request, scope, query, limit)` returns a `SearchFound`: at most `limit + 1` hits from the
user's scope (the extra one only tells that there are more) in a bounded number of queries (one
per group: no query per row), and the link to the app's own list filtered by the same text. The
page `/sistem/cari/?q=` shows each group's first `GROUP_SIZE` hits and that link (docs/adr/0053).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import Promise
from django.views.decorators.http import require_GET

from sitrantib.core.autocomplete import clean_query
from sitrantib.core.scoping import Scope, scope_of

MIN_QUERY_LENGTH = 2
GROUP_SIZE = 10


@dataclass(frozen=True)
class SearchHit:
    label: str
    url: str
    detail: str = ""


@dataclass(frozen=True)
class SearchFound:
    """What one group found: its hits, the filtered list behind them, and a note for the user
    (for example that a NIK is searched only by those who may see it)."""

    hits: list[SearchHit] = field(default_factory=list)
    more_url: str = ""
    note: str = ""


Finder = Callable[[HttpRequest, Scope, str, int], SearchFound | None]


@dataclass(frozen=True)
class SearchGroup:
    key: str
    title: str
    hits: list[SearchHit]
    more_url: str
    has_more: bool
    note: str = ""

    @property
    def slug(self) -> str:
        """For the page's ids: "linmas.members" -> "linmas-members"."""
        return self.key.replace(".", "-").replace("_", "-")


@dataclass(frozen=True)
class _Provider:
    key: str
    title: str | Promise
    find: Finder
    order: int


_PROVIDERS: dict[str, _Provider] = {}


def register_site_search(key: str, *, title: str | Promise, find: Finder, order: int = 100) -> None:
    """Add a group of results to the site search (once per key). `title` may be lazy text."""
    provider = _Provider(key=key, title=title, find=find, order=order)
    existing = _PROVIDERS.get(key)
    if existing is not None and existing != provider:
        raise ValueError(f"Site search {key!r} is registered twice")
    _PROVIDERS[key] = provider


def site_search(request: HttpRequest, query: str) -> list[SearchGroup]:
    """Every group's hits for `query` within the user's scope (nothing below two characters)."""
    query = clean_query(query)
    scope = scope_of(request.user)
    if len(query) < MIN_QUERY_LENGTH or scope.is_empty:
        return []
    providers = sorted(enumerate(_PROVIDERS.values()), key=lambda p: (p[1].order, p[0]))
    groups = []
    for _index, provider in providers:
        found = provider.find(request, scope, query, GROUP_SIZE)
        if found is None:
            continue
        groups.append(
            SearchGroup(
                key=provider.key,
                title=str(provider.title),
                hits=found.hits[:GROUP_SIZE],
                more_url=found.more_url,
                has_more=len(found.hits) > GROUP_SIZE,
                note=found.note,
            )
        )
    return groups


@require_GET
@login_required
def search_page(request: HttpRequest) -> HttpResponse:
    """`/sistem/cari/?q=`: members, meetings and desa the user may see, grouped."""
    query = clean_query(request.GET.get("q", ""))
    groups = site_search(request, query)
    response = render(
        request,
        "core/search.html",
        {
            "query": query,
            "groups": groups,
            "too_short": 0 < len(query) < MIN_QUERY_LENGTH,
            "found": any(g.hits for g in groups),
            "min_length": MIN_QUERY_LENGTH,
        },
    )
    # Results may hold names and (for those allowed) a NIK: never kept by a shared cache.
    response["Cache-Control"] = "no-store"
    return response
