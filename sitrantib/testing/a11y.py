"""The list of every HTML page the accessibility checks open, and the axe-core run itself.

`PAGES` has one line per page: the URL name, the roles that open it, and how its URL
arguments come from the test scene (`world` plus the objects `SCENE` builds). `EXCLUDED`
names every URL that serves no HTML page (a download, an action that only accepts POST,
a redirect, JSON) with its reason. `sitrantib/core/tests/test_accessibility.py` fails when a
URL name is in neither, so a new module cannot add a page without adding it here.

Adding a page of a new module (docs/dev/accessibility.md):

    Page("trainings:detail", ADMIN, pk="training"),          # scene object "training"
    ...
    SCENE.append(("training", lambda s: make_training(s.world)))

axe-core is vendored in `vendor/axe-core/` by `frontend/copy-assets.sh` (docs/adr/0055):
only the tests use it, it is never served.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from sitrantib.testing import (
    a11y_archive,
    a11y_fieldwork,
    a11y_indicators,
    a11y_reports,
    a11y_villagedocs,
)
from sitrantib.testing.a11y_page import ADMIN, EVERYONE, ROLES, Page  # noqa: F401 - ROLES: tests import it here

AXE_PATH = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"

# The rules checked: WCAG 2.0 and 2.1, levels A and AA (docs/adr/0055).
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


# fmt: off
PAGES: list[Page] = [
    # regions, home and the shell
    Page("regions:home", (*EVERYONE, "anonymous"), menu_open_on_phone=True),
    Page("regions:village_detail", ("admin", "operator"), code="village.code"),
    Page("regions:statistic_add", ADMIN, code="village.code"),
    Page("regions:statistic_edit", ADMIN, code="village.code", pk="village_statistic"),
    Page("regions:district_statistic_edit", ADMIN, code="district.code", pk="district_statistic"),
    Page("regions:office_edit", ADMIN),
    # accounts
    Page("accounts:login", ("anonymous",), menu_open_on_phone=True),
    Page("accounts:password_change", ("operator",)),
    Page("accounts:password_set", ("anonymous",), uidb64="reset.uid", token="reset.token"),  # noqa: S106
    Page("accounts:user_list", ADMIN),
    Page("accounts:user_create", ADMIN, menu_open_on_phone=True),
    Page("accounts:user_edit", ADMIN, pk="operator"),
    # core
    Page("core:data_quality", ADMIN),
    Page("core:audit_log", ADMIN),
    Page("core:audit_detail", ADMIN, pk="audit_entry"),
    Page("core:export_progress", ADMIN, pk="export_job"),
    Page("core:site_search", ADMIN, query="q=Budi"),
    # LINMAS
    Page("linmas:home", ("admin", "staff", "operator")),
    Page("linmas:readiness_rule", ADMIN),
    Page("linmas:member_list", ("admin", "operator")),
    Page("linmas:member_create", ("operator",), query="village=35.08.07.2001",
         menu_open_on_phone=True),
    Page("linmas:member_detail", ("admin", "operator"), pk="member"),
    Page("linmas:member_update", ("operator",), pk="member"),
    Page("linmas:member_anonymise", ADMIN, pk="member"),
    Page("linmas:squads", ADMIN),
    Page("linmas:equipment", ADMIN),
    Page("linmas:import_upload", ("operator",)),
    Page("linmas:import_preview", ("operator",), pk="member_import"),
    Page("linmas_public:verify", ("anonymous",), code="member.verification_code",
         menu_open_on_phone=True),
    # meetings
    Page("meetings:home", ("admin", "staff", "partner")),
    Page("meetings:indicator", ADMIN),
    Page("meetings:meeting_list", ("admin", "partner")),
    Page("meetings:meeting_create", ADMIN),
    Page("meetings:institutions", ADMIN),
    Page("meetings:numbering", ADMIN),
    Page("meetings:meeting_detail", ("admin", "partner"), pk="meeting"),
    Page("meetings:meeting_edit", ADMIN, pk="meeting"),
    Page("meetings:minutes_edit", ADMIN, pk="meeting"),
    Page("meetings:action_item_detail", ("admin", "partner"), pk="action_item"),
    Page("meetings:action_item_edit", ADMIN, pk="action_item"),
    Page("meetings:decision_edit", ADMIN, pk="decision"),
    Page("meetings:attendance_edit", ADMIN, pk="attendance"),
    Page("meetings:person_edit", ADMIN, pk="person"),
    # surveys
    Page("surveys:home", ("admin", "staff")),
    Page("surveys:create", ADMIN),
    Page("surveys:elements", ADMIN),
    Page("surveys:detail", ("admin", "camat"), pk="open_period"),
    Page("surveys:results", ADMIN, pk="open_period"),  # a fragment: opened alone, the full page
    Page("surveys:edit", ADMIN, pk="open_period"),
    Page("surveys:publish", ADMIN, pk="closed_period"),
    Page("surveys:poster", ADMIN, pk="open_period"),
    Page("surveys:paper_entry", ADMIN, pk="open_period"),
    Page("surveys:import", ADMIN, pk="open_period"),
    Page("surveys:import_preview", ADMIN, pk="open_period", batch="survey_import"),
    Page("surveys_public:published", ("anonymous",)),
    Page("surveys_public:questionnaire", ("anonymous",), code="open_period.short_code",
         menu_open_on_phone=True),
    Page("surveys_public:thanks", ("anonymous",), code="open_period.short_code"),
    # planning
    Page("planning:home", ("admin", "camat")),
    Page("planning:create", ADMIN),
    Page("planning:detail", ("admin", "camat"), pk="plan"),
    Page("planning:edit", ADMIN, pk="plan"),
    Page("planning:section_add", ADMIN, pk="plan"),
    Page("planning:section_edit", ADMIN, pk="plan", section_pk="plan_section"),
    Page("planning:indicator_add", ADMIN, pk="plan"),
    Page("planning:indicator_edit", ADMIN, pk="plan", indicator_pk="plan_indicator"),
    Page("planning:activity_add", ADMIN, pk="plan"),
    Page("planning:activity_edit", ADMIN, pk="plan", activity_pk="plan_activity"),
    Page("planning:calendar", ADMIN, pk="plan"),
    # budget
    Page("budget:home", ("admin", "camat")),
    Page("budget:line_create", ADMIN),
    Page("budget:multi_year", ADMIN),
    Page("budget:plan", ADMIN, plan_pk="plan"),
    Page("budget:import_upload", ADMIN),
    Page("budget:import_preview", ADMIN, pk="budget_import"),
    Page("budget:line", ("admin", "camat"), pk="budget_line"),
    Page("budget:line_edit", ADMIN, pk="budget_line"),
    # trainings: events, sessions, instructors, participants
    Page("trainings:home", EVERYONE),
    Page("trainings:training_create", ADMIN),
    Page("trainings:training_detail", EVERYONE, pk="training"),
    Page("trainings:training_edit", ADMIN, pk="training"),
    Page("trainings:session_create", ADMIN, pk="training"),
    Page("trainings:session_edit", ADMIN, pk="training_session"),
    Page("trainings:session_delete", ADMIN, pk="training_session"),
    Page("trainings:instructor_list", EVERYONE),
    Page("trainings:instructor_create", ADMIN),
    Page("trainings:instructor_edit", ADMIN, pk="instructor"),
    Page("trainings:settings", ADMIN),
    Page("trainings:participants", ("admin", "staff", "camat", "operator"), pk="training"),
    Page("trainings:withdraw", ADMIN, pk="enrolment"),
    # trainings: attendance, scores, completion, certificates (a finished training)
    Page("trainings:attendance", ("admin", "staff", "camat", "operator"), pk="records_session"),
    Page("trainings:scores", ("admin", "staff", "camat", "operator"), pk="records_training"),
    Page("trainings:completion", ("admin", "staff", "camat", "operator"), pk="records_training"),
    Page("trainings:certificates", ("admin", "staff", "camat", "operator"), pk="records_training"),
    Page("trainings_public:verify", ("anonymous",), code="certificate.verification_code"),
    # trainings: documents (SPJ sheets)
    Page("trainings:sheets", ("admin", "staff", "camat"), pk="training"),
    # field work: sitrantib/testing/a11y_fieldwork.py
    *a11y_fieldwork.PAGES,
    # village documents: sitrantib/testing/a11y_villagedocs.py
    *a11y_villagedocs.PAGES,
    # indicators and the dashboard: sitrantib/testing/a11y_indicators.py
    *a11y_indicators.PAGES,
    # the archive of issued documents: sitrantib/testing/a11y_archive.py
    *a11y_archive.PAGES,
    # the catalogue of official documents: sitrantib/testing/a11y_reports.py
    *a11y_reports.PAGES,
]
# fmt: on

# URL names that serve no HTML page of their own, with the reason. Every route under /api/
# is JSON (or the API's own documentation tool) and is left out as a whole.
EXCLUDED: dict[str, str] = {
    "set_language": "POST-only action (redirects back)",
    "health": "JSON health check for proxies and monitors (core/health.py), not a page",
    "favicon": "redirect to a static file",
    "accounts:logout": "POST-only action",
    "accounts:user_set_active": "POST-only action",
    "accounts:user_reset_password": "POST-only action (the result page is its response)",
    "core:data_quality_json": "JSON",
    "core:export_download": "file download",
    "core:export_retry": "POST-only action",
    "core:search": "JSON for the search-as-you-type fields",
    "linmas:member_photo": "image file",
    "linmas:member_personal_data": "JSON download of one member's personal data",
    "linmas:member_transition": "POST-only action",
    "linmas:member_issue": "POST-only action",
    "linmas:import_template": "XLSX download",
    "linmas:export_xlsx": "XLSX download",
    "linmas:export_pdf": "PDF download",
    "linmas:cards": "PDF download",
    "linmas_public:": "the same card check with a trailing slash (linmas_public:verify)",
    "meetings:institution_add": "POST-only action (the form lives on meetings:institutions)",
    "meetings:institution_active": "POST-only action",
    "meetings:meeting_issue": "POST-only action",
    "meetings:attendance_add": "POST-only action",
    "meetings:attendance_all": "POST-only action",
    "meetings:attendance_mark": "POST-only action",
    "meetings:decision_add": "POST-only action",
    "meetings:meeting_pdf": "PDF download",
    "meetings:action_item_transition": "POST-only action",
    "meetings:action_item_evidence": "POST-only action",
    "meetings:evidence_file": "file download",
    "meetings:evidence_thumbnail": "image file",
    "surveys:transition": "POST-only action",
    "surveys:import_template": "XLSX download",
    "surveys:report_pdf": "PDF download (title and language checked in test_accessibility)",
    "surveys:raw_data": "XLSX download",
    "planning:code_add": "POST-only action",
    "planning:approve": "POST-only action",
    "planning:revise": "POST-only action",
    "planning:copy": "POST-only action",
    "budget:import_template": "XLSX download",
    "budget:evidence": "file download",
    "budget:revise": "POST-only action (its form is on budget:line)",
    "budget:spending_add": "POST-only action (its form is on budget:line)",
    "trainings:training_transition": "POST-only action (its form is on trainings:training_detail)",
    "trainings:session_assign": "POST-only action (its button is on trainings:training_detail)",
    "trainings:enrol_member": "POST-only action; GET with q is the JSON member search",
    "trainings:enrol_quota": "POST-only action (its form is on trainings:participants)",
    "trainings:enrol_village": "POST-only action (its form is on trainings:participants)",
    "trainings:certificate_revoke": "POST-only action (its form is on trainings:certificates)",
    "trainings:attendance_sheet_pdf": "PDF download",
    "trainings:assignment_pdf": "PDF download",
    "trainings:transport_pdf": "PDF download",
    "trainings:honorarium_pdf": "PDF download",
    "trainings:certificates_pdf": "PDF download",
    "trainings:certificate_pdf": "PDF download",
    "trainings:report_pdf": "PDF download",
    "trainings:report_xlsx": "XLSX download",
    "regions:village_map_data": "GeoJSON for the map",
    "api-schema": "OpenAPI schema (YAML)",
    "api-docs": "the API explorer of the library drf-spectacular, not a page of ours",
    **a11y_fieldwork.EXCLUDED,
    **a11y_villagedocs.EXCLUDED,
    **a11y_indicators.EXCLUDED,
    **a11y_archive.EXCLUDED,
    **a11y_reports.EXCLUDED,
}

# Unnamed routes that are no page: the public media served by `make run`.
EXCLUDED_ROUTES = {"^media/(?P<path>.*)$": "public media files (the office emblem)"}


def url_names() -> Iterator[tuple[str, str]]:
    """Every (namespaced name, route) of the URL configuration, walked recursively."""
    from django.urls import URLResolver, get_resolver

    def walk(resolver: Any, prefix: str, namespace: str) -> Iterator[tuple[str, str]]:
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                yield from walk(pattern, prefix + str(pattern.pattern), inner)
            else:
                name = pattern.name or ""
                full = f"{namespace}:{name}" if namespace else name
                yield full, prefix + str(pattern.pattern)

    yield from walk(get_resolver(), "", "")


def unlisted_urls() -> list[str]:
    """URL names (or routes of unnamed URLs) neither in PAGES nor excluded with a reason."""
    listed = {p.name for p in PAGES} | set(EXCLUDED)
    missing = []
    for name, route in url_names():
        if route.startswith("api/") or route in EXCLUDED_ROUTES:
            continue
        if name not in listed:
            missing.append(f"{name or '(unnamed)'}  /{route}")
    return missing


# ---------------------------------------------------------------------------------------------
# The scene: the objects the pages show, built once per test from `world`.


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


# ---------------------------------------------------------------------------------------------
# The axe-core run.

_RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {
    runOnly: {type: 'tag', values: tags},
    resultTypes: ['violations'],
  });
  return result.violations.map(v => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary})),
  }));
}"""


# aria-describedby and friends naming an id no element has: a help text or an error that a
# screen reader never reads (axe only asks for a review when none of the ids exists).
_MISSING_IDREFS = """() => {
  const found = [];
  for (const attr of ['aria-describedby', 'aria-labelledby', 'aria-controls', 'for']) {
    for (const el of document.querySelectorAll('[' + attr + ']')) {
      for (const id of (el.getAttribute(attr) || '').split(/\\s+/).filter(Boolean)) {
        if (!document.getElementById(id)) {
          found.push({attr, id, target: el.id ? '#' + el.id : el.tagName.toLowerCase()});
        }
      }
    }
  }
  return found;
}"""


def axe_violations(page: Any, label: str) -> list[str]:
    """Run axe-core's WCAG 2.0/2.1 A and AA rules on the page, and check that every id an
    aria-describedby, aria-labelledby, aria-controls or label's `for` names exists; one line
    per failing element."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the browser's debugging protocol, which the page's Content Security
        # Policy does not govern: an added <script> element is refused, as it should be.
        page.evaluate(AXE_PATH.read_text(encoding="utf-8"))
    found = page.evaluate(_RUN_AXE, list(AXE_TAGS))
    lines = []
    for violation in found:
        for node in violation["nodes"]:
            summary = " ".join((node["summary"] or "").split())
            lines.append(
                f"{label} {page.url}: [{violation['id']}, {violation['impact']}] "
                f"{node['target']} - {violation['help']}: {summary}"
            )
    for ref in page.evaluate(_MISSING_IDREFS):
        lines.append(
            f"{label} {page.url}: [idref-missing, serious] {ref['target']} - "
            f"{ref['attr']} names #{ref['id']}, which no element has"
        )
    return lines
