"""The overview pages: start page, desa page, situations per period, the rule, the field
calendar and the map data — per role, with wide scopes summarised per kecamatan, and the
situation page's queries not growing with the number of desa."""

import datetime as dt
import re

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sitrantib.fieldwork.enums import IncidentStatus, Situation
from sitrantib.fieldwork.models import SituationRule
from sitrantib.fieldwork.services import incidents as incident_services
from sitrantib.fieldwork.tests.factories import make_incident, make_post, make_visit, moment
from sitrantib.regions.enums import VillageKind
from sitrantib.regions.models import Village
from sitrantib.testing.responses import release

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _get(user, url):
    response = (_client(user) if user else Client()).get(url)
    release(response)
    return response


def _this_month(day=1):
    today = timezone.localdate()
    return moment(dt.date(today.year, today.month, day))


PAGES = [
    "fieldwork:home",
    "fieldwork:situations",
    "fieldwork:calendar",
]


@pytest.mark.parametrize("name", PAGES)
def test_every_reader_opens_the_overview_pages(world, name):
    for user in (world.admin, world.camat, world.staff, world.operator, world.national):
        assert _get(user, reverse(name)).status_code == 200, (name, user.username)


@pytest.mark.parametrize("name", [*PAGES, "fieldwork:rule", "fieldwork:map_data"])
def test_anonymous_goes_to_login_and_the_roleless_are_refused(world, name):
    response = _get(None, reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse(settings.LOGIN_URL))
    assert _get(world.superuser, reverse(name)).status_code == 403


def test_a_partner_sees_only_its_incidents_start_page(world):
    assert _get(world.partner, reverse("fieldwork:home")).status_code == 200
    for name in ("fieldwork:situations", "fieldwork:calendar", "fieldwork:rule"):
        assert _get(world.partner, reverse(name)).status_code == 403, name
    village = reverse("fieldwork:village", args=[world.village.code])
    assert _get(world.partner, village).status_code == 403


def test_the_start_page_counts_this_month(world):
    make_visit(world, when=_this_month(), situation=Situation.RAWAN)
    make_incident(world, when=_this_month())
    page = _get(world.admin, reverse("fieldwork:home")).content.decode()
    assert 'data-figure="monitored">1 / 2<' in page
    assert 'data-figure="open-incidents">1<' in page
    assert 'data-figure="open-rawan">1<' in page
    assert 'data-figure="reports-waiting">0<' in page
    operator = _get(world.operator, reverse("fieldwork:home")).content.decode()
    assert 'data-figure="monitored">1 / 1<' in operator
    assert "reports-waiting" not in operator
    assert reverse("fieldwork:village", args=[world.village.code]) in operator


def test_the_desa_page_is_scoped(world):
    url = reverse("fieldwork:village", args=[world.village.code])
    assert _get(world.operator, url).status_code == 200
    assert _get(world.sibling_operator, url).status_code == 404
    assert _get(world.outsider, url).status_code == 404
    assert _get(world.admin, url).status_code == 200


def test_the_desa_page_shows_its_situation_records_and_registers(world):
    visit = make_visit(world, when=_this_month(), situation=Situation.RAWAN)
    incident = make_incident(world, when=_this_month())
    post = make_post(world, name="Pos Balai Desa")
    page = _get(world.operator, reverse("fieldwork:village", args=[world.village.code]))
    body = page.content.decode()
    assert "Belum tentram dan tertib" in body
    assert reverse("fieldwork:visit_detail", args=[visit.pk]) in body
    assert reverse("fieldwork:incident_detail", args=[incident.pk]) in body
    assert "Pos Balai Desa" in body
    assert post.get_absolute_url() in body
    assert f"?desa={world.village.code}" in body
    assert 'id="village-map"' in body
    assert f'data-focus-village="{world.village.code}"' in body


def test_situations_name_the_deciding_condition_with_its_evidence(world):
    rawan = make_visit(world, when=_this_month(), situation=Situation.RAWAN)
    today = timezone.localdate()
    period = f"{today.year}-{today.month:02d}"
    page = _get(world.admin, reverse("fieldwork:situations") + "?period=" + period)
    body = page.content.decode()
    assert page.status_code == 200
    assert re.search(rf'data-village="{world.village.code}"\s+data-peaceful="0"', body)
    assert reverse("fieldwork:visit_detail", args=[rawan.pk]) in body
    assert re.search(r'data-condition="rawan_resolved"\s+data-holds="0"', body)
    assert "Desa terpantau: 1 dari 2." in body


def test_a_wrong_period_is_refused_beside_the_field(world):
    page = _get(world.admin, reverse("fieldwork:situations") + "?period=2026-13")
    assert page.status_code == 400
    assert "Periode ditulis 2026 (tahun)" in page.content.decode()


def test_wide_scopes_see_one_line_per_kecamatan_and_open_one(world):
    page = _get(world.regency_admin, reverse("fieldwork:situations") + "?period=2026")
    body = page.content.decode()
    assert 'id="district-situations"' in body
    assert f'data-district="{world.district.code}"' in body
    assert 'id="village-situations"' not in body
    one = _get(
        world.regency_admin,
        reverse("fieldwork:situations") + f"?period=2026&kecamatan={world.district.code}",
    ).content.decode()
    assert 'id="village-situations"' in one
    assert world.sibling_village.name in one
    assert "Lain" not in one.split('id="village-situations"')[1]


def test_a_kecamatan_outside_the_scope_is_absent(world):
    url = reverse("fieldwork:situations") + f"?kecamatan={world.other_district.code}"
    assert _get(world.admin, url).status_code == 404


def test_the_admin_states_the_rule_and_others_cannot(world):
    url = reverse("fieldwork:rule")
    page = _get(world.admin, url)
    assert page.status_code == 200
    assert "hari terakhir periode" in page.content.decode()
    response = _client(world.admin).post(url, {"require_visit": "on", "serious_incident_days": "3"})
    release(response)
    assert response.status_code == 302
    rule = SituationRule.objects.get(district=world.district)
    assert rule.require_visit
    assert not rule.require_rawan_resolved
    assert rule.serious_incident_days == 3
    for user in (world.operator, world.camat, world.staff, world.partner):
        assert _get(user, url).status_code == 403, user.username


def test_a_wrong_rule_is_refused_and_nothing_is_saved(world):
    response = _client(world.admin).post(
        reverse("fieldwork:rule"), {"require_visit": "on", "serious_incident_days": "999"}
    )
    body = response.content.decode()
    release(response)
    assert response.status_code == 400
    assert "365" in body
    assert not SituationRule.objects.exists()


def test_the_calendar_marks_late_months_in_words(world):
    page = _get(world.admin, reverse("fieldwork:calendar") + "?tahun=2026")
    assert page.status_code == 200
    assert 'id="field-calendar"' in page.content.decode()
    bad = _get(world.admin, reverse("fieldwork:calendar") + "?tahun=abc")
    assert bad.status_code == 400


# Map data ----------------------------------------------------------------------------------------


def _features(user, query=""):
    response = _client(user).get(reverse("fieldwork:map_data") + query)
    release(response)
    assert response.status_code == 200, response.content
    return response.json()["features"]


def test_map_data_is_scoped_and_filtered(world):
    make_post(world, name="Pos Darungan", latitude="-8.2", longitude="113.2")
    make_post(
        world, village=world.sibling_village, name="Pos Kraton", latitude="-8.3", longitude="113.3"
    )
    make_post(world, name="Pos Tanpa Titik")
    incident = make_incident(world, latitude="-8.21", longitude="113.21")
    admin = _features(world.admin)
    assert sorted(f["properties"]["name"] for f in admin if f["properties"]["kind"] == "post") == [
        "Pos Darungan",
        "Pos Kraton",
    ]
    assert [f["properties"]["kind"] for f in _features(world.admin, "?layers=incidents")] == [
        "incident"
    ]
    names = [f["properties"]["name"] for f in _features(world.operator, "?layers=posts")]
    assert names == ["Pos Darungan"]
    assert (
        _features(world.admin, f"?layers=posts&desa={world.sibling_village.code}")[0]["properties"][
            "name"
        ]
        == "Pos Kraton"
    )
    assert _features(world.outsider) == []
    status = _features(world.admin, "?layers=incidents&status=reported")
    assert status[0]["properties"]["status_label"] == "Dilaporkan"
    assert _features(world.admin, "?layers=incidents&status=closed") == []
    # A partner: only what was handed over to it, and no Poskamling.
    assert _features(world.partner) == []
    incident_services.transition_incident(
        incident=incident, to_status=IncidentStatus.VERIFIED, note="", actor=world.admin
    )
    incident_services.transition_incident(
        incident=incident,
        to_status=IncidentStatus.HANDED_OVER,
        note="Dirujuk",
        handed_to=world.polsek,
        actor=world.admin,
    )
    partner = _features(world.partner)
    assert [f["properties"]["kind"] for f in partner] == ["incident"]


def test_map_data_refuses_a_wrong_filter(world):
    for query in ("?period=2026-13", "?status=hilang", "?active=2", "?pos=x"):
        response = _client(world.admin).get(reverse("fieldwork:map_data") + query)
        release(response)
        assert response.status_code == 400, query


# Query counts ------------------------------------------------------------------------------------


def _more_villages(world, start, n):
    return [
        Village.objects.create(
            code=f"35.08.07.{start + i}",
            name=f"Desa Uji {start + i}",
            district=world.district,
            kind=VillageKind.DESA,
        )
        for i in range(n)
    ]


def test_the_situation_page_runs_the_same_queries_for_2_and_20_desa(world):
    client = _client(world.admin)
    url = reverse("fieldwork:situations") + "?period=2026"
    release(client.get(url))  # the session and caches warmed once
    counts = []
    for extra in (0, 18):
        villages = _more_villages(world, 2300, extra)
        for v in [world.village, *villages]:
            make_visit(world, village=v, when=moment(dt.date(2026, 3, 2)), situation="rawan")
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        body = response.content.decode()
        release(response)
        assert body.count("data-peaceful=") == 2 + extra
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_the_tab_bar_shows_the_citizen_reports_to_moderators_only(world):
    queue = reverse("fieldwork:report_queue")
    assert queue in _get(world.admin, reverse("fieldwork:home")).content.decode()
    for user in (world.camat, world.operator):
        body = _get(user, reverse("fieldwork:home")).content.decode()
        assert queue not in body
        assert reverse("fieldwork:post_list") in body
    partner = _get(world.partner, reverse("fieldwork:home")).content.decode()
    assert reverse("fieldwork:incident_list") in partner
    assert reverse("fieldwork:post_list") not in partner
