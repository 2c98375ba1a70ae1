"""The reporter's contact is erased a set time after moderation (docs/adr/0082)."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from sitrantib.core.models import AuditEntry
from sitrantib.fieldwork.models import CitizenReport
from sitrantib.fieldwork.services import reports
from sitrantib.fieldwork.tests.test_services_reports import submit

pytestmark = pytest.mark.django_db


def _moderated(world, *, days_ago: float, reject: bool = True) -> CitizenReport:
    report, _created = submit(world, contact_name="Bu Sri", contact_phone="081234567890")
    if reject:
        reports.reject_report(report=report, reason="Tidak dapat dipastikan", actor=world.admin)
    else:
        reports.verify_report(report=report, actor=world.admin)
    CitizenReport.objects.filter(pk=report.pk).update(
        moderated_at=timezone.now() - dt.timedelta(days=days_ago)
    )
    return report


def test_contacts_go_after_the_retention_and_not_before(world):
    old = _moderated(world, days_ago=90.5)
    verified_old = _moderated(world, days_ago=200, reject=False)
    recent = _moderated(world, days_ago=89.5)
    waiting, _created = submit(world, contact_name="Pak Budi", contact_phone="082233445566")

    assert reports.forget_old_contacts(days=90) == 2

    rows = {r.pk: (r.contact_name, r.contact_phone) for r in CitizenReport.objects.all()}
    assert rows[old.pk] == ("", "")
    assert rows[verified_old.pk] == ("", "")
    assert rows[recent.pk] == ("Bu Sri", "081234567890")
    assert rows[waiting.pk] == ("Pak Budi", "082233445566")  # not moderated: kept


def test_erasing_is_audited_without_the_contacts_and_a_rerun_finds_nothing(world):
    _moderated(world, days_ago=120)
    _moderated(world, days_ago=121)
    before = AuditEntry.objects.count()

    assert reports.forget_old_contacts(days=90) == 2
    entry = AuditEntry.objects.order_by("-pk").first()
    assert AuditEntry.objects.count() == before + 1  # one entry for the kecamatan
    assert entry.district_code == world.district.code
    assert entry.after["contacts_erased"] == 2
    assert "081234567890" not in str(entry.after)
    assert "Bu Sri" not in str(entry.after)

    assert reports.forget_old_contacts(days=90) == 0
    assert AuditEntry.objects.count() == before + 1


def test_the_command_uses_the_setting(world, settings, capsys):
    settings.SITRANTIB_CITIZEN_REPORT_CONTACT_DAYS = 30
    report = _moderated(world, days_ago=31)
    call_command("forget_report_contacts")
    report.refresh_from_db()
    assert (report.contact_name, report.contact_phone) == ("", "")
    assert "1" in capsys.readouterr().out
