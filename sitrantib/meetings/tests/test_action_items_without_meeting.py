"""Action items without a meeting (from a field visit, docs/adr/0083): made with a kecamatan and an
origin date, scoped by their own kecamatan, shown with their origin in the ledger and on their
page, updated by their owner, reminded, and left out of the follow-up indicator."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from rest_framework.test import APIClient

from sitrantib.core.homepanels import home_figures_for
from sitrantib.core.models import AuditEntry
from sitrantib.core.scoping import scope_of
from sitrantib.meetings import origins, quality, services
from sitrantib.meetings.api.serializers import ERR_API_NEEDS_MEETING
from sitrantib.meetings.enums import ActionStatus
from sitrantib.meetings.models import ActionItem, Decision, FollowUpFigure
from sitrantib.meetings.origins import Origin
from sitrantib.meetings.reminders import send_reminders
from sitrantib.meetings.selectors import (
    action_items_visible_to,
    compute_follow_up,
    follow_up_indicator,
    indicator_list,
    ledger_items,
    stored_follow_up,
)
from sitrantib.meetings.tests.factories import (
    TODAY,
    finish,
    koramil,
    koramil_partner,
    make_item,
    make_meeting,
    village_government,
)
from sitrantib.testing.factories import make_institution

pytestmark = pytest.mark.django_db

ORIGIN_DAY = dt.date(2026, 3, 5)


def loose_item(world, *, owner=None, due=TODAY, description="Perbaiki kentongan Pos Krajan"):
    """An item without a meeting, as a field visit's recommendation makes it."""
    return services.create_action_item(
        meeting=None,
        district=world.district,
        origin_date=ORIGIN_DAY,
        description=description,
        owner_institution=owner or world.polsek,
        due_date=due,
        actor=world.admin,
    )


@pytest.fixture
def told_origin():
    """A registered origin of the test: labels and links items whose description says so, and
    counts how often (and with how many items) it is asked."""
    calls = []

    def provider(items, user):
        calls.append(len(items))
        return {
            item.pk: Origin(f"Kunjungan uji {item.pk}", "" if user is None else f"/uji/{item.pk}/")
            for item in items
            if item.description.startswith("Uji")
        }

    origins.register_origin(
        "uji", label="Kunjungan uji", provider=provider, claims=Q(description__startswith="Uji")
    )
    yield calls
    origins.unregister_origin("uji")


# Creating -----------------------------------------------------------------------------------


def test_create_without_meeting_takes_district_and_origin_date(world):
    item = loose_item(world)

    item.refresh_from_db()
    assert (item.meeting_id, item.district_id, item.origin_date) == (
        None,
        world.district.pk,
        ORIGIN_DAY,
    )
    assert item.status == ActionStatus.OPEN
    entry = AuditEntry.objects.get(object_type="meetings.actionitem", object_id=str(item.pk))
    assert entry.district_code == world.district.pk


def test_create_with_meeting_takes_the_meetings_district(world):
    meeting = make_meeting(world)

    item = make_item(world, meeting)

    assert (item.district_id, item.meeting_id, item.origin_date) == (
        world.district.pk,
        meeting.pk,
        None,
    )


def test_create_with_meeting_refuses_another_district(world):
    meeting = make_meeting(world)

    with pytest.raises(ValidationError) as caught:
        services.create_action_item(
            meeting=meeting,
            district=world.other_district,
            description="Patroli",
            owner_institution=world.polsek,
            due_date=TODAY,
            actor=world.admin,
        )

    assert caught.value.messages == [gettext(services.action_items.ERR_DISTRICT_NOT_MEETINGS)]


@pytest.mark.parametrize("missing", ["district", "origin_date"])
def test_create_without_meeting_needs_district_and_origin_date(world, missing):
    data = {"district": world.district, "origin_date": ORIGIN_DAY, missing: None}

    with pytest.raises(ValidationError) as caught:
        services.create_action_item(
            meeting=None,
            description="Patroli",
            owner_institution=world.polsek,
            due_date=TODAY,
            actor=world.admin,
            **data,
        )

    assert caught.value.messages == [gettext(services.ERR_ORIGIN_REQUIRED)]
    assert not ActionItem.objects.exists()


def test_create_without_meeting_refuses_due_before_origin_beside_the_date(world):
    with pytest.raises(ValidationError) as caught:
        loose_item(world, due=ORIGIN_DAY - dt.timedelta(days=1))

    errors = caught.value.error_dict["due_date"]
    assert errors[0].code == "due_before_origin"
    assert errors[0].messages == [
        gettext(services.ERR_DUE_BEFORE_ORIGIN) % {"date": "5 Maret 2026"}
    ]
    assert not ActionItem.objects.exists()


def test_create_without_meeting_due_on_origin_day_is_allowed(world):
    assert loose_item(world, due=ORIGIN_DAY).due_date == ORIGIN_DAY


def test_create_without_meeting_refuses_a_decision(world):
    meeting = make_meeting(world)
    decision = services.record_decision(meeting=meeting, text="Patroli bersama", actor=world.admin)
    with pytest.raises(ValidationError) as caught:
        services.create_action_item(
            meeting=None,
            district=world.district,
            origin_date=ORIGIN_DAY,
            decision=decision,
            description="Patroli",
            owner_institution=world.polsek,
            due_date=TODAY,
            actor=world.admin,
        )

    assert caught.value.messages == [gettext(services.ERR_DECISION_WITHOUT_MEETING)]


def test_create_without_meeting_refuses_owner_of_another_kecamatan(world):
    foreign = make_institution(district=world.other_district, kind="polsek", name="Polsek Lain")

    with pytest.raises(ValidationError) as caught:
        loose_item(world, owner=foreign)

    assert caught.value.messages == [
        gettext(services.ERR_INSTITUTION_OTHER_ORIGIN_DISTRICT) % {"name": "Polsek Lain"}
    ]


@pytest.mark.parametrize("who", ["camat", "staff", "operator", "partner", "outsider"])
def test_create_without_meeting_only_by_the_kecamatan_admin(world, who):
    with pytest.raises(PermissionDenied):
        services.create_action_item(
            meeting=None,
            district=world.district,
            origin_date=ORIGIN_DAY,
            description="Patroli",
            owner_institution=world.polsek,
            due_date=TODAY,
            actor=getattr(world, who),
        )
    assert not ActionItem.objects.exists()


def test_database_refuses_decision_without_meeting_and_item_without_origin(world):
    item = loose_item(world)
    meeting = make_meeting(world)
    decision = Decision.objects.create(meeting=meeting, order=1, text="Patroli")

    with pytest.raises(IntegrityError), transaction.atomic():
        ActionItem.objects.filter(pk=item.pk).update(decision=decision)
    with pytest.raises(IntegrityError), transaction.atomic():
        ActionItem.objects.filter(pk=item.pk).update(origin_date=None)


# Correcting ---------------------------------------------------------------------------------


def test_correct_without_meeting_keeps_the_origin_date_rule(world):
    item = loose_item(world)

    with pytest.raises(ValidationError) as caught:
        services.update_action_item(
            item=item,
            description=item.description,
            owner_institution=world.polsek,
            due_date=ORIGIN_DAY - dt.timedelta(days=1),
            actor=world.admin,
        )
    assert caught.value.error_dict["due_date"][0].code == "due_before_origin"

    desa = village_government(world)
    services.update_action_item(
        item=item,
        description="Perbaiki kentongan dan lampu",
        owner_institution=desa,
        due_date=ORIGIN_DAY,
        actor=world.admin,
    )
    item.refresh_from_db()
    assert (item.owner_institution_id, item.due_date) == (desa.pk, ORIGIN_DAY)


def test_correction_page_of_item_without_meeting_shows_due_error(client, world):
    item = loose_item(world)
    client.force_login(world.admin)

    response = client.post(
        reverse("meetings:action_item_edit", args=[item.pk]),
        {
            "description": item.description,
            "owner_institution": world.polsek.pk,
            "due_date": "2026-03-04",
            "version": item.version,
        },
    )

    assert response.status_code == 400
    assert response.context["form"].errors["due_date"] == [
        gettext(services.ERR_DUE_BEFORE_ORIGIN) % {"date": "5 Maret 2026"}
    ]


# Scope --------------------------------------------------------------------------------------


@pytest.fixture
def scene(world):
    desa = village_government(world)
    other = koramil(world)
    polsek_item = loose_item(world, description="Patroli Polsek dari kunjungan")
    desa_item = loose_item(world, owner=desa, description="Ronda desa dari kunjungan")
    users = {
        "admin": world.admin,
        "camat": world.camat,
        "staff": world.staff,
        "national": world.national,
        "regency_admin": world.regency_admin,
        "partner": world.partner,
        "operator": world.operator,
        "sibling_operator": world.sibling_operator,
        "koramil": koramil_partner(world, other),
        "outsider": world.outsider,
        "superuser": world.superuser,
    }
    return {"polsek": polsek_item, "desa": desa_item, "users": users}


SEES = {
    "admin": {"polsek", "desa"},
    "camat": {"polsek", "desa"},
    "staff": {"polsek", "desa"},
    "national": {"polsek", "desa"},
    "regency_admin": {"polsek", "desa"},
    "partner": {"polsek"},
    "operator": {"desa"},
    "sibling_operator": set(),
    "koramil": set(),
    "outsider": set(),
    "superuser": set(),
}


@pytest.mark.parametrize("role", sorted(SEES))
def test_items_without_meeting_scoped_for_every_role(scene, role):
    user = scene["users"][role]
    seen = set(action_items_visible_to(user=user).values_list("pk", flat=True))

    assert seen == {scene[name].pk for name in SEES[role]}


WIDE = {"national", "regency_admin"}


@pytest.mark.parametrize("role", sorted(SEES))
def test_ledger_and_item_page_without_meeting_scoped_for_every_role(client, scene, role):
    client.force_login(scene["users"][role])
    # A scope of several kecamatan first sees a summary per kecamatan; it opens the kecamatan.
    opens = {"kecamatan": scene["polsek"].district_id} if role in WIDE else {}

    ledger = client.get(reverse("meetings:home"), opens)
    shown = {item.pk for item in ledger.context["items"]} if ledger.status_code == 200 else set()
    pages = {
        name: client.get(reverse("meetings:action_item_detail", args=[scene[name].pk])).status_code
        for name in ("polsek", "desa")
    }

    assert shown == {scene[name].pk for name in SEES[role]}
    assert pages == {name: 200 if name in SEES[role] else 404 for name in ("polsek", "desa")}


def test_ledger_anonymous_goes_to_login(client, scene):
    response = client.get(reverse("meetings:action_item_detail", args=[scene["polsek"].pk]))

    assert response.status_code == 302


# Owners update their items, whatever the origin ---------------------------------------------


def test_partner_moves_and_completes_its_item_without_meeting(client, world):
    item = loose_item(world)
    client.force_login(world.partner)
    url = reverse("meetings:action_item_transition", args=[item.pk])

    moved = client.post(url, {"status": "in_progress", "note": "", "version": item.version})
    item.refresh_from_db()
    evidence = client.post(
        reverse("meetings:action_item_evidence", args=[item.pk]),
        {"note": "Kentongan sudah diganti", "complete": "on"},
    )

    item.refresh_from_db()
    assert (moved.status_code, evidence.status_code) == (302, 302)
    assert item.status == ActionStatus.DONE
    assert item.is_followed_up


def test_operator_updates_its_desa_item_but_not_the_polsek_one(client, world):
    desa = village_government(world)
    mine = loose_item(world, owner=desa)
    theirs = loose_item(world)
    client.force_login(world.operator)

    ok = client.post(
        reverse("meetings:action_item_transition", args=[mine.pk]),
        {"status": "in_progress", "note": "", "version": mine.version},
    )
    refused = client.post(
        reverse("meetings:action_item_transition", args=[theirs.pk]),
        {"status": "in_progress", "note": "", "version": theirs.version},
    )

    assert (ok.status_code, refused.status_code) == (302, 404)


def test_camat_reads_but_does_not_move_an_item_without_meeting(world):
    item = loose_item(world)

    with pytest.raises(PermissionDenied):
        services.transition_action_item(item=item, to_status="in_progress", actor=world.camat)


# Origins ------------------------------------------------------------------------------------


def test_ledger_shows_meeting_and_registered_origin(client, world, told_origin):
    meeting = make_meeting(world, title="Rapat Koordinasi Maret")
    make_item(world, meeting, description="Dari rapat")
    loose = loose_item(world, description="Uji dari kunjungan")
    client.force_login(world.admin)

    response = client.get(reverse("meetings:home"))

    html = response.content.decode()
    assert f'<a href="{meeting.get_absolute_url()}">Rapat Koordinasi Maret</a>' in html
    assert f'<a href="/uji/{loose.pk}/">Kunjungan uji {loose.pk}</a>' in html
    assert told_origin == [1]  # asked once, for the one item without a meeting


def test_item_page_shows_registered_origin(client, world, told_origin):
    item = loose_item(world, description="Uji dari kunjungan")
    client.force_login(world.partner)

    response = client.get(reverse("meetings:action_item_detail", args=[item.pk]))

    assert response.context["origin"] == Origin(f"Kunjungan uji {item.pk}", f"/uji/{item.pk}/")
    assert f'<a href="/uji/{item.pk}/">Kunjungan uji {item.pk}</a>' in response.content.decode()


def test_unclaimed_item_without_meeting_is_labelled_without_link(client, world):
    item = loose_item(world, description="Tanpa asal yang dikenal")
    client.force_login(world.admin)

    response = client.get(reverse("meetings:action_item_detail", args=[item.pk]))

    assert response.context["origin"] == Origin(gettext(origins.NO_ORIGIN), "")


@pytest.mark.parametrize("n", [1, 3])
def test_ledger_query_count_constant_with_items_without_meeting(
    client, world, told_origin, django_assert_num_queries, n
):
    meeting = make_meeting(world)
    for i in range(n):
        make_item(world, meeting, description=f"Rapat {i}")
        loose_item(world, description=f"Uji {i}")
    client.force_login(world.admin)

    # The ledger's own queries (test_queries.py) plus the fieldwork origin's one (test's is free).
    with django_assert_num_queries(10):
        response = client.get(reverse("meetings:home"))

    assert len(response.context["items"]) == 2 * n
    assert told_origin == [n]


def test_register_origin_twice_with_another_provider_is_refused(told_origin):
    with pytest.raises(ValueError, match="registered twice"):
        origins.register_origin("uji", label="x", provider=lambda items, user: {}, claims=Q())
    with pytest.raises(ValueError, match="own origin"):
        origins.register_origin("rapat", label="x", provider=lambda items, user: {}, claims=Q())


@pytest.mark.parametrize(
    ("asal", "expected"),
    [("", {"rapat", "uji"}), ("rapat", {"rapat"}), ("uji", {"uji"})],
)
def test_ledger_filters_by_origin(client, world, told_origin, asal, expected):
    meeting = make_meeting(world)
    items = {
        "rapat": make_item(world, meeting, description="Dari rapat"),
        "uji": loose_item(world, description="Uji dari kunjungan"),
    }
    client.force_login(world.admin)

    response = client.get(reverse("meetings:home"), {"asal": asal})

    assert {i.pk for i in response.context["items"]} == {items[k].pk for k in expected}


def test_ledger_refuses_unknown_origin_beside_the_filter(client, world):
    client.force_login(world.admin)

    response = client.get(reverse("meetings:home"), {"asal": "surat"})

    assert "asal" in response.context["form"].errors


# The follow-up indicator counts meeting items only --------------------------------------------


def test_indicator_counts_meeting_items_only(world):
    meeting = make_meeting(world)
    finish(world, make_item(world, meeting, description="Dari rapat"))
    make_item(world, meeting, description="Rapat belum")
    loose = loose_item(world)
    finish(world, loose)
    loose_item(world, description="Kunjungan belum")
    start, end = dt.date(2026, 1, 1), dt.date(2026, 12, 31)

    fresh = follow_up_indicator(user=world.admin, start=start, end=end, today=TODAY)
    stored = stored_follow_up(user=world.admin, start=start, end=end)
    due_list = indicator_list(user=world.admin, name="due", start=start, end=end, today=TODAY)
    ledger = ledger_items(user=world.admin, today=TODAY)

    assert (len(fresh.due), len(fresh.followed_up)) == (2, 1)
    assert (stored.due, stored.followed_up) == (2, 1)
    assert all(item.meeting_id is not None for item in due_list)
    assert ledger.count() == 4


def test_items_without_meeting_leave_stored_figures_untouched(world):
    loose = loose_item(world)
    finish(world, loose)

    assert not FollowUpFigure.objects.exists()
    call_command("compute_follow_up", year=2026)
    assert not FollowUpFigure.objects.exists()


def test_compute_follow_up_over_mixed_items_counts_meeting_items(world):
    meeting = make_meeting(world)
    make_item(world, meeting)
    loose_item(world)

    result = compute_follow_up(
        ActionItem.objects.all(), start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31), today=TODAY
    )

    assert [i.meeting_id for i in result.due] == [meeting.pk]


def test_home_counts_items_without_meeting_for_their_owner(rf, world):
    loose_item(world, due=dt.date(2026, 3, 10))
    request = rf.get("/")
    request.user = world.partner

    figures = {f.key: f.value for f in home_figures_for(request)}

    assert (figures["open-items"], figures["overdue-items"]) == ("1", "1")


# Reminders and data quality -----------------------------------------------------------------


def test_reminder_of_item_without_meeting_names_its_origin(world, told_origin):
    world.partner.email = "polsek@example.id"
    world.partner.save(update_fields=["email"])
    item = loose_item(world, due=TODAY + dt.timedelta(days=2), description="Uji ganti kentongan")

    result = send_reminders(today=TODAY)

    assert result.sent == 1
    (message,) = mail.outbox
    assert message.to == ["polsek@example.id"]
    assert f"Tindak lanjut dari Kunjungan uji {item.pk}:\nUji ganti kentongan" in message.body
    assert told_origin == [1]


def test_done_without_evidence_rule_names_the_origin(world, told_origin):
    item = loose_item(world, description="Uji tanpa bukti")
    ActionItem.objects.filter(pk=item.pk).update(status=ActionStatus.DONE)

    (finding,) = quality.done_without_evidence(scope_of(world.admin))

    assert finding.district_code == world.district.pk
    assert finding.message == gettext(quality.MSG_DONE_WITHOUT_EVIDENCE_ORIGIN) % {
        "origin": f"Kunjungan uji {item.pk}",
        "item": "Uji tanpa bukti",
        "owner": world.polsek.name,
    }


# API ----------------------------------------------------------------------------------------


def test_api_lists_item_without_meeting_with_null_meeting_and_district(world):
    item = loose_item(world)
    api = APIClient()
    api.force_authenticate(world.partner)

    response = api.get(f"/api/v1/action-items/{item.pk}/")

    body = response.json()
    assert response.status_code == 200
    assert (body["meeting"], body["district"], body["origin_date"]) == (
        None,
        world.district.pk,
        "2026-03-05",
    )


def test_api_filters_by_origin(world, told_origin):
    meeting = make_meeting(world)
    make_item(world, meeting, description="Dari rapat")
    loose = loose_item(world, description="Uji dari kunjungan")
    api = APIClient()
    api.force_authenticate(world.admin)

    response = api.get("/api/v1/action-items/", {"asal": "uji"})

    assert [row["id"] for row in response.json()["results"]] == [loose.pk]


@pytest.mark.parametrize("meeting", [None, "absent"])
def test_api_create_without_meeting_is_refused(world, meeting):
    api = APIClient()
    api.force_authenticate(world.admin)
    payload = {
        "description": "Patroli",
        "owner_institution": world.polsek.pk,
        "due_date": "2026-11-20",
    }
    if meeting is None:
        payload["meeting"] = None

    response = api.post("/api/v1/action-items/", payload, format="json")

    assert response.status_code == 400
    assert "meeting" in json_fields(response)
    if meeting is None:
        assert gettext(ERR_API_NEEDS_MEETING) in str(response.json())
    assert not ActionItem.objects.exists()


def json_fields(response):
    body = response.json()
    fields = body.get("fields") or body.get("errors") or body
    return fields if isinstance(fields, dict) else {}
