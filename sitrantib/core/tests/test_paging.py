"""Key-based paging: every row exactly once, forward and back, in one query without COUNT."""

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from sitrantib.core.models import AuditEntry
from sitrantib.core.paging import KeyPage, encode_cursor, iterate_by_key, page_by_key
from sitrantib.regions.enums import VillageKind
from sitrantib.regions.models import Village

factory = RequestFactory()


def _villages(district: Any, count: int) -> list[Village]:
    """`count` villages whose names repeat every five, so sort values are often equal."""
    return [
        Village.objects.create(
            code=f"{district.code}.{3000 + i}",
            name=f"Desa {'ABCDE'[i % 5]}",
            district=district,
            kind=VillageKind.DESA,
        )
        for i in range(count)
    ]


def _get(url: str = "/daftar/", **params: str) -> Any:
    return factory.get(url, params)


def _follow(url: str | None) -> Any:
    assert url is not None
    parts = urlsplit(url)
    return factory.get("/daftar/", {k: v[0] for k, v in parse_qs(parts.query).items()})


def _walk_forward(queryset: Any, ordering: tuple[str, ...], size: int) -> list[KeyPage]:
    pages = [page_by_key(_get(), queryset, ordering=ordering, page_size=size)]
    while pages[-1].has_next:
        pages.append(
            page_by_key(_follow(pages[-1].next_url), queryset, ordering=ordering, page_size=size)
        )
    return pages


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("ordering", "key"),
    [
        (("name",), lambda v: (v.name, v.code)),
        (("-name", "code"), lambda v: (-ord(v.name[-1]), v.code)),
        (("name", "-pk"), lambda v: (v.name, [-ord(c) for c in v.code])),
    ],
)
def test_pages_forward_show_every_row_once_in_order(world: Any, ordering: Any, key: Any) -> None:
    _villages(world.district, 23)
    queryset = Village.objects.filter(name__startswith="Desa ")
    expected = sorted(queryset, key=key)

    pages = _walk_forward(queryset, ordering, 4)

    assert [v.code for p in pages for v in p.rows] == [v.code for v in expected]
    assert [len(p) for p in pages] == [4, 4, 4, 4, 4, 3]
    assert pages[0].previous_url is None
    assert all(p.has_previous for p in pages[1:])


@pytest.mark.django_db
def test_pages_backward_give_the_same_pages(world: Any) -> None:
    _villages(world.district, 23)
    queryset = Village.objects.filter(name__startswith="Desa ")
    forward = _walk_forward(queryset, ("name",), 4)

    backward = [forward[-1]]
    while backward[-1].has_previous:
        backward.append(
            page_by_key(
                _follow(backward[-1].previous_url), queryset, ordering=("name",), page_size=4
            )
        )

    assert [[v.code for v in p] for p in reversed(backward)] == [
        [v.code for v in p] for p in forward
    ]
    assert backward[-1].previous_url is None
    assert backward[-1].has_next


@pytest.mark.django_db
def test_nullable_ordering_column_sorts_nulls_last_both_ways(world: Any) -> None:
    for i in range(11):
        AuditEntry.objects.create(
            actor=[world.admin, world.camat, None][i % 3],
            action="update",
            object_type="uji.data",
            object_id=str(i),
            object_repr=f"data {i}",
        )
    queryset = AuditEntry.objects.all()
    entries = list(queryset)
    with_actor = [e for e in entries if e.actor_id is not None]
    without = sorted((e for e in entries if e.actor_id is None), key=lambda e: e.pk)
    ascending = sorted(with_actor, key=lambda e: (e.actor_id, e.pk)) + without
    descending = sorted(with_actor, key=lambda e: (-e.actor_id, e.pk)) + without

    up = _walk_forward(queryset, ("actor", "pk"), 3)
    down = _walk_forward(queryset, ("-actor", "pk"), 3)
    back = [up[-1]]
    while back[-1].has_previous:
        back.append(
            page_by_key(
                _follow(back[-1].previous_url), queryset, ordering=("actor", "pk"), page_size=3
            )
        )

    assert [e.pk for p in up for e in p] == [e.pk for e in ascending]
    assert [e.pk for p in down for e in p] == [e.pk for e in descending]
    assert [e.pk for p in reversed(back) for e in p] == [e.pk for e in ascending]


@pytest.mark.django_db
def test_a_deep_page_is_one_query_without_count(world: Any) -> None:
    _villages(world.district, 60)
    queryset = Village.objects.filter(name__startswith="Desa ")
    pages = _walk_forward(queryset, ("name",), 5)
    deep = _follow(pages[9].next_url)

    with CaptureQueriesContext(connection) as queries:
        page = page_by_key(deep, queryset, ordering=("name",), page_size=5)
        rows = list(page)

    assert [v.code for v in rows] == [v.code for v in pages[10]]
    assert len(queries) == 1
    sql = queries[0]["sql"].upper()
    assert "COUNT(" not in sql
    assert "OFFSET" not in sql


@pytest.mark.django_db
@pytest.mark.parametrize(("ordering", "bound"), [(("name",), ">="), (("-name",), "<=")])
def test_a_deep_page_of_a_column_without_nulls_is_entered_at_its_key(
    world: Any, ordering: tuple[str, ...], bound: str
) -> None:
    # Issue 16: "name > x OR name IS NULL OR (name = x AND id > y)" can only be filtered row by
    # row from the start of an index; with "name >= x" first the database seeks to the key
    # (the 100,000th member of the country: 61 ms of SQL -> 4 ms).
    _villages(world.district, 12)
    queryset = Village.objects.filter(name__startswith="Desa ")
    second = _follow(_walk_forward(queryset, ordering, 5)[0].next_url)

    with CaptureQueriesContext(connection) as queries:
        list(page_by_key(second, queryset, ordering=ordering, page_size=5))

    where = queries[0]["sql"].split(" WHERE ", 1)[1]
    assert f'"name" {bound} ' in where
    assert "IS NULL" not in where
    assert "NULLS" not in where  # a plain order, which an index serves both ways


@pytest.mark.django_db
@pytest.mark.parametrize(
    "cursor",
    [
        "bm90IGpzb24",  # "not json"
        "!!!",
        encode_cursor("n", ["Desa A"]),  # wrong number of key values
        encode_cursor("x", ["Desa A", "35.08.07.3001"]),  # unknown direction
        encode_cursor("n", [["nested"], "35.08.07.3001"]),
        encode_cursor("n", ["Desa A", None]),  # no primary key
        "A" * 5000,
    ],
)
def test_a_tampered_cursor_shows_the_first_page(world: Any, cursor: str) -> None:
    _villages(world.district, 8)
    queryset = Village.objects.filter(name__startswith="Desa ")
    first = page_by_key(_get(), queryset, ordering=("name",), page_size=3)

    page = page_by_key(_get(cursor=cursor), queryset, ordering=("name",), page_size=3)

    assert [v.code for v in page] == [v.code for v in first]
    assert page.previous_url is None


@pytest.mark.django_db
def test_a_cursor_with_a_value_the_column_cannot_hold_shows_the_first_page(world: Any) -> None:
    for i in range(4):
        AuditEntry.objects.create(
            action="update", object_type="uji.data", object_id=str(i), object_repr="x"
        )
    cursor = encode_cursor("n", ["bukan tanggal", 1])

    page = page_by_key(_get(cursor=cursor), AuditEntry.objects.all(), ordering=("at",), page_size=2)

    assert len(page) == 2
    assert page.previous_url is None


@pytest.mark.django_db
def test_links_keep_the_other_query_parameters(world: Any) -> None:
    _villages(world.district, 5)
    queryset = Village.objects.filter(name__startswith="Desa ")

    page = page_by_key(_get(q="desa", kind="desa"), queryset, ordering=("name",), page_size=2)
    following = page_by_key(_follow(page.next_url), queryset, ordering=("name",), page_size=2)

    assert page.next_url is not None
    query = parse_qs(urlsplit(page.next_url).query)
    assert (query["q"], query["kind"]) == (["desa"], ["desa"])
    assert list(query) == ["q", "kind", "cursor"]
    assert following.previous_url is not None
    assert parse_qs(urlsplit(following.previous_url).query)["q"] == ["desa"]


@pytest.mark.django_db
def test_an_empty_list_has_no_links(world: Any) -> None:
    page = page_by_key(_get(), Village.objects.none(), ordering=("name",))

    assert (page.rows, page.next_url, page.previous_url) == ([], None, None)


@pytest.mark.django_db
def test_pager_renders_links_with_indonesian_labels(world: Any) -> None:
    _villages(world.district, 5)
    queryset = Village.objects.filter(name__startswith="Desa ")
    first = page_by_key(_get(), queryset, ordering=("name",), page_size=2)
    second = page_by_key(_follow(first.next_url), queryset, ordering=("name",), page_size=2)

    html = render_to_string("core/includes/pager.html", {"page": second})

    assert "Sebelumnya" in html
    assert "Berikutnya" in html
    assert f'href="{second.previous_url}"' in html.replace("&amp;", "&")
    assert 'rel="next"' in html


@pytest.mark.django_db
def test_pager_on_the_first_page_disables_previous(world: Any) -> None:
    _villages(world.district, 5)
    queryset = Village.objects.filter(name__startswith="Desa ")
    first = page_by_key(_get(), queryset, ordering=("name",), page_size=2)

    html = render_to_string("core/includes/pager.html", {"page": first})

    assert 'rel="prev"' not in html
    assert 'aria-disabled="true">« Sebelumnya' in html


@pytest.mark.django_db
def test_pager_is_hidden_on_a_single_page_and_translated(world: Any) -> None:
    _villages(world.district, 5)
    queryset = Village.objects.filter(name__startswith="Desa ")
    single = page_by_key(_get(), queryset, ordering=("name",), page_size=10)
    first = page_by_key(_get(), queryset, ordering=("name",), page_size=2)

    with translation.override("en"):
        html = render_to_string("core/includes/pager.html", {"page": first})

    assert render_to_string("core/includes/pager.html", {"page": single}).strip() == ""
    assert "Next" in html
    assert "Previous" in html


@pytest.mark.django_db
def test_iterate_by_key_yields_every_row_in_chunks(world: Any) -> None:
    _villages(world.district, 10)
    queryset = Village.objects.filter(name__startswith="Desa ")

    with CaptureQueriesContext(connection) as queries:
        codes = [v.code for v in iterate_by_key(queryset, chunk=3)]

    assert codes == sorted(v.code for v in queryset)
    assert len(queries) == 4
    assert all("OFFSET" not in q["sql"].upper() for q in queries)


@pytest.mark.django_db
def test_iterate_by_key_follows_a_given_ordering(world: Any) -> None:
    _villages(world.district, 10)
    queryset = Village.objects.filter(name__startswith="Desa ")

    names = [(v.name, v.code) for v in iterate_by_key(queryset, chunk=4, ordering=("-name",))]

    assert names == sorted(
        ((v.name, v.code) for v in queryset), key=lambda t: (-ord(t[0][-1]), t[1])
    )
