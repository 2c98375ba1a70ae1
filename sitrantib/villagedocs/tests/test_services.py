"""Obligations made from the rules, documents received (upload and stamp), verdicts, the on-time
rule at the deadline in WIB under both bases, and the batch recompute of a new basis."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfReader

from sitrantib.core.models import AuditEntry
from sitrantib.regions.models import Village
from sitrantib.villagedocs import services
from sitrantib.villagedocs.enums import Channel, Frequency, ObligationStatus, OnTimeBasis, Verdict
from sitrantib.villagedocs.models import DocumentType, Obligation, Submission
from sitrantib.villagedocs.tests.factories import (
    default_type,
    make_obligation,
    pdf_upload,
    png_upload,
    receive,
    wib,
)

pytestmark = pytest.mark.django_db

D = dt.date
PER_DESA_2026 = 1 + 1 + 1 + 1 + 1 + 12  # rkpdes, perdes, semester I, lppd, lpj, 12 summaries


# Obligations --------------------------------------------------------------------------------------


def test_generating_a_year_makes_every_rule_driven_obligation_once(world):
    made = services.generate_obligations(district=world.district, year=2026, actor=world.admin)
    assert made == 2 * PER_DESA_2026
    rows = Obligation.objects.filter(village=world.village)
    assert rows.count() == PER_DESA_2026
    assert rows.get(document_type__code="rkpdes").due_date == D(2025, 9, 30)
    assert rows.get(document_type__code="lppd").due_date == D(2027, 3, 31)
    assert rows.get(document_type__code="rekap-penduduk", period_key="2026-12").due_date == D(
        2027, 1, 10
    )
    assert not rows.filter(document_type__frequency=Frequency.EVENT).exists()
    assert not Obligation.objects.filter(district=world.other_district).exists()
    assert AuditEntry.objects.filter(object_type="villagedocs.obligation").count() == 1
    # A second run makes none and writes no audit entry.
    assert services.generate_obligations(district=world.district, year=2026, actor=world.admin) == 0
    assert Obligation.objects.count() == 2 * PER_DESA_2026
    assert AuditEntry.objects.filter(object_type="villagedocs.obligation").count() == 1


def test_generation_leaves_kelurahan_out_and_follows_the_kecamatans_own_types(world):
    Village.objects.create(
        code="35.08.07.1001", name="Kelurahan Uji", district=world.district, kind="kelurahan"
    )
    own = services.create_document_type(
        district=world.district,
        data={
            "code": "rekap-penduduk",
            "name": "Rekap penduduk (Perbup)",
            "frequency": Frequency.MONTHLY,
            "due_day": 5,
        },
        actor=world.admin,
    )
    services.create_document_type(
        district=world.district,
        data={
            "code": "lpj-apbdes",
            "name": "LPJ (tidak dipantau)",
            "frequency": Frequency.YEARLY,
            "due_month": 3,
            "due_day": 31,
            "is_active": False,
        },
        actor=world.admin,
    )
    services.generate_obligations(district=world.district, year=2026, actor=world.admin)
    assert not Obligation.objects.filter(village_id="35.08.07.1001").exists()
    summary = Obligation.objects.get(village=world.village, period_key="2026-03")
    assert summary.document_type == own
    assert summary.due_date == D(2026, 4, 5)
    # The inactive own LPJ switches the default LPJ off for this kecamatan.
    assert not Obligation.objects.filter(document_type__code="lpj-apbdes").exists()
    assert Obligation.objects.filter(village=world.village).count() == PER_DESA_2026 - 1


def test_only_the_kecamatans_admin_generates(world):
    for user in (world.staff, world.camat, world.operator, world.outsider):
        with pytest.raises(PermissionDenied):
            services.generate_obligations(district=world.district, year=2026, actor=user)
    assert not Obligation.objects.exists()


def test_an_event_obligation_counts_its_deadline_from_the_event(world):
    rpjmdes = services.create_event_obligation(
        village=world.village,
        document_type=default_type("rpjmdes"),
        event_date=D(2025, 11, 30),
        actor=world.admin,
        note="Pelantikan Kepala Desa",
    )
    assert rpjmdes.due_date == D(2026, 2, 28)
    assert rpjmdes.period_key == "2025-E1130"
    draft = services.create_event_obligation(
        village=world.village,
        document_type=default_type("rancangan-apbdes"),
        event_date=D(2026, 10, 30),
        actor=world.admin,
    )
    assert draft.due_date == D(2026, 11, 2)
    with pytest.raises(ValidationError) as refused:
        services.create_event_obligation(
            village=world.village,
            document_type=default_type("lppd"),
            event_date=D(2026, 1, 1),
            actor=world.admin,
        )
    assert "document_type" in refused.value.message_dict
    with pytest.raises(ValidationError):  # the same event twice
        services.create_event_obligation(
            village=world.village,
            document_type=default_type("rancangan-apbdes"),
            event_date=D(2026, 10, 30),
            actor=world.admin,
        )
    with pytest.raises(PermissionDenied):
        services.create_event_obligation(
            village=world.village,
            document_type=default_type("rpjmdes"),
            event_date=D(2026, 1, 1),
            actor=world.outsider,
        )


# Submissions and verdicts -------------------------------------------------------------------------


def test_the_desa_operator_uploads_a_pdf_and_its_receipt_time_is_now(world):
    obligation = make_obligation(world.village)
    before = timezone.now()
    submission = services.submit_document(
        obligation=obligation, actor=world.operator, file=pdf_upload("LPPD 2026.pdf")
    )
    after = timezone.now()
    stored = Submission.objects.get(pk=submission.pk)
    assert before <= stored.received_at <= after
    assert stored.channel == Channel.UPLOAD
    assert stored.received_by == world.operator
    assert stored.original_name == "LPPD 2026.pdf"
    assert stored.size > 0
    with stored.file.open("rb") as handle:
        assert len(PdfReader(handle).pages) == 1
    obligation.refresh_from_db()
    assert obligation.status == ObligationStatus.SUBMITTED
    assert obligation.counted_received_at is None  # nothing accepted yet
    assert obligation.on_time is None


def test_a_photo_is_accepted_and_a_text_file_or_no_file_is_refused(world):
    obligation = make_obligation(world.village)
    services.submit_document(obligation=obligation, actor=world.operator, file=png_upload())
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(ValidationError):
        services.submit_document(
            obligation=obligation,
            actor=world.operator,
            file=SimpleUploadedFile("x.pdf", b"not a pdf at all", content_type="application/pdf"),
        )
    with pytest.raises(ValidationError) as refused:
        services.submit_document(obligation=obligation, actor=world.operator)
    assert "file" in refused.value.message_dict
    assert Submission.objects.count() == 1


def test_uploads_and_stamps_are_scoped(world):
    obligation = make_obligation(world.village)
    for user in (world.sibling_operator, world.outsider, world.partner, world.camat):
        with pytest.raises(PermissionDenied):
            services.submit_document(obligation=obligation, actor=user, file=pdf_upload())
    for user in (world.operator, world.camat, world.outsider):
        with pytest.raises(PermissionDenied):
            services.submit_document(obligation=obligation, actor=user, stamp=True)
    stamped = services.submit_document(obligation=obligation, actor=world.staff, stamp=True)
    assert stamped.channel == Channel.STAMP
    assert not stamped.file
    assert Submission.objects.count() == 1


def test_accept_return_with_reason_and_resubmit(world):
    obligation = make_obligation(world.village, due=D(2026, 3, 31))
    first = services.submit_document(obligation=obligation, actor=world.operator, file=pdf_upload())
    with pytest.raises(ValidationError) as refused:
        services.judge_submission(submission=first, accept=False, actor=world.staff, reason=" ")
    assert "reason" in refused.value.message_dict
    with pytest.raises(PermissionDenied):
        services.judge_submission(submission=first, accept=True, actor=world.operator)
    returned = services.judge_submission(
        submission=first, accept=False, actor=world.staff, reason="Lampiran belum ditandatangani"
    )
    assert returned.verdict == Verdict.RETURNED
    assert returned.verdict_reason == "Lampiran belum ditandatangani"
    obligation.refresh_from_db()
    assert obligation.status == ObligationStatus.RETURNED
    with pytest.raises(ValidationError):  # judged once only
        services.judge_submission(submission=first, accept=True, actor=world.staff)
    second = services.submit_document(
        obligation=obligation, actor=world.operator, file=pdf_upload()
    )
    obligation.refresh_from_db()
    assert obligation.status == ObligationStatus.SUBMITTED
    services.judge_submission(submission=second, accept=True, actor=world.admin)
    obligation.refresh_from_db()
    assert obligation.status == ObligationStatus.ACCEPTED
    assert obligation.counted_received_at == Submission.objects.get(pk=second.pk).received_at
    with pytest.raises(ValidationError):  # nothing more to send once accepted
        services.submit_document(obligation=obligation, actor=world.operator, file=pdf_upload())


def test_a_second_pending_sending_cannot_be_accepted_after_the_first(world):
    obligation = make_obligation(world.village)
    one = services.submit_document(obligation=obligation, actor=world.operator, file=pdf_upload())
    two = services.submit_document(obligation=obligation, actor=world.staff, stamp=True)
    services.judge_submission(submission=one, accept=True, actor=world.staff)
    with pytest.raises(ValidationError):
        services.judge_submission(submission=two, accept=True, actor=world.staff)


# On time ------------------------------------------------------------------------------------------


def test_a_receipt_at_2359_wib_on_the_due_date_is_on_time(world):
    obligation = make_obligation(world.village, due=D(2026, 3, 31))
    receive(obligation, wib(2026, 3, 31, 23, 59), actor=world.staff, verdict="accepted")
    assert obligation.status == ObligationStatus.ACCEPTED
    assert obligation.on_time is True
    # 23:59 WIB is 16:59 UTC: the date is taken in the site's zone, not UTC's or the request's.
    with timezone.override("America/New_York"):
        services.refresh_obligation(obligation)
    assert obligation.on_time is True


def test_a_receipt_at_0001_wib_the_next_day_is_late(world):
    obligation = make_obligation(world.village, due=D(2026, 3, 31))
    receive(obligation, wib(2026, 4, 1, 0, 1), actor=world.staff, verdict="accepted")
    assert obligation.on_time is False
    # 00:01 WIB on 1 April is still 31 March in UTC: the site's zone decides.
    assert obligation.counted_received_at.astimezone(dt.UTC).date() == D(2026, 3, 31)


def _returned_then_accepted(world, *, first: dt.datetime, second: dt.datetime) -> Obligation:
    obligation = make_obligation(world.village, due=D(2026, 3, 31))
    receive(obligation, first, actor=world.staff, verdict="returned")
    assert obligation.on_time is None  # returned: nothing counts yet
    receive(obligation, second, actor=world.staff, verdict="accepted")
    return obligation


def test_basis_accepted_counts_the_receipt_of_the_document_finally_accepted(world):
    obligation = _returned_then_accepted(
        world, first=wib(2026, 3, 30, 10), second=wib(2026, 4, 3, 10)
    )
    assert obligation.counted_received_at == wib(2026, 4, 3, 10)
    assert obligation.on_time is False


def test_basis_first_counts_the_first_sending_of_a_document_accepted_later(world):
    services.update_settings(
        district=world.district, data={"on_time_basis": OnTimeBasis.FIRST}, actor=world.admin
    )
    obligation = _returned_then_accepted(
        world, first=wib(2026, 3, 30, 10), second=wib(2026, 4, 3, 10)
    )
    assert obligation.counted_received_at == wib(2026, 3, 30, 10)
    assert obligation.on_time is True


def test_a_new_basis_decides_every_obligation_again_in_a_fixed_number_of_queries(world):
    def scene(villages: int) -> list[int]:
        Obligation.objects.all().delete()
        Village.objects.filter(code__startswith="35.08.07.29").delete()
        made = []
        for n in range(villages):
            village = Village.objects.create(
                code=f"35.08.07.29{n:02d}", name=f"Desa {n}", district=world.district, kind="desa"
            )
            made.append(
                _returned_then_accepted_in(
                    world, village, first=wib(2026, 3, 30, 10), second=wib(2026, 4, 2, 10)
                ).pk
            )
        return made

    counts = {}
    for villages in (2, 20):
        pks = scene(villages)
        services.update_settings(
            district=world.district, data={"on_time_basis": OnTimeBasis.ACCEPTED}, actor=world.admin
        )
        assert Obligation.objects.filter(pk__in=pks, on_time=False).count() == villages
        with CaptureQueriesContext(connection) as queries:
            services.update_settings(
                district=world.district,
                data={"on_time_basis": OnTimeBasis.FIRST},
                actor=world.admin,
            )
        assert Obligation.objects.filter(pk__in=pks, on_time=True).count() == villages
        counts[villages] = len(queries)
        services.update_settings(
            district=world.district, data={"on_time_basis": OnTimeBasis.ACCEPTED}, actor=world.admin
        )
        assert Obligation.objects.filter(pk__in=pks, on_time=False).count() == villages
    assert counts[2] == counts[20]


def _returned_then_accepted_in(
    world, village: Village, *, first: dt.datetime, second: dt.datetime
) -> Obligation:
    obligation = make_obligation(village, due=D(2026, 3, 31))
    receive(obligation, first, actor=world.staff, verdict="returned")
    receive(obligation, second, actor=world.staff, verdict="accepted")
    return obligation


def test_settings_need_the_kecamatans_admin_and_a_stale_version_is_refused(world):
    from sitrantib.core.concurrency import StaleVersion

    with pytest.raises(PermissionDenied):
        services.update_settings(
            district=world.district, data={"reminder_days": 3}, actor=world.staff
        )
    row = services.update_settings(
        district=world.district, data={"reminder_days": 3}, actor=world.admin
    )
    assert services.settings_for(world.district.code).reminder_days == 3
    with pytest.raises(StaleVersion):
        services.update_settings(
            district=world.district,
            data={"reminder_days": 5},
            actor=world.admin,
            expected_version=row.version - 1,
        )


def test_a_waived_obligation_takes_no_document_and_needs_a_reason(world):
    obligation = make_obligation(world.village)
    with pytest.raises(ValidationError):
        services.waive_obligation(obligation=obligation, reason="", actor=world.admin)
    with pytest.raises(PermissionDenied):
        services.waive_obligation(obligation=obligation, reason="Pj. Kades", actor=world.staff)
    services.waive_obligation(
        obligation=obligation, reason="Desa baru dimekarkan", actor=world.admin
    )
    obligation.refresh_from_db()
    assert obligation.status == ObligationStatus.WAIVED
    assert obligation.is_late(D(2030, 1, 1)) is False
    with pytest.raises(ValidationError):
        services.submit_document(obligation=obligation, actor=world.operator, file=pdf_upload())


# Document types -----------------------------------------------------------------------------------


def test_the_admin_makes_and_changes_own_types_but_not_the_defaults(world):
    from sitrantib.core.concurrency import StaleVersion

    own = services.create_document_type(
        district=world.district,
        data={
            "code": "profil-desa",
            "name": "Profil desa",
            "frequency": Frequency.YEARLY,
            "due_month": 6,
            "due_day": 30,
        },
        actor=world.admin,
    )
    assert own.version == 1
    services.update_document_type(
        document_type=own, changes={"due_day": 15}, actor=world.admin, expected_version=1
    )
    assert DocumentType.objects.get(pk=own.pk).due_day == 15
    with pytest.raises(StaleVersion):
        services.update_document_type(
            document_type=own, changes={"due_day": 10}, actor=world.admin, expected_version=1
        )
    with pytest.raises(PermissionDenied):
        services.update_document_type(
            document_type=default_type("lppd"), changes={"due_day": 1}, actor=world.admin
        )
    with pytest.raises(PermissionDenied):
        services.update_document_type(
            document_type=own, changes={"due_day": 1}, actor=world.outsider
        )
    with pytest.raises(ValidationError):  # the same code twice in a kecamatan
        services.create_document_type(
            district=world.district,
            data={
                "code": "profil-desa",
                "name": "Lagi",
                "frequency": Frequency.YEARLY,
                "due_month": 6,
                "due_day": 30,
            },
            actor=world.admin,
        )
    with pytest.raises(ValidationError):  # a yearly rule without its date
        services.create_document_type(
            district=world.district,
            data={"code": "tanpa-tanggal", "name": "Tanpa", "frequency": Frequency.YEARLY},
            actor=world.admin,
        )
