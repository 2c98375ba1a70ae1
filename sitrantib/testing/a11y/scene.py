"""The scene of the accessibility checks: `world`'s people and places plus one object of
every kind a listed page shows, built once per test. `SCENE` lists the builders (name, builder)
in order, a builder reads the world and earlier objects; `build_scene` runs them."""

from __future__ import annotations

import io
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from sitrantib.testing import (
    a11y_archive,
    a11y_fieldwork,
    a11y_indicators,
    a11y_reports,
    a11y_villagedocs,
)


def _member(s: Any) -> Any:
    from sitrantib.linmas.tests.conftest import make_member

    return make_member(s.village, serial=91)  # a NIK no other builder uses


def _member_import(s: Any) -> Any:
    from sitrantib.linmas.imports import stage_members
    from sitrantib.linmas.tests.conftest import xlsx, xlsx_row

    upload = io.BytesIO(xlsx([xlsx_row(serial=7), xlsx_row(serial=8, nama="")]))
    upload.name = "anggota.xlsx"
    return stage_members(village=s.village, upload=upload, actor=s.operator)


def _meeting(s: Any) -> Any:
    from sitrantib.meetings.tests.factories import make_meeting, make_office

    make_office(s.district)
    return make_meeting(s.world)


def _action_item(s: Any) -> Any:
    from sitrantib.meetings.tests.factories import make_item

    return make_item(s.world, s.meeting)


def _decision(s: Any) -> Any:
    from sitrantib.meetings.services.minutes import add_decision

    return add_decision(meeting=s.meeting, text="Patroli gabungan tiap malam Minggu", actor=s.admin)


def _attendance(s: Any) -> Any:
    from sitrantib.meetings.services.minutes import record_attendance

    return record_attendance(
        meeting=s.meeting, name="Aiptu Slamet", position="Kanit Binmas", actor=s.admin
    )


def _person(s: Any) -> Any:
    from sitrantib.meetings.services.people import create_person

    return create_person(institution=s.polsek, name="Aiptu Slamet", position="Kanit", actor=s.admin)


def _open_period(s: Any) -> Any:
    from sitrantib.surveys.tests.conftest import make_period

    return make_period(s.world)


def _closed_period(s: Any) -> Any:
    from sitrantib.surveys.enums import PeriodStatus
    from sitrantib.surveys.tests.conftest import make_period

    return make_period(s.world, status=PeriodStatus.CLOSED, title="SKM Triwulan IV 2025")


def _published_period(s: Any) -> Any:
    from sitrantib.surveys.enums import PeriodStatus
    from sitrantib.surveys.tests.conftest import make_period

    return make_period(s.world, status=PeriodStatus.PUBLISHED, title="SKM Triwulan III 2025")


def _survey_import(s: Any) -> Any:
    from openpyxl import Workbook

    from sitrantib.surveys.imports import stage_questionnaires

    book = Workbook()
    sheet = book.active
    sheet.append(
        [
            "Nomor kuesioner",
            "Jenis kelamin (L/P)",
            "Umur",
            "Pendidikan",
            "Pekerjaan",
            "Layanan yang diterima",
            *[f"U{i}" for i in range(1, 10)],
            "Saran",
        ]
    )
    sheet.append(["K-001", "P", 34, "sma", "wirausaha", "Izin keramaian", *[4] * 9, ""])
    sheet.append(["K-002", "X", 34, "sma", "wirausaha", "Izin keramaian", *[9] * 9, ""])
    upload = io.BytesIO()
    book.save(upload)
    upload.seek(0)
    upload.name = "kuesioner.xlsx"
    return stage_questionnaires(period=s.open_period, upload=upload, actor=s.admin)


def _plan(s: Any) -> Any:
    from sitrantib.planning.tests.conftest import make_plan

    return make_plan(s.world)


def _budget_line(s: Any) -> Any:
    from sitrantib.budget.tests.conftest import make_line

    return make_line(s.world, code="5.1.02.01.01.0052")


def _budget_import(s: Any) -> Any:
    from openpyxl import Workbook

    from sitrantib.budget.imports import stage_spending

    book = Workbook()
    sheet = book.active
    sheet.title = "Realisasi"
    sheet.append(["Tanggal", "Kode Rekening", "Mata Anggaran", "Jumlah", "Uraian"])
    sheet.append(["10-02-2026", "5.1.02.01.01.0052", "", 400, "Rakor Februari"])
    sheet.append(["11-02-2026", "9.9", "", 600, "Tidak dikenal"])
    upload = io.BytesIO()
    book.save(upload)
    upload.seek(0)
    upload.name = "realisasi.xlsx"
    return stage_spending(upload=upload, district=s.district, year=2026, actor=s.admin)


def _village_statistic(s: Any) -> Any:
    from sitrantib.regions.models import VillageStatistic

    return VillageStatistic.objects.create(
        village=s.village, year=2026, population=5120, source=_source()
    )


def _district_statistic(s: Any) -> Any:
    from sitrantib.regions.models import DistrictStatistic

    return DistrictStatistic.objects.create(
        district=s.district, year=2026, population=61000, source=_source()
    )


def _source() -> Any:
    from sitrantib.regions.models import StatisticSource

    return StatisticSource.objects.get_or_create(title="Kecamatan Dalam Angka 2026")[0]


def _audit_entry(s: Any) -> Any:
    from sitrantib.core.models import AuditEntry

    return AuditEntry.objects.filter(district_code=s.district.code).latest("pk")


def _export_job(s: Any) -> Any:
    from sitrantib.core.models import ExportJob

    return ExportJob.objects.create(
        owner=s.admin, kind="linmas.register", params={}, filename="register-linmas.xlsx"
    )


def _reset(s: Any) -> Any:
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    user = s.staff
    return SimpleNamespace(
        uid=urlsafe_base64_encode(force_bytes(user.pk)),
        token=default_token_generator.make_token(user),
    )


def _instructor(s: Any) -> Any:
    from sitrantib.trainings.tests.factories import make_instructor

    return make_instructor(s.world)


def _training(s: Any) -> Any:
    """A training with a session taught by the Polsek's instructor (the partner reads it) and a
    participant of each desa of the kecamatan (the operator reads one)."""
    from sitrantib.linmas.tests.conftest import make_member
    from sitrantib.trainings import services
    from sitrantib.trainings.models import TrainingKind
    from sitrantib.trainings.tests.factories import make_sessions, make_training

    # The kinds are seeded by a migration, which a browser test's flushed database has lost.
    TrainingKind.objects.get_or_create(code="dasar", defaults={"name": "Pelatihan Dasar"})
    training = make_training(s.world, title="Pelatihan Dasar LINMAS 2026", capacity=40)
    make_sessions(s.world, training, 2, instructor=s.instructor)
    for serial, (village, name) in enumerate(
        ((s.village, "Sutrisno"), (s.sibling_village, "Wahyuni")), start=51
    ):
        member = make_member(village, serial=serial, name=name)
        services.enrol_member(training=training, member=member, actor=s.admin)
    return training


def _records_training(s: Any) -> Any:
    """A finished training (the attendance, scores, completion and certificate pages in every
    state): Suparman and Lestari completed and hold certificates, Lestari's revoked; Bambang
    missed a session and did not complete."""
    from sitrantib.linmas.tests.conftest import make_member
    from sitrantib.trainings import services
    from sitrantib.trainings.tests.factories import make_sessions, make_training, run_training

    training = make_training(s.world, title="Pelatihan Penyegaran LINMAS 2026", capacity=40)
    sessions = make_sessions(s.world, training, 2)
    for serial, (village, name) in enumerate(
        ((s.village, "Suparman"), (s.sibling_village, "Lestari"), (s.village, "Bambang")),
        start=61,
    ):
        member = make_member(village, serial=serial, name=name)
        services.enrol_member(training=training, member=member, actor=s.admin)
    training = run_training(s.world, training)
    people = list(training.enrolments.order_by("pk"))
    for index, session in enumerate(sessions):
        marks = {e.pk: "hadir" for e in people}
        if index:
            marks[people[-1].pk] = "sakit"
        services.mark_attendance(session=session, marks=marks, actor=s.admin)
    services.set_scores(training=training, scores={e.pk: (55, 85) for e in people}, actor=s.admin)
    training = services.transition_training(training=training, to_status="finished", actor=s.admin)
    issued = services.issue_certificates(training=training, actor=s.admin)
    services.revoke_certificate(certificate=issued[-1], reason="Data ganda", actor=s.admin)
    return training


def _certificate(s: Any) -> Any:
    from sitrantib.trainings.models import Certificate

    return Certificate.objects.filter(enrolment__training=s.records_training).order_by("pk").first()


# (name, builder): built in this order; a builder reads the world and earlier objects.
SCENE: list[tuple[str, Callable[[Any], Any]]] = [
    ("member", _member),
    ("member_import", _member_import),
    ("meeting", _meeting),
    ("action_item", _action_item),
    ("decision", _decision),
    ("attendance", _attendance),
    ("person", _person),
    ("open_period", _open_period),
    ("closed_period", _closed_period),
    ("published_period", _published_period),
    ("survey_import", _survey_import),
    ("plan", _plan),
    ("plan_section", lambda s: s.plan.sections.first()),
    ("plan_indicator", lambda s: s.plan.indicators.first()),
    ("plan_activity", lambda s: s.plan.activities.first()),
    ("budget_line", _budget_line),
    ("budget_import", _budget_import),
    ("village_statistic", _village_statistic),
    ("district_statistic", _district_statistic),
    ("audit_entry", _audit_entry),
    ("export_job", _export_job),
    ("reset", _reset),
    ("instructor", _instructor),
    ("training", _training),
    ("training_session", lambda s: s.training.sessions.first()),
    ("enrolment", lambda s: s.training.enrolments.order_by("pk").first()),
    ("records_training", _records_training),
    ("records_session", lambda s: s.records_training.sessions.order_by("date", "pk").first()),
    ("certificate", _certificate),
    *a11y_fieldwork.SCENE,
    # after the records they count: the indicators' values are computed from them
    *a11y_villagedocs.SCENE,
    *a11y_indicators.SCENE,
    *a11y_archive.SCENE,
    *a11y_reports.SCENE,
]


def build_scene(world: Any) -> SimpleNamespace:
    """`world`'s people and places plus one object of every kind a listed page shows."""
    scene = SimpleNamespace(world=world, **vars(world))
    for name, build in SCENE:
        setattr(scene, name, build(scene))
    return scene
