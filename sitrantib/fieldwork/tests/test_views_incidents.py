"""The incident pages (list, map, monthly counts, an incident's page with its status history and
move, photos) through real requests for every role: the kecamatan's readers see every desa, a
village operator its own, a partner only what was handed over to it; only the administrator
moves the status; out of scope is 404; anonymous visitors go to the login page."""

import datetime as dt
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from sitrantib.core.workflow import MESSAGE_NOTE_REQUIRED
from sitrantib.fieldwork import views
from sitrantib.fieldwork.enums import IncidentSource, IncidentStatus
from sitrantib.fieldwork.models import FieldPhoto, Incident, IncidentTransition
from sitrantib.fieldwork.services import incidents as incident_services
from sitrantib.fieldwork.services.incidents import MESSAGE_PARTNER_REQUIRED
from sitrantib.fieldwork.tests.factories import category, make_incident, moment
from sitrantib.fieldwork.tests.test_views_visits import upload
from sitrantib.testing.factories import make_institution
from sitrantib.testing.responses import release

pytestmark = pytest.mark.django_db

READERS = ("admin", "camat", "staff")


def _as(client, user):
    client.force_login(user)
    return client


def hand_over(world, incident, partner=None):
    return incident_services.transition_incident(
        incident=incident,
        to_status=IncidentStatus.HANDED_OVER,
        handed_to=partner or world.polsek,
        note="Dirujuk ke Polsek",
        actor=world.admin,
    )


def rows_of(response):
    return {i.pk for i in response.context["incidents"]}


# The list ----------------------------------------------------------------------------------------


def test_list_shows_each_reader_the_incidents_of_its_scope(client, world):
    here = make_incident(world)
    sibling = make_incident(world, village=world.sibling_village)
    handed = hand_over(world, make_incident(world, village=world.sibling_village))
    foreign = make_incident(world, village=world.foreign_village, actor=world.outsider)
    url = reverse("fieldwork:incident_list")
    for role in READERS:
        response = _as(client, getattr(world, role)).get(url)
        assert response.status_code == 200, role
        assert rows_of(response) == {here.pk, sibling.pk, handed.pk}, role
    assert rows_of(_as(client, world.operator).get(url)) == {here.pk}
    assert rows_of(_as(client, world.partner).get(url)) == {handed.pk}
    assert rows_of(_as(client, world.outsider).get(url)) == {foreign.pk}
    assert _as(client, world.superuser).get(url).status_code == 404
    client.logout()
    response = client.get(url)
    assert response.status_code == 302
    assert "/akun/masuk/" in response["Location"]


def test_list_filters_by_period_desa_category_status_and_source(client, world):
    march = make_incident(world, when=moment(dt.date(2026, 3, 3)))
    flood = make_incident(
        world, when=moment(dt.date(2026, 4, 3)), code="banjir", source=IncidentSource.CITIZEN
    )
    sibling = make_incident(world, village=world.sibling_village, when=moment(dt.date(2026, 3, 9)))
    incident_services.transition_incident(
        incident=sibling, to_status=IncidentStatus.VERIFIED, actor=world.admin
    )
    url = reverse("fieldwork:incident_list")
    _as(client, world.admin)

    def rows(**params):
        response = client.get(url, params)
        assert response.status_code == 200, response.context["form"].errors
        return rows_of(response)

    category("banjir")
    assert rows(period="2026-03") == {march.pk, sibling.pk}
    assert rows(period="2026-Q2") == {flood.pk}
    assert rows(desa=world.sibling_village.code) == {sibling.pk}
    assert rows(category="banjir") == {flood.pk}
    assert rows(status=IncidentStatus.VERIFIED) == {sibling.pk}
    assert rows(source=IncidentSource.CITIZEN) == {flood.pk}
    response = client.get(url, {"period": "2026-13"})
    assert response.status_code == 400
    assert "Periode ditulis 2026 (tahun)" in response.content.decode()


def test_list_pages_by_key(client, world, monkeypatch):
    monkeypatch.setattr(views.incidents, "PAGE_SIZE", 2)
    made = [make_incident(world, when=timezone.now() - dt.timedelta(hours=h + 1)) for h in range(5)]
    _as(client, world.admin)
    seen = []
    url = reverse("fieldwork:incident_list")
    while url:
        page = client.get(url).context["page"]
        seen.extend(i.pk for i in page.rows)
        url = reverse("fieldwork:incident_list") + page.next_url if page.next_url else None
    assert seen == [i.pk for i in made]


def test_list_queries_do_not_grow_with_rows(client, world):
    url = reverse("fieldwork:incident_list")
    _as(client, world.admin)
    counts = []
    for total in (2, 20):
        while Incident.objects.count() < total:
            incident = make_incident(world)
            if incident.pk % 2:
                hand_over(world, incident)
        release(client.get(url))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.content.decode().count("data-incident=") == total
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


# The map and the monthly counts ------------------------------------------------------------------


def test_map_carries_the_filters_to_its_points(client, world):
    response = _as(client, world.admin).get(
        reverse("fieldwork:incident_map"), {"period": "2026-03", "status": "reported", "x": "1"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="incident-map"' in html
    points = (
        reverse("fieldwork:map_data") + "?period=2026-03&amp;status=reported&amp;layers=incidents"
    )
    assert f'data-points-url="{points}"' in html
    assert 'data-boundaries-url="' + reverse("regions:village_map_data") in html
    assert "fieldwork/field-map.js" in html
    assert _as(client, world.partner).get(reverse("fieldwork:incident_map")).status_code == 200
    assert _as(client, world.superuser).get(reverse("fieldwork:incident_map")).status_code == 404


def test_monthly_counts_by_category_and_month_with_totals(client, world):
    year = timezone.localdate().year - 1
    make_incident(world, when=moment(dt.date(year, 1, 10)))
    make_incident(world, when=moment(dt.date(year, 1, 20)))
    make_incident(world, when=moment(dt.date(year, 3, 5)), code="banjir")
    make_incident(world, village=world.sibling_village, when=moment(dt.date(year, 3, 6)))
    rejected = make_incident(world, when=moment(dt.date(year, 5, 6)))
    incident_services.transition_incident(
        incident=rejected,
        to_status=IncidentStatus.REJECTED,
        note="Tidak terbukti",
        actor=world.admin,
    )
    url = reverse("fieldwork:incident_monthly")
    response = _as(client, world.admin).get(url, {"year": year})
    assert response.status_code == 200
    counts = response.context["counts"]
    by_code = {c.code: row for c, row in counts.rows}
    assert by_code["curanmor"][:3] == [2, 0, 1]
    assert by_code["banjir"][2] == 1
    assert counts.totals[:5] == [2, 0, 2, 0, 0]
    assert counts.total == 4
    html = response.content.decode()
    assert 'id="monthly-totals"' in html
    response = client.get(url, {"year": year, "desa": world.sibling_village.code})
    assert response.context["counts"].total == 1
    # A village operator counts its own desa only; a bad year is refused beside the field.
    assert _as(client, world.operator).get(url, {"year": year}).context["counts"].total == 3
    assert client.get(url, {"year": "99999"}).status_code == 400


def test_monthly_counts_queries_do_not_grow_with_rows(client, world):
    url = reverse("fieldwork:incident_monthly")
    year = timezone.localdate().year
    _as(client, world.admin)
    counts = []
    for total, code in ((2, "curanmor"), (20, "banjir")):
        while Incident.objects.count() < total:
            make_incident(world, code=code, when=timezone.now() - dt.timedelta(hours=1))
        release(client.get(url, {"year": year}))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, {"year": year})
        assert response.context["counts"].total == total
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


# An incident's page ------------------------------------------------------------------------------


def test_detail_shows_the_incident_and_its_history(client, world):
    incident = make_incident(
        world,
        place="Depan balai desa",
        affected_count=3,
        losses="Sepeda motor",
        loss_amount=15000000,
    )
    incident_services.transition_incident(
        incident=incident,
        to_status=IncidentStatus.VERIFIED,
        note="Dicek di lokasi",
        actor=world.admin,
    )
    for role in (*READERS, "operator"):
        response = _as(client, getattr(world, role)).get(incident.get_absolute_url())
        assert response.status_code == 200, role
        html = response.content.decode()
        for text in (
            incident.category.name,
            "Depan balai desa",
            "Sepeda motor",
            "Rp15.000.000",
            "Dicek di lokasi",
        ):
            assert text in html, (role, text)
        assert "Dilaporkan → Diverifikasi" in html


@pytest.mark.parametrize("role", ["sibling_operator", "partner", "outsider", "superuser"])
def test_detail_is_not_found_out_of_scope(client, world, role):
    incident = make_incident(world)
    _as(client, getattr(world, role))
    assert client.get(incident.get_absolute_url()).status_code == 404
    assert (
        client.post(
            reverse("fieldwork:incident_transition", args=[incident.pk]), {"status": "verified"}
        ).status_code
        == 404
    )
    assert (
        client.post(
            reverse("fieldwork:incident_photo_add", args=[incident.pk]), {"photo": upload()}
        ).status_code
        == 404
    )
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.REPORTED


def test_the_admin_sees_only_the_allowed_next_statuses(client, world):
    incident = make_incident(world)
    response = _as(client, world.admin).get(incident.get_absolute_url())
    form = response.context["transition_form"]
    choices = [value for value, _label in form.fields["status"].choices]
    assert choices == incident_services.allowed_statuses(incident)
    assert set(choices) == {"verified", "rejected", "handed_over"}
    partners = list(form.fields["handed_to"].queryset)
    assert partners == [world.polsek]
    # No handing over from "handled": the partner choice is not offered.
    incident_services.transition_incident(
        incident=incident, to_status=IncidentStatus.VERIFIED, actor=world.admin
    )
    incident_services.transition_incident(
        incident=incident, to_status=IncidentStatus.HANDLED, actor=world.admin
    )
    form = client.get(incident.get_absolute_url()).context["transition_form"]
    assert [v for v, _ in form.fields["status"].choices] == ["closed"]
    assert "handed_to" not in form.fields


def test_the_admin_moves_the_status_and_the_move_is_kept(client, world):
    incident = make_incident(world)
    response = _as(client, world.admin).post(
        reverse("fieldwork:incident_transition", args=[incident.pk]),
        {"status": "verified", "note": "Sudah dicek", "version": incident.version},
    )
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.VERIFIED
    move = IncidentTransition.objects.get(incident=incident)
    assert (move.from_status, move.to_status, move.note, move.actor) == (
        "reported",
        "verified",
        "Sudah dicek",
        world.admin,
    )
    html = client.get(incident.get_absolute_url()).content.decode()
    assert "Sudah dicek" in html
    assert "Dilaporkan → Diverifikasi" in html


def test_handing_over_needs_a_partner_and_the_partner_then_sees_it(client, world):
    incident = make_incident(world)
    url = reverse("fieldwork:incident_transition", args=[incident.pk])
    response = _as(client, world.admin).post(url, {"status": "handed_over"})
    assert response.status_code == 400
    assert gettext(MESSAGE_PARTNER_REQUIRED) in response.content.decode()
    assert 'id="id_handed_to_error"' in response.content.decode()
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.REPORTED
    assert _as(client, world.partner).get(incident.get_absolute_url()).status_code == 404
    response = _as(client, world.admin).post(
        url, {"status": "handed_over", "handed_to": str(world.polsek.pk), "note": "Pidana"}
    )
    assert response.status_code == 302
    response = _as(client, world.partner).get(incident.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dirujuk ke mitra" in html
    assert 'id="transition-form"' not in html  # the partner reads only
    assert 'id="photo-form"' not in html


def test_a_partner_of_another_kecamatan_is_refused(client, world):
    incident = make_incident(world)
    other = make_institution(district=world.other_district, kind="polsek", name="Polsek Lain")
    response = _as(client, world.admin).post(
        reverse("fieldwork:incident_transition", args=[incident.pk]),
        {"status": "handed_over", "handed_to": str(other.pk)},
    )
    assert response.status_code == 400
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.REPORTED


def test_a_refused_move_is_explained_in_indonesian(client, world):
    incident = make_incident(world)
    url = reverse("fieldwork:incident_transition", args=[incident.pk])
    response = _as(client, world.admin).post(url, {"status": "rejected"})
    assert response.status_code == 400
    expected = gettext(MESSAGE_NOTE_REQUIRED) % {"to": "Tidak terbukti"}
    assert expected in response.content.decode()
    # A move the workflow does not have from here is not a choice.
    response = client.post(url, {"status": "closed"})
    assert response.status_code == 400
    assert response.context["transition_form"].errors["status"]
    assert 'id="id_status_error"' in response.content.decode()
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.REPORTED


def test_a_stale_move_is_refused_and_names_the_change(client, world):
    incident = make_incident(world)
    old_version = incident.version
    incident_services.transition_incident(
        incident=incident, to_status=IncidentStatus.VERIFIED, actor=world.admin, note="Cek"
    )
    response = _as(client, world.admin).post(
        reverse("fieldwork:incident_transition", args=[incident.pk]),
        {"status": "handled", "version": old_version},
    )
    assert response.status_code == 400
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.VERIFIED
    assert response.context["transition_form"].non_field_errors()


@pytest.mark.parametrize("role", ["operator", "camat", "staff"])
def test_only_the_admin_moves_the_status(client, world, role):
    incident = make_incident(world)
    response = _as(client, getattr(world, role)).get(incident.get_absolute_url())
    assert response.context["transition_form"] is None
    response = client.post(
        reverse("fieldwork:incident_transition", args=[incident.pk]), {"status": "verified"}
    )
    assert response.status_code == 403
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.REPORTED


def test_a_partner_may_not_move_what_was_handed_over(client, world):
    incident = hand_over(world, make_incident(world))
    response = _as(client, world.partner).post(
        reverse("fieldwork:incident_transition", args=[incident.pk]),
        {"status": "closed", "note": "Selesai"},
    )
    assert response.status_code == 403
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.HANDED_OVER


# Photos ------------------------------------------------------------------------------------------


def test_the_operator_adds_a_photo_and_the_partner_sees_it_once_handed_over(client, world):
    incident = make_incident(world, actor=world.operator)
    response = _as(client, world.operator).post(
        reverse("fieldwork:incident_photo_add", args=[incident.pk]),
        {"photo": upload(), "caption": "Lokasi kejadian"},
    )
    assert response.status_code == 302
    photo = FieldPhoto.objects.get(incident=incident)
    assert not photo.kept_location
    url = reverse("fieldwork:photo_file", args=[photo.pk])
    assert _as(client, world.partner).get(url).status_code == 404
    hand_over(world, incident)
    response = client.get(url)
    assert response.status_code == 200
    release(response)
    assert "Lokasi kejadian" in client.get(incident.get_absolute_url()).content.decode()


def test_readers_and_partners_may_not_add_photos(client, world):
    incident = hand_over(world, make_incident(world))
    url = reverse("fieldwork:incident_photo_add", args=[incident.pk])
    for role in ("camat", "partner"):
        assert _as(client, getattr(world, role)).post(url, {"photo": upload()}).status_code == 403
    assert FieldPhoto.objects.count() == 0


def test_a_citizen_reports_photo_is_served_to_the_admin_only(client, world):
    from sitrantib.fieldwork.models import CitizenReport
    from sitrantib.fieldwork.services.photos import store_photo

    report = CitizenReport.objects.create(
        client_id=uuid.uuid4(),
        tracking_code="ABCD1234",
        district=world.district,
        village=world.village,
        category=category(),
        place="Pasar",
        occurred_at=timezone.now(),
        description="Ada pencurian",
    )
    photo = store_photo(owner=report, file=upload())
    url = reverse("fieldwork:photo_file", args=[photo.pk])
    response = _as(client, world.admin).get(url)
    assert response.status_code == 200
    release(response)
    for role in ("camat", "operator", "partner", "outsider"):
        assert _as(client, getattr(world, role)).get(url).status_code == 404, role
    assert (
        _as(client, world.admin)
        .post(reverse("fieldwork:photo_delete", args=[photo.pk]))
        .status_code
        == 403
    )
