"""Issue 12 point 4: a meeting carries out an activity of the annual plan. The meeting form
offers the year's planned meeting activities (pre-selected when exactly one falls in the
meeting's month), the service checks the link, and planning reads what was carried out through
the provider registered in MeetingsConfig.ready()."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from sitrantib.meetings import services
from sitrantib.meetings.forms import MeetingForm
from sitrantib.meetings.selectors import meetings_carried_out
from sitrantib.meetings.tests.factories import make_meeting
from sitrantib.planning import services as planning_services
from sitrantib.planning.carried_out import carried_out_for, registered_kinds
from sitrantib.planning.enums import ActivityKind

pytestmark = pytest.mark.django_db


def make_plan(world, *, year=2026, district=None, activities=(("Rapat koordinasi", [2, 4]),)):
    """A plan whose meeting activities fall in the given months (and one training in March)."""
    plan = planning_services.create_plan(
        district=district or world.district,
        year=year,
        title="KERANGKA ACUAN KERJA (KAK)",
        programme_name="Program Penyelenggaraan Pemerintahan Kecamatan",
        activity_name="Fasilitasi dan Koordinasi Ketentraman dan Ketertiban Masyarakat",
        actor=None,
    )
    rows = [(ActivityKind.MEETING, name, months) for name, months in activities]
    rows.append((ActivityKind.TRAINING, "Pelatihan LINMAS", [2]))
    for kind, name, months in rows:
        planning_services.save_activity(
            plan=plan,
            activity=None,
            values={"kind": kind, "name": name, "months": months, "venue": "Kantor Kecamatan"},
            participants=[],
            actor=None,
        )
    return plan


def _form(world, starts_at=None, **initial):
    if starts_at is not None:
        initial["starts_at"] = starts_at
    return MeetingForm(district_code=world.district.pk, initial=initial)


def _at(month, day=10):
    return timezone.make_aware(dt.datetime(2026, month, day, 9, 0))


def test_form_preselects_the_one_planned_meeting_of_the_month(world):
    plan = make_plan(world)
    activity = plan.activities.get(kind=ActivityKind.MEETING)

    form = _form(world, starts_at=_at(2))

    assert form.initial["planned_activity"] == activity.pk
    assert list(form.fields["planned_activity"].queryset) == [activity]  # no training offered


def test_form_offers_without_preselecting_outside_a_planned_month(world):
    make_plan(world)

    form = _form(world, starts_at=_at(3))

    assert "planned_activity" in form.fields
    assert "planned_activity" not in form.initial


def test_form_does_not_guess_between_two_planned_meetings(world):
    make_plan(world, activities=(("Rapat koordinasi", [2]), ("Rapat evaluasi", [2])))

    form = _form(world, starts_at=_at(2))

    assert form.fields["planned_activity"].queryset.count() == 2
    assert "planned_activity" not in form.initial


def test_form_without_a_plan_has_no_field(world):
    assert "planned_activity" not in _form(world, starts_at=_at(2)).fields


def test_form_of_another_kecamatan_plan_offers_nothing(world):
    make_plan(world, district=world.other_district)

    assert "planned_activity" not in _form(world, starts_at=_at(2)).fields


def test_create_page_links_the_meeting_to_the_planned_activity(client, world):
    activity = make_plan(world).activities.get(kind=ActivityKind.MEETING)
    client.force_login(world.admin)
    kind = make_meeting(world).kind

    page = client.get(reverse("meetings:meeting_create"))
    response = client.post(
        reverse("meetings:meeting_create"),
        {
            "kind": kind.pk,
            "title": "Rapat Koordinasi April",
            "starts_at": "2026-04-14T09:00",
            "venue": "Pendopo",
            "planned_activity": activity.pk,
        },
    )

    assert "planned_activity" in page.context["form"].fields
    assert response.status_code == 302, response.context["form"].errors
    meeting = activity.meetings.get()
    assert meeting.title == "Rapat Koordinasi April"


def test_service_refuses_an_activity_of_another_year_or_kecamatan(world):
    ours = make_plan(world).activities.get(kind=ActivityKind.MEETING)
    theirs = make_plan(world, district=world.other_district).activities.get(
        kind=ActivityKind.MEETING
    )
    meeting = make_meeting(world)

    with pytest.raises(ValidationError) as wrong_place:
        services.update_meeting(
            meeting=meeting,
            kind=meeting.kind,
            title=meeting.title,
            starts_at=meeting.starts_at,
            venue=meeting.venue,
            planned_activity=theirs,
            actor=world.admin,
        )
    with pytest.raises(ValidationError) as wrong_year:
        services.update_meeting(
            meeting=meeting,
            kind=meeting.kind,
            title=meeting.title,
            starts_at=timezone.make_aware(dt.datetime(2027, 2, 1, 9)),
            venue=meeting.venue,
            planned_activity=ours,
            actor=world.admin,
        )

    assert "planned_activity" in wrong_place.value.message_dict
    assert "planned_activity" in wrong_year.value.message_dict
    meeting.refresh_from_db()
    assert meeting.planned_activity_id is None


def test_update_without_planned_activity_keeps_the_link(world):
    activity = make_plan(world).activities.get(kind=ActivityKind.MEETING)
    meeting = make_meeting(world)
    services.update_meeting(
        meeting=meeting,
        kind=meeting.kind,
        title=meeting.title,
        starts_at=meeting.starts_at,
        venue=meeting.venue,
        planned_activity=activity,
        actor=world.admin,
    )

    services.update_meeting(
        meeting=meeting,
        kind=meeting.kind,
        title="Judul baru",
        starts_at=meeting.starts_at,
        venue=meeting.venue,
        actor=world.admin,
    )

    meeting.refresh_from_db()
    assert (meeting.title, meeting.planned_activity_id) == ("Judul baru", activity.pk)


def test_provider_registered_and_reports_linked_meetings_of_the_year(world):
    activity = make_plan(world).activities.get(kind=ActivityKind.MEETING)
    linked = make_meeting(world, starts_at=_at(2))
    services.update_meeting(
        meeting=linked,
        kind=linked.kind,
        title=linked.title,
        starts_at=linked.starts_at,
        venue=linked.venue,
        planned_activity=activity,
        actor=world.admin,
    )
    make_meeting(world, title="Rapat tanpa rencana", starts_at=_at(2))

    records = carried_out_for([activity.pk], 2026)

    assert "meeting" in registered_kinds()
    assert [(r.kind, r.activity_id, r.on_date, r.object_id) for r in records] == [
        ("meeting", activity.pk, dt.date(2026, 2, 10), linked.pk)
    ]
    assert records[0].url == linked.get_absolute_url()
    assert meetings_carried_out([activity.pk], 2027) == []
