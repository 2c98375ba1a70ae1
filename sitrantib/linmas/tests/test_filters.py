"""The register's one filterset, as the member list page, the exports and the API use it."""

import datetime as dt

import pytest
from django.utils import translation

from sitrantib.linmas.filters import MemberFilter
from sitrantib.linmas.models import Member, Squad

from .conftest import make_member


@pytest.fixture
def register(world):
    squad = Squad.objects.create(village=world.village, name="Regu 1")
    future = dt.date.today() + dt.timedelta(days=365)
    return {
        "a": make_member(
            world.village, name="Ani", serial=1, squad=squad, decree_number="SK/1",
            card_number="K1", card_valid_until=future, position="komandan_regu",
        ),
        "b": make_member(world.village, name="Budi", serial=2, status="nonaktif"),
        "c": make_member(world.sibling_village, name="Citra", serial=3),
        "squad": squad,
    }  # fmt: skip


def _names(data):
    filterset = MemberFilter(data, queryset=Member.objects.order_by("name"))
    assert filterset.is_valid(), filterset.errors
    return [m.name for m in filterset.qs]


def test_filter_by_each_field(world, register):
    assert [
        _names({"village": world.sibling_village.code}),
        _names({"desa": world.sibling_village.code}),
        _names({"status": "nonaktif"}),
        _names({"position": "komandan_regu"}),
        _names({"squad": register["squad"].pk}),
        _names({"decree": "ada"}),
        _names({"decree": "belum"}),
        _names({"card": "berlaku"}),
        _names({"card": "tidak"}),
        _names({"q": "ud"}),
    ] == [
        ["Citra"], ["Citra"], ["Budi"], ["Ani"], ["Ani"], ["Ani"], ["Budi", "Citra"], ["Ani"],
        ["Budi", "Citra"], ["Budi"],
    ]  # fmt: skip


@pytest.mark.parametrize(
    "data",
    [{"squad": "1" * 25}, {"squad": "abc"}, {"status": "hilang"}, {"q": "x" * 200}],
)
def test_filter_out_of_range_values_are_form_errors(world, data):
    filterset = MemberFilter(data, queryset=Member.objects.all())
    assert (filterset.is_valid(), list(filterset.errors)) == (False, list(data))


def test_member_list_page_with_25_digit_squad_shows_error_and_no_rows(client, world, register):
    client.force_login(world.admin)
    response = client.get("/linmas/anggota/", {"squad": "9" * 25})
    assert (response.status_code, response.context["page"].rows, "filter-errors" in
            response.content.decode()) == (200, [], True)  # fmt: skip


def test_member_list_page_filters_like_the_api(client, world, register):
    client.force_login(world.admin)
    page = client.get("/linmas/anggota/", {"status": "nonaktif"}).context["page"]
    api = client.get("/api/v1/linmas-members/", {"status": "nonaktif"}).json()["results"]
    assert [m.name for m in page.rows] == [m["name"] for m in api] == ["Budi"]


def test_api_members_with_25_digit_squad_is_400(client, world):
    client.force_login(world.admin)
    response = client.get("/api/v1/linmas-members/", {"squad": "9" * 25})
    assert (response.status_code, list(response.json()["errors"])) == (400, ["squad"])


def test_export_with_invalid_filter_goes_back_to_list_with_message(client, world):
    client.force_login(world.admin)
    response = client.get("/linmas/ekspor/register.xlsx", {"squad": "9" * 25})
    assert (response.status_code, response["Location"].startswith("/linmas/anggota/")) == (
        302,
        True,
    )


def test_filter_help_texts_are_translated():
    with translation.override("en"):
        texts = [str(MemberFilter.base_filters[n].extra["help_text"]) for n in ("village", "desa")]
    assert texts == ["Village code", "Village code (same as village)"]
