"""Fewer clicks where people repeat themselves: attendance in one tap, evidence that completes
an item, photo thumbnails, the end time, the serial start and the list of institutions."""

import datetime as dt
import io

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from PIL import Image

from sitrantib.core.enums import AuditAction
from sitrantib.core.models import AuditEntry
from sitrantib.meetings import services
from sitrantib.meetings.forms import MeetingForm
from sitrantib.meetings.models import ActionItemTransition, Attendance, Evidence, LetterSerial
from sitrantib.meetings.selectors import invitable_institutions
from sitrantib.meetings.tests.factories import (
    koramil,
    make_item,
    make_meeting,
    make_office,
    png_upload,
)
from sitrantib.regions.models import Institution

pytestmark = pytest.mark.django_db


def big_photo(name: str = "patroli.jpg") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (1600, 1200), (20, 120, 40)).save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


# --- attendance: all at once, or one tap per invitee -------------------------------------------


def test_mark_all_present_adds_one_row_per_invitee_not_yet_listed(world):
    other = koramil(world)
    kapolsek = services.create_person(
        institution=world.polsek, name="AKP Sugeng", position="Kapolsek", actor=world.admin
    )
    meeting = make_meeting(world, invited=[other])
    services.update_meeting(
        meeting=meeting,
        kind=meeting.kind,
        title=meeting.title,
        starts_at=meeting.starts_at,
        venue=meeting.venue,
        invited=[other],
        invited_people=[kapolsek],
        actor=world.admin,
    )

    added = services.mark_all_present(meeting=meeting, actor=world.admin)
    again = services.mark_all_present(meeting=meeting, actor=world.admin)

    rows = {(a.name, a.position, a.institution_id) for a in meeting.attendances.all()}
    assert rows == {
        ("AKP Sugeng", "Kapolsek", world.polsek.pk),
        ("Perwakilan Koramil Yosowilangun", "", other.pk),
    }
    assert (len(added), again) == (2, [])
    assert AuditEntry.objects.filter(
        object_type="meetings.attendance", action=AuditAction.CREATE
    ).count() == (2)


def test_mark_present_one_tap_is_idempotent(world):
    meeting = make_meeting(world)
    invitation = meeting.invitations.get()

    first = services.mark_present(meeting=meeting, invitation=invitation, actor=world.admin)
    second = services.mark_present(meeting=meeting, invitation=invitation, actor=world.admin)

    assert (first.institution_id, second, meeting.attendances.count()) == (
        world.polsek.pk,
        None,
        1,
    )


def test_mark_present_refused_to_a_partner(world):
    meeting = make_meeting(world)

    with pytest.raises(PermissionDenied):
        services.mark_all_present(meeting=meeting, actor=world.partner)

    assert Attendance.objects.count() == 0


def test_mark_present_invitation_of_another_meeting_refused(world):
    meeting = make_meeting(world)
    other_meeting = make_meeting(world, title="Rapat lain")

    with pytest.raises(ValidationError):
        services.mark_present(
            meeting=meeting, invitation=other_meeting.invitations.get(), actor=world.admin
        )


def test_attendance_all_view_for_admin_only(client, world):
    meeting = make_meeting(world)
    url = reverse("meetings:attendance_all", args=[meeting.pk])

    anonymous = client.post(url)
    client.force_login(world.partner)
    partner = client.post(url)
    client.force_login(world.outsider)
    outsider = client.post(url)
    client.force_login(world.admin)
    admin = client.post(url)

    assert anonymous["Location"].startswith(reverse(settings.LOGIN_URL))
    assert (partner.status_code, outsider.status_code, admin.status_code) == (403, 404, 302)
    assert meeting.attendances.count() == 1


def test_attendance_mark_view_marks_that_invitee(client, world):
    meeting = make_meeting(world, invited=[world.polsek, koramil(world)])
    invitation = meeting.invitations.get(institution=world.polsek)
    client.force_login(world.admin)

    response = client.post(
        reverse("meetings:attendance_mark", args=[meeting.pk, invitation.pk]), follow=True
    )

    assert list(meeting.attendances.values_list("institution_id", flat=True)) == [world.polsek.pk]
    assert 'id="attendance-all"' in response.content.decode()  # one invitee still to mark


# --- a partner completes in one step when attaching evidence -----------------------------------


def test_complete_with_evidence_moves_an_open_item_to_done(world):
    item = make_item(world, make_meeting(world))

    services.complete_with_evidence(item=item, file=png_upload(), actor=world.partner)

    item.refresh_from_db()
    moves = list(
        ActionItemTransition.objects.filter(item=item)
        .order_by("at", "pk")
        .values_list("from_status", "to_status")
    )
    assert (item.status, item.is_followed_up) == ("done", True)
    assert moves == [("open", "in_progress"), ("in_progress", "done")]


def test_complete_with_evidence_needs_evidence_and_saves_nothing_when_refused(world):
    item = make_item(world, make_meeting(world))

    with pytest.raises(ValidationError) as caught:
        services.complete_with_evidence(item=item, note="  ", actor=world.partner)

    item.refresh_from_db()
    assert caught.value.messages == [gettext(services.ERR_EVIDENCE_EMPTY)]
    assert (item.status, Evidence.objects.count(), ActionItemTransition.objects.count()) == (
        "open",
        0,
        0,
    )


def test_complete_with_evidence_refused_for_another_institutions_item(world):
    other = koramil(world)
    item = make_item(world, make_meeting(world, invited=[world.polsek, other]), owner=other)

    with pytest.raises(PermissionDenied):
        services.complete_with_evidence(item=item, note="Selesai", actor=world.partner)


def test_evidence_view_complete_in_one_step(client, world):
    item = make_item(world, make_meeting(world))
    client.force_login(world.partner)

    response = client.post(
        reverse("meetings:action_item_evidence", args=[item.pk]),
        {"note": "Patroli dilaksanakan", "complete": "on", "file": big_photo()},
    )

    item.refresh_from_db()
    assert (response.status_code, item.status) == (302, "done")


def test_evidence_view_refused_keeps_note_and_choice(client, world):
    item = make_item(world, make_meeting(world))
    client.force_login(world.partner)
    fake = SimpleUploadedFile("foto.jpg", b"not an image at all", content_type="image/jpeg")

    response = client.post(
        reverse("meetings:action_item_evidence", args=[item.pk]),
        {"note": "Patroli dilaksanakan", "complete": "on", "file": fake},
    )

    form = response.context["evidence_form"]
    item.refresh_from_db()
    assert (response.status_code, item.status, list(form.errors)) == (400, "open", ["file"])
    assert (form["note"].value(), form["complete"].value()) == ("Patroli dilaksanakan", True)


# --- evidence photos as thumbnails ------------------------------------------------------------


def test_photo_evidence_gets_a_small_thumbnail(world):
    item = make_item(world, make_meeting(world))

    evidence = services.add_evidence(item=item, file=big_photo(), actor=world.partner)

    with evidence.thumbnail.open("rb") as stored:
        thumb = Image.open(stored)
        thumb.load()
    assert max(thumb.size) == services.THUMBNAIL_SIDE
    assert evidence.thumbnail.name.startswith("meetings/evidence/thumbs/")


def test_thumbnail_served_in_scope_only(client, world):
    other = koramil(world)
    item = make_item(world, make_meeting(world))
    evidence = services.add_evidence(item=item, file=big_photo(), actor=world.partner)
    url = reverse("meetings:evidence_thumbnail", args=[evidence.pk])
    from sitrantib.meetings.tests.factories import koramil_partner

    client.force_login(world.partner)
    own = client.get(url)
    client.force_login(koramil_partner(world, other))
    stranger = client.get(url)
    client.force_login(world.outsider)
    outsider = client.get(url)

    content = b"".join(own.streaming_content)
    _close_file(own)
    assert (own.status_code, own["Content-Type"]) == (200, "image/jpeg")
    assert max(Image.open(io.BytesIO(content)).size) <= services.THUMBNAIL_SIDE
    assert (stranger.status_code, outsider.status_code) == (404, 404)


def _close_file(response):
    # Not response.close(): its request_finished signal closes the test's PostgreSQL connection.
    if response.file_to_stream is not None:
        response.file_to_stream.close()


def test_thumbnail_made_on_demand_for_older_photos(client, world):
    item = make_item(world, make_meeting(world))
    evidence = services.add_evidence(item=item, file=big_photo(), actor=world.partner)
    Evidence.objects.filter(pk=evidence.pk).update(thumbnail="")
    client.force_login(world.admin)

    response = client.get(reverse("meetings:evidence_thumbnail", args=[evidence.pk]))
    content = b"".join(response.streaming_content)
    _close_file(response)

    evidence.refresh_from_db()
    assert (response.status_code, bool(evidence.thumbnail), content[:2]) == (200, True, b"\xff\xd8")


def test_document_evidence_has_no_thumbnail(client, world):
    item = make_item(world, make_meeting(world))
    evidence = services.add_evidence(item=item, note="Catatan saja", actor=world.partner)
    client.force_login(world.admin)

    response = client.get(reverse("meetings:evidence_thumbnail", args=[evidence.pk]))

    assert response.status_code == 404


def test_item_page_shows_thumbnail(client, world):
    item = make_item(world, make_meeting(world))
    evidence = services.add_evidence(item=item, file=big_photo(), actor=world.partner)
    client.force_login(world.partner)

    html = client.get(item.get_absolute_url()).content.decode()

    assert reverse("meetings:evidence_thumbnail", args=[evidence.pk]) in html


# --- a meeting shows its end time ----------------------------------------------------------------


def test_meeting_page_shows_end_time(client, world):
    meeting = make_meeting(world)
    meeting.ends_at = meeting.starts_at + dt.timedelta(hours=2, minutes=30)
    meeting.save()
    client.force_login(world.admin)

    html = client.get(meeting.get_absolute_url()).content.decode()

    assert "Selasa, 10 Februari 2026, 09.00 \u2013 11.30 WIB" in html


# --- the letter serial of a year can start from a chosen number ---------------------------------


def test_serial_start_continues_from_the_chosen_number(world):
    year = timezone.localdate().year

    services.set_serial_start(district=world.district, year=year, start=57, actor=world.admin)
    meeting = services.issue_invitation(meeting=make_meeting(world), actor=world.admin)

    assert "/57/" in meeting.letter_number
    entry = AuditEntry.objects.get(object_type="meetings.letterserial")
    assert (entry.before, entry.after) == ({"last_serial": 0}, {"last_serial": 56})


def test_serial_start_at_or_below_an_issued_number_refused(world):
    year = timezone.localdate().year
    services.set_serial_start(district=world.district, year=year, start=10, actor=world.admin)
    services.issue_invitation(meeting=make_meeting(world), actor=world.admin)  # uses 10

    with pytest.raises(ValidationError) as caught:
        services.set_serial_start(district=world.district, year=year, start=10, actor=world.admin)

    assert caught.value.message_dict == {
        "start": [
            gettext(services.ERR_SERIAL_BELOW_ISSUED) % {"last": 10, "year": year, "next": 11}
        ]
    }
    assert LetterSerial.objects.get().last_serial == 10


def test_serial_start_refused_to_a_partner(world):
    with pytest.raises(PermissionDenied):
        services.set_serial_start(
            district=world.district,
            year=timezone.localdate().year,
            start=5,
            actor=world.partner,
        )


def test_numbering_page_sets_the_serial_start_and_keeps_a_refused_value(client, world):
    year = timezone.localdate().year
    client.force_login(world.admin)
    url = reverse("meetings:numbering")

    ok = client.post(url, {"year": year, "start": 40}, follow=True)
    refused = client.post(url, {"year": year, "start": 12})

    assert "bernomor urut 40" in ok.content.decode()
    form = refused.context["serial_form"]
    assert (refused.status_code, list(form.errors), form["start"].value()) == (
        400,
        ["start"],
        "12",
    )


# --- institutions can be added, deactivated and reactivated ------------------------------------


def test_create_institution_puskesmas(world):
    institution = services.create_institution(
        district=world.district,
        kind="puskesmas",
        name="Puskesmas Yosowilangun",
        short_name="PKM Yosowilangun",
        actor=world.admin,
    )

    assert institution in invitable_institutions(district_code=world.district.pk)
    assert AuditEntry.objects.filter(
        object_type="regions.institution", action=AuditAction.CREATE
    ).exists()


def test_create_institution_duplicate_name_refused(world):
    with pytest.raises(ValidationError):
        services.create_institution(
            district=world.district, kind="other", name="Polsek Yosowilangun", actor=world.admin
        )


def test_create_institution_refused_to_another_kecamatan_admin(world):
    with pytest.raises(PermissionDenied):
        services.create_institution(
            district=world.district, kind="kua", name="KUA Yosowilangun", actor=world.outsider
        )


def test_deactivated_institution_not_offered_for_new_invitations_but_kept_on_old(world):
    meeting = make_meeting(world)

    services.set_institution_active(institution=world.polsek, active=False, actor=world.admin)

    new_form = MeetingForm(district_code=world.district.pk)
    old_form = MeetingForm(
        district_code=world.district.pk, initial=MeetingForm.initial_for(meeting)
    )
    assert world.polsek not in new_form.fields["invited"].queryset
    assert world.polsek in old_form.fields["invited"].queryset
    assert meeting.invitations.filter(institution=world.polsek).exists()

    services.set_institution_active(institution=world.polsek, active=True, actor=world.admin)

    assert world.polsek in invitable_institutions(district_code=world.district.pk)


def test_institution_pages_add_and_toggle(client, world):
    client.force_login(world.admin)

    added = client.post(
        reverse("meetings:institution_add"),
        {"kind": "satpol_pp", "name": "Satpol PP Kecamatan", "short_name": ""},
    )
    institution = Institution.objects.get(name="Satpol PP Kecamatan")
    toggled = client.post(
        reverse("meetings:institution_active", args=[institution.pk]), {"active": "0"}
    )
    refused = client.post(
        reverse("meetings:institution_add"),
        {"kind": "kua", "name": "Satpol PP Kecamatan", "short_name": "X"},
    )

    institution.refresh_from_db()
    assert (added.status_code, toggled.status_code, institution.is_active) == (302, 302, False)
    form = refused.context["institution_form"]
    assert refused.status_code == 400
    assert (form["name"].value(), form["kind"].value()) == ("Satpol PP Kecamatan", "kua")


def test_institution_toggle_refused_to_partner_and_outsider(client, world):
    url = reverse("meetings:institution_active", args=[world.polsek.pk])

    client.force_login(world.partner)
    partner = client.post(url, {"active": "0"})
    client.force_login(world.outsider)
    outsider = client.post(url, {"active": "0"})

    world.polsek.refresh_from_db()
    assert (partner.status_code, outsider.status_code, world.polsek.is_active) == (
        403,
        404,
        True,
    )


# --- the minutes form offers the signatories ----------------------------------------------------


def test_minutes_form_offers_the_signatories_and_saves_the_chair(client, world):
    office = make_office(world.district)
    chair = office.signatories.get()
    meeting = make_meeting(world)
    client.force_login(world.admin)
    url = reverse("meetings:minutes_edit", args=[meeting.pk])

    page = client.get(url)
    response = client.post(
        url,
        {"summary": "", "minute_taker": "Rina", "chair_signatory": chair.pk, "version": 1},
    )

    meeting.refresh_from_db()
    assert list(page.context["form"].fields["chair_signatory"].queryset) == [chair]
    assert (response.status_code, meeting.chair_signatory, meeting.chair_name) == (
        302,
        chair,
        "Budi Santoso",
    )


def test_api_evidence_with_complete_marks_the_item_done(world):
    from rest_framework.test import APIClient

    item = make_item(world, make_meeting(world))
    api = APIClient()
    api.force_authenticate(world.partner)

    response = api.post(
        f"/api/v1/action-items/{item.pk}/evidence/",
        {"note": "Patroli dilaksanakan", "complete": "true", "file": big_photo()},
        format="multipart",
    )

    item.refresh_from_db()
    assert (response.status_code, item.status) == (201, "done")
    assert response.json()["thumbnail_url"] == reverse(
        "meetings:evidence_thumbnail", args=[response.json()["id"]]
    )


def test_api_minutes_sets_the_chair_among_the_offices_signatories(world):
    from rest_framework.test import APIClient

    chair = make_office(world.district).signatories.get()
    foreign = make_office(world.other_district).signatories.get()
    meeting = make_meeting(world)
    api = APIClient()
    api.force_authenticate(world.admin)
    url = f"/api/v1/meetings/{meeting.pk}/minutes/"

    refused = api.put(url, {"summary": "", "chair_signatory": foreign.pk}, format="json")
    ok = api.put(url, {"summary": "", "chair_signatory": chair.pk}, format="json")

    meeting.refresh_from_db()
    assert (refused.status_code, list(refused.json()["errors"])) == (400, ["chair_signatory"])
    assert (ok.status_code, ok.json()["chair_signatory"], meeting.chair_signatory) == (
        200,
        chair.pk,
        chair,
    )


def test_item_of_a_deactivated_owner_can_still_be_corrected(client, world):
    item = make_item(world, make_meeting(world))
    services.set_institution_active(institution=world.polsek, active=False, actor=world.admin)
    client.force_login(world.admin)

    response = client.post(
        reverse("meetings:action_item_edit", args=[item.pk]),
        {
            "description": "Patroli malam diperluas",
            "owner_institution": world.polsek.pk,
            "due_date": item.due_date.isoformat(),
            "version": item.version,
        },
    )

    item.refresh_from_db()
    assert (response.status_code, item.description) == (302, "Patroli malam diperluas")
