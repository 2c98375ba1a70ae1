"""Citizen reports (pengaduan): submitted once per client id, refused when they say something
impossible, verified into an incident (photos moving with it) or rejected with a reason, moderated
once only, by the section only; the reporter's contact is personal data."""

import datetime as dt
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from sitrantib.core.audit import HIDDEN_VALUE, visible_changes
from sitrantib.core.enums import AuditAction
from sitrantib.core.models import AuditEntry
from sitrantib.core.scoping import scope_of
from sitrantib.fieldwork import access
from sitrantib.fieldwork.enums import CitizenReportStatus, IncidentSource, IncidentStatus
from sitrantib.fieldwork.models import CitizenReport, FieldPhoto, Incident, IncidentTransition
from sitrantib.fieldwork.services import reports
from sitrantib.fieldwork.tests.factories import category
from sitrantib.fieldwork.tests.test_services_client_ids import report_input
from sitrantib.fieldwork.tests.test_services_photos import jpeg_with_exif, stored_exif

pytestmark = pytest.mark.django_db


def submit(world, **changes):
    data = report_input(world)
    for name, value in changes.items():
        setattr(data, name, value)
    return reports.submit_report(data=data, client_id=uuid.uuid4())


def test_submitted_report_waits_with_a_tracking_code(world):
    report, created = submit(world, contact_phone="0812-3456 7890")
    stored = CitizenReport.objects.get(pk=report.pk)
    assert created
    assert stored.status == CitizenReportStatus.RECEIVED
    assert len(stored.tracking_code) == reports.CODE_LENGTH
    assert set(stored.tracking_code) <= set(reports.CODE_ALPHABET)
    assert stored.contact_phone == "081234567890"
    assert stored.district_id == world.district.code
    assert (
        reports.normalise_code(f"{stored.tracking_code[:4]}-{stored.tracking_code[4:]}".lower())
        == stored.tracking_code
    )
    [entry] = AuditEntry.objects.filter(object_type="fieldwork.citizenreport")
    assert (entry.action, entry.actor, entry.actor_name) == (AuditAction.CREATE, None, "sistem")


@pytest.mark.parametrize(
    ("field", "changes"),
    [
        ("occurred_at", {"occurred_at": timezone.now() + dt.timedelta(hours=1)}),
        ("occurred_at", {"occurred_at": timezone.now() - dt.timedelta(days=91)}),
        ("contact_phone", {"contact_phone": "0812abc"}),
        ("contact_phone", {"contact_phone": "123"}),
    ],
)
def test_impossible_reports_are_refused_and_nothing_saved(world, field, changes):
    with pytest.raises(ValidationError) as refused:
        submit(world, **changes)
    assert field in refused.value.message_dict
    assert not CitizenReport.objects.exists()


def test_a_category_no_longer_used_is_refused(world):
    retired = category("pungli", serious=False)
    retired.is_active = False
    retired.save()
    with pytest.raises(ValidationError) as refused:
        submit(world, category=retired)
    assert refused.value.message_dict["category"] == [reports.MESSAGE_CATEGORY_INACTIVE]


def test_a_bad_photo_saves_nothing(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(ValidationError):
        reports.submit_report(
            data=report_input(world),
            client_id=uuid.uuid4(),
            photo=SimpleUploadedFile("x.jpg", b"bukan foto", content_type="image/jpeg"),
        )
    assert not CitizenReport.objects.exists()
    assert not FieldPhoto.objects.exists()


def test_verified_report_becomes_a_verified_incident_with_its_photo(world):
    report, _ = reports.submit_report(
        data=report_input(world), client_id=uuid.uuid4(), photo=jpeg_with_exif()
    )
    photo = FieldPhoto.objects.get(citizen_report=report)
    assert stored_exif(photo)[:2] == ({}, {})
    incident = reports.verify_report(report=report, actor=world.admin, note="Dicek ke lokasi")
    stored = Incident.objects.get(pk=incident.pk)
    assert (stored.status, stored.source, stored.is_serious, stored.village) == (
        IncidentStatus.VERIFIED,
        IncidentSource.CITIZEN,
        True,
        world.village,
    )
    assert stored.description == report.description
    assert stored.created_by == world.admin
    report = CitizenReport.objects.get(pk=report.pk)
    assert (report.status, report.incident, report.moderated_by) == (
        CitizenReportStatus.VERIFIED,
        incident,
        world.admin,
    )
    assert report.moderated_at is not None
    assert list(FieldPhoto.objects.values_list("incident", "citizen_report")) == [
        (incident.pk, None)
    ]
    [move] = IncidentTransition.objects.filter(incident=incident)
    assert (move.from_status, move.to_status, move.note, move.actor) == (
        IncidentStatus.REPORTED,
        IncidentStatus.VERIFIED,
        "Dicek ke lokasi",
        world.admin,
    )


def test_the_section_may_correct_the_category_when_verifying(world):
    report, _ = submit(world)
    incident = reports.verify_report(report=report, actor=world.admin, category=category("miras"))
    assert (incident.category.code, incident.is_serious) == ("miras", False)


def test_rejection_needs_a_reason_the_reporter_reads(world):
    report, _ = submit(world)
    with pytest.raises(ValidationError) as refused:
        reports.reject_report(report=report, reason="   ", actor=world.admin)
    assert refused.value.message_dict["reason"] == [reports.MESSAGE_REASON_REQUIRED]
    assert CitizenReport.objects.get(pk=report.pk).status == CitizenReportStatus.RECEIVED
    reports.reject_report(report=report, reason=" Bukan gangguan keamanan ", actor=world.admin)
    stored = CitizenReport.objects.get(pk=report.pk)
    assert (stored.status, stored.reason) == (
        CitizenReportStatus.REJECTED,
        "Bukan gangguan keamanan",
    )
    assert not Incident.objects.exists()


@pytest.mark.parametrize("first", ["verify", "reject"])
def test_a_moderated_report_is_not_moderated_again(world, first):
    report, _ = submit(world)
    if first == "verify":
        reports.verify_report(report=report, actor=world.admin)
        label = CitizenReportStatus.VERIFIED.label
    else:
        reports.reject_report(report=report, reason="Tidak jelas", actor=world.admin)
        label = CitizenReportStatus.REJECTED.label
    for again in (
        lambda: reports.verify_report(report=report, actor=world.admin),
        lambda: reports.reject_report(report=report, reason="Lagi", actor=world.admin),
    ):
        with pytest.raises(ValidationError) as refused:
            again()
        assert refused.value.messages == [reports.MESSAGE_ALREADY_MODERATED % {"status": label}]
    assert Incident.objects.count() == (1 if first == "verify" else 0)


@pytest.mark.parametrize("who", ["camat", "staff", "operator", "partner", "outsider", "superuser"])
def test_only_the_section_moderates(world, who):
    report, _ = submit(world)
    with pytest.raises(PermissionDenied):
        reports.verify_report(report=report, actor=getattr(world, who))
    with pytest.raises(PermissionDenied):
        reports.reject_report(report=report, reason="Tidak", actor=getattr(world, who))
    assert CitizenReport.objects.get(pk=report.pk).status == CitizenReportStatus.RECEIVED


def test_the_contact_is_personal_data(world):
    report, _ = submit(world)
    assert CitizenReport.audit_personal_fields == ("contact_name", "contact_phone")
    assert access.sees_reporter_contact(scope_of(world.admin), report)
    for who in (world.camat, world.staff, world.operator, world.outsider):
        assert not access.sees_reporter_contact(scope_of(who), report)
    entry = AuditEntry.objects.get(object_type="fieldwork.citizenreport", action=AuditAction.CREATE)
    by_admin = {
        name: new for name, _old, new in visible_changes(entry, scope=scope_of(world.admin))
    }
    by_camat = {
        name: new for name, _old, new in visible_changes(entry, scope=scope_of(world.camat))
    }
    assert by_admin["contact_phone"] == "081234567890"
    assert by_camat["contact_phone"] == HIDDEN_VALUE
    assert by_camat["contact_name"] == HIDDEN_VALUE


def test_normalise_code():
    assert reports.normalise_code(" abcd-2345 xy ") == "ABCD2345XY"
    assert reports.normalise_code("") == ""
    assert len(reports.normalise_code("A" * 40)) == reports.CODE_LENGTH
