"""Search-as-you-type choices: the endpoint answers only within the user's scope and at most 20
matches, the field accepts only an id or code the user may choose, the widget is a combobox."""

import json
from typing import Any

import pytest
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import URLPattern, URLResolver, path, reverse
from playwright.sync_api import expect

from sitrantib.core import autocomplete
from sitrantib.core.autocomplete import (
    MAX_RESULTS,
    MESSAGE_INVALID_CHOICE,
    ModelSearchField,
    limit_search_fields,
    register_search,
    search,
    search_source,
)
from sitrantib.core.forms import BaseForm
from sitrantib.core.scoping import scope_of
from sitrantib.regions.enums import VillageKind
from sitrantib.regions.models import Village
from sitrantib.regions.selectors import villages_in_scope

KEY = "uji.desa"


def _villages_for(user: Any) -> Any:
    return villages_in_scope(scope=scope_of(user))


@pytest.fixture(autouse=True)
def searches(monkeypatch: Any) -> None:
    monkeypatch.setattr(autocomplete, "_SOURCES", {})
    register_search(
        KEY,
        queryset_for=_villages_for,
        label=lambda v: f"{v.name} ({v.code})",
        search_fields=("name",),
        code_field="code",
    )


class VillageChoiceForm(BaseForm):
    desa = ModelSearchField(KEY, label="Desa")

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_search_fields(self, user)


def _search(client: Any, user: Any, q: str, key: str = KEY) -> Any:
    client.force_login(user)
    return client.get(reverse("core:search", kwargs={"key": key}), {"q": q})


@pytest.mark.parametrize(
    ("who", "query", "expected"),
    [
        ("admin", "kr", ["Kraton (35.08.07.2002)"]),
        ("operator", "kr", []),
        ("operator", "dar", ["Darungan (35.08.07.2001)"]),
        ("outsider", "kr", []),
        ("outsider", "35.08.07.2002", []),
        ("admin", "35.08.07.2002", ["Kraton (35.08.07.2002)"]),
    ],
)
def test_search_answers_only_within_the_users_scope(world, client, who, query, expected):
    response = _search(client, getattr(world, who), query)

    assert (response.status_code, response["Cache-Control"]) == (200, "no-store")
    assert [item["label"] for item in json.loads(response.content)] == expected


def test_search_answers_ids_and_labels(world, client):
    response = _search(client, world.admin, "Darungan")

    assert json.loads(response.content) == [
        {"id": "35.08.07.2001", "label": "Darungan (35.08.07.2001)"}
    ]


def test_search_returns_at_most_twenty_matches_in_name_order(world, client):
    Village.objects.bulk_create(
        Village(
            code=f"35.08.07.1{n:03d}", name=f"Sumber {n:02d}", district=world.district,
            kind=VillageKind.KELURAHAN,
        )
        for n in range(25)
    )  # fmt: skip

    labels = [item["label"] for item in json.loads(_search(client, world.admin, "sumb").content)]

    assert len(labels) == MAX_RESULTS
    assert labels[0] == "Sumber 00 (35.08.07.1000)"


def test_search_below_the_minimum_length_answers_nothing(world, client):
    assert json.loads(_search(client, world.admin, " k ").content) == []


def test_search_treats_wildcards_as_text(world, client):
    assert json.loads(_search(client, world.admin, "%a").content) == []


def test_search_of_an_unknown_key_is_not_found(world, client):
    assert _search(client, world.admin, "kr", key="uji.tidak-ada").status_code == 404


def test_anonymous_search_meets_the_login(client):
    response = client.get(reverse("core:search", kwargs={"key": KEY}), {"q": "kr"})

    assert (response.status_code, response["Location"].startswith("/akun/masuk/")) == (302, True)


@pytest.mark.parametrize("matches", [1, 3])
def test_search_costs_one_query_however_many_matches(world, django_assert_num_queries, matches):
    Village.objects.bulk_create(
        Village(
            code=f"35.08.07.1{n:03d}", name=f"Sumber {n}", district=world.district,
            kind=VillageKind.KELURAHAN,
        )
        for n in range(matches)
    )  # fmt: skip
    source = search_source(KEY)

    with django_assert_num_queries(1):
        results = search(source, user=world.admin, query="Sumber")

    assert len(results) == matches


@pytest.mark.parametrize(
    ("who", "value", "valid"),
    [
        ("operator", "35.08.07.2001", True),
        ("operator", "35.08.07.2002", False),  # the sibling desa: out of scope
        ("admin", "35.08.07.2002", True),
        ("outsider", "35.08.07.2001", False),
        ("admin", "Kraton", False),  # typed text that was never chosen
        ("admin", "9" * 30, False),
    ],
)
def test_field_accepts_only_a_choice_within_the_users_scope(world, who, value, valid):
    form = VillageChoiceForm({"desa": value}, user=getattr(world, who))

    assert form.is_valid() is valid
    if valid:
        assert form.cleaned_data["desa"] == Village.objects.get(code=value)
    else:
        assert form.errors["desa"] == [MESSAGE_INVALID_CHOICE]


def test_field_not_limited_to_a_user_accepts_nothing(world):
    class Unlimited(BaseForm):
        desa = ModelSearchField(KEY)

    form = Unlimited({"desa": world.village.code})

    assert not form.is_valid()


def test_widget_renders_an_accessible_combobox_showing_the_current_label(world):
    form = VillageChoiceForm(initial={"desa": world.village.code}, user=world.operator)

    html = form["desa"].as_field_group()

    assert '<label class="form-label" for="id_desa">' in html
    for fragment in (
        'role="combobox"',
        'aria-expanded="false"',
        'aria-controls="id_desa_listbox"',
        'aria-autocomplete="list"',
        'id="id_desa_listbox"',
        'role="listbox"',
        'name="desa"',
        'value="35.08.07.2001"',
        'data-label="Darungan (35.08.07.2001)"',
        'data-url="/sistem/cari/uji.desa/"',
        'class="form-control"',
        "core/search-select.js",
    ):
        assert fragment in html, fragment


def test_widget_of_a_refused_value_keeps_what_was_typed(world):
    form = VillageChoiceForm({"desa": "Krat"}, user=world.operator)
    form.is_valid()

    html = form["desa"].as_field_group()

    assert 'value="Krat"' in html
    assert 'data-label=""' in html
    assert "is-invalid" in html


# ---------------------------------------------------------------- in the browser

_PAGE = engines["django"].from_string(
    """{% extends "base.html" %}{% block content %}<form method="post">{% csrf_token %}
    {{ form }}<button type="submit" id="kirim">Kirim</button></form>
    <p id="chosen">{{ chosen }}</p>{% endblock content %}"""
)


def choose_village(request: HttpRequest) -> HttpResponse:
    """A test-only page with the widget (routed by this module's urlpatterns)."""
    form = VillageChoiceForm(request.POST or None, user=request.user)
    chosen = form.cleaned_data["desa"].code if form.is_bound and form.is_valid() else ""
    return HttpResponse(_PAGE.render({"form": form, "chosen": chosen}, request))


def __getattr__(name: str) -> list[URLPattern | URLResolver]:
    """`urlpatterns` of this module (for `@pytest.mark.urls`): the project's and the test page,
    built when first resolved so that collecting these tests does not import every app's URLs."""
    if name != "urlpatterns":
        raise AttributeError(name)
    from config.urls import urlpatterns as project

    return [*project, path("uji/pilih-desa/", choose_village)]


@pytest.mark.browser
@pytest.mark.urls(__name__)
def test_user_types_and_chooses_with_the_keyboard(
    transactional_db, world, page, live_server, login
):
    login(page, world.admin)
    page.goto(f"{live_server.url}/uji/pilih-desa/")
    field = page.locator("#id_desa")

    field.press_sequentially("Kr")
    page.wait_for_selector("#id_desa_listbox [role=option]")
    expanded = field.get_attribute("aria-expanded")
    field.press("ArrowDown")
    active = field.get_attribute("aria-activedescendant")
    field.press("Enter")
    shown = field.input_value()
    with page.expect_navigation():
        page.click("#kirim")

    assert (expanded, active, shown) == ("true", "id_desa_listbox-0", "Kraton (35.08.07.2002)")
    assert page.locator("#chosen").inner_text() == "35.08.07.2002"


@pytest.mark.browser
@pytest.mark.urls(__name__)
def test_escape_closes_the_list_and_an_operator_finds_no_other_desa(
    transactional_db, world, page, live_server, login
):
    login(page, world.operator)
    page.goto(f"{live_server.url}/uji/pilih-desa/")
    field = page.locator("#id_desa")

    field.press_sequentially("Da")
    page.wait_for_selector("#id_desa_listbox [role=option]")
    field.press("Escape")
    closed = (field.get_attribute("aria-expanded"), page.locator("#id_desa_listbox").is_hidden())
    field.fill("")
    field.press_sequentially("Kr")
    # A predicate string would be evaluated in the page, which the content security policy
    # forbids; Playwright's own waiting assertions need no eval.
    expect(page.locator("[data-search-status]")).to_contain_text("Tidak ada")

    assert closed == ("false", True)
    assert page.locator("#id_desa_listbox [role=option]").count() == 0
