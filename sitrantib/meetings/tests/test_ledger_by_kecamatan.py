"""The ledger and the indicator at a wide scope (issue 16 A1, A2): a summary per kecamatan, and one
kecamatan's items and owners when `?kecamatan=` chooses it."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sitrantib.meetings import services
from sitrantib.meetings.tests.factories import make_meeting
from sitrantib.regions.benchdata import make_region_tree
from sitrantib.testing.factories import make_institution
from sitrantib.testing.responses import release

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()
LONG_AGO = TODAY - dt.timedelta(days=40)


def item_in(district, owner, actor, *, description, due=TODAY):
    return services.create_action_item(
        meeting=None,
        district=district,
        origin_date=LONG_AGO - dt.timedelta(days=10),
        description=description,
        owner_institution=owner,
        due_date=due,
        actor=actor,
    )


@pytest.fixture
def two_kecamatan(world):
    koramil_lain = make_institution(
        district=world.other_district, kind="koramil", name="Koramil Lain"
    )
    here = item_in(world.district, world.polsek, world.admin, description="Patroli di sini")
    late = item_in(
        world.district, world.polsek, world.admin, description="Ronda terlambat", due=LONG_AGO
    )
    there = item_in(
        world.other_district, koramil_lain, world.national, description="Patroli di sana"
    )
    return {"here": here, "late": late, "there": there, "koramil_lain": koramil_lain}


def test_national_ledger_without_kecamatan_sums_per_kecamatan_and_lists_no_items(
    client, world, two_kecamatan
):
    client.force_login(world.national)

    response = client.get(reverse("meetings:home"))

    assert response.status_code == 200
    assert "items" not in response.context
    assert "tallies" not in response.context
    rows = {row.code: (row.open, row.overdue, row.done) for row in response.context["summary"]}
    assert rows == {world.district.code: (2, 1, 0), world.other_district.code: (1, 0, 0)}
    html = response.content.decode()
    assert "Patroli di sini" not in html
    assert f'href="?kecamatan={world.district.code}"' in html
    assert 'id="ledger-table"' not in html
    release(response)


def test_national_ledger_of_one_kecamatan_lists_its_items_and_owners_only(
    client, world, two_kecamatan
):
    client.force_login(world.national)

    response = client.get(reverse("meetings:home"), {"kecamatan": world.district.code})

    assert response.status_code == 200
    shown = {item.pk for item in response.context["items"]}
    assert shown == {two_kecamatan["here"].pk, two_kecamatan["late"].pk}
    owners = set(response.context["form"].fields["owner_institution"].queryset)
    assert owners
    assert {o.district_id for o in owners} == {world.district.code}
    assert two_kecamatan["koramil_lain"] not in owners
    assert {t.name for t in response.context["tallies"]} == {world.polsek.name}
    html = response.content.decode()
    assert "Patroli di sana" not in html
    assert "Koramil Lain" not in html
    assert f'name="kecamatan" value="{world.district.code}"' in html
    release(response)


def test_owner_filter_within_a_chosen_kecamatan(client, world, two_kecamatan):
    client.force_login(world.national)

    foreign_owner = client.get(
        reverse("meetings:home"),
        {"kecamatan": world.district.code, "owner_institution": two_kecamatan["koramil_lain"].pk},
    )

    assert "owner_institution" in foreign_owner.context["form"].errors
    assert list(foreign_owner.context["items"]) == []
    release(foreign_owner)


@pytest.mark.parametrize("wanted", ["35.08.06", "99.99.99", "x" * 300])
def test_kecamatan_outside_the_scope_is_refused(client, world, two_kecamatan, wanted):
    client.force_login(world.admin)  # the admin of 35.08.07 only

    ledger = client.get(reverse("meetings:home"), {"kecamatan": wanted})
    indicator = client.get(reverse("meetings:indicator"), {"kecamatan": wanted})

    assert (ledger.status_code, indicator.status_code) == (404, 404)
    assert b"Patroli di sana" not in ledger.content


def test_kecamatan_user_page_is_unchanged(client, world, two_kecamatan):
    client.force_login(world.admin)

    plain = client.get(reverse("meetings:home"))
    own = client.get(reverse("meetings:home"), {"kecamatan": world.district.code})

    assert "summary" not in plain.context
    assert [i.pk for i in plain.context["items"]] == [i.pk for i in own.context["items"]]
    assert {i.pk for i in plain.context["items"]} == {
        two_kecamatan["here"].pk,
        two_kecamatan["late"].pk,
    }
    assert 'id="chosen-kecamatan"' not in plain.content.decode()
    release(plain)
    release(own)


def test_regency_user_gets_the_summary_of_its_kecamatan(client, world, two_kecamatan):
    client.force_login(world.regency_admin)

    response = client.get(reverse("meetings:home"))

    codes = [row.code for row in response.context["summary"]]
    assert world.district.code in codes
    assert all(code.startswith(world.district.code[:5]) for code in codes)
    release(response)


def _summary_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    release(response)
    return len(queries)


def test_summary_query_count_does_not_grow_with_the_kecamatan(client, world, two_kecamatan):
    client.force_login(world.national)
    ledger, indicator = reverse("meetings:home"), reverse("meetings:indicator")
    client.get(ledger)  # warm the session and caches
    with_two = (_summary_queries(client, ledger), _summary_queries(client, indicator))
    for code in ("35.08.01", "35.08.02", "35.08.03"):
        district = make_region_tree(district_code=code)
        owner = make_institution(district=district, kind="polsek", name=f"Polsek {code}")
        item_in(district, owner, world.national, description=f"Patroli {code}")

    with_five = (_summary_queries(client, ledger), _summary_queries(client, indicator))

    response = client.get(ledger)
    assert len(response.context["summary"]) == 5
    release(response)
    assert with_five == with_two


def test_national_indicator_without_kecamatan_reads_a_summary_per_kecamatan(
    client, world, two_kecamatan
):
    client.force_login(world.national)

    response = client.get(reverse("meetings:indicator"))

    assert response.status_code == 200
    assert response.context["summary_mode"] is True
    assert "rows" not in response.context
    by_district = {row.code: row.due for row in response.context["by_district"]}
    assert by_district == {world.district.code: 0, world.other_district.code: 0}
    assert "Patroli di sini" not in response.content.decode()
    release(response)


def test_national_indicator_of_one_kecamatan_lists_its_items_only(client, world):
    owner_there = make_institution(district=world.other_district, kind="koramil")
    meeting_here = make_meeting(world)
    meeting_there = make_meeting(
        world, district=world.other_district, invited=[owner_there], actor=world.national
    )
    here = services.create_action_item(
        meeting=meeting_here,
        description="Ronda rapat sini",
        owner_institution=world.polsek,
        due_date=TODAY,
        actor=world.admin,
    )
    services.create_action_item(
        meeting=meeting_there,
        description="Ronda rapat sana",
        owner_institution=owner_there,
        due_date=TODAY,
        actor=world.national,
    )
    client.force_login(world.national)

    summary = client.get(reverse("meetings:indicator"))
    one = client.get(reverse("meetings:indicator"), {"kecamatan": world.district.code})

    assert {r.code: r.due for r in summary.context["by_district"]} == {
        world.district.code: 1,
        world.other_district.code: 1,
    }
    assert summary.context["counts"].due == 2
    assert [r.pk for r in one.context["rows"]] == [here.pk]
    assert one.context["counts"].due == 1
    assert {r.name for r in one.context["by_institution"]} == {world.polsek.name}
    assert "Ronda rapat sana" not in one.content.decode()
    release(summary)
    release(one)


@pytest.mark.parametrize("name", ["home", "indicator"])
def test_wide_scope_kecamatan_outside_it_is_a_message_beside_the_field(
    client, world, two_kecamatan, name
):
    make_region_tree(district_code="36.01.01")  # another kabupaten: outside the regency scope
    client.force_login(world.regency_admin)

    response = client.get(reverse(f"meetings:{name}"), {"kecamatan": "36.01.01"})

    assert response.status_code == 200
    errors = response.context["chooser"].errors["kecamatan"]
    assert errors == [
        "Pilihan tidak ditemukan. Ketik sebagian nama lalu pilih dari daftar, atau isi kodenya."
    ]
    html = response.content.decode()
    assert 'id="id_kecamatan_error"' in html
    assert "Patroli di sini" not in html
    assert "items" not in response.context
    assert "rows" not in response.context
    release(response)


def test_kecamatan_search_offers_only_the_scope(client, world, two_kecamatan):
    make_region_tree(district_code="36.01.01")
    url = reverse("core:search", kwargs={"key": "meetings.districts"})

    client.force_login(world.regency_admin)
    regency = client.get(url, {"q": "Kecamatan"}).json()
    client.force_login(world.national)
    national = client.get(url, {"q": "Kecamatan"}).json()

    assert {row["id"] for row in regency} == {world.district.code, world.other_district.code}
    assert {row["id"] for row in national} == {
        world.district.code,
        world.other_district.code,
        "36.01.01",
    }


def test_summary_page_renders_the_search_field_not_a_select(client, world, two_kecamatan):
    client.force_login(world.national)

    response = client.get(reverse("meetings:home"))

    html = response.content.decode()
    assert 'role="combobox"' in html
    assert "<select" not in html
    release(response)
