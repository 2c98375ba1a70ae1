"""The page list of the accessibility checks: `PAGES` has one line per HTML page (the URL name,
the roles that open it, and how its URL arguments come from the scene); `EXCLUDED` names every URL
that serves no HTML page with its reason; `EXCLUDED_ROUTES` the unnamed routes that are no page.
The pages of some apps are in `sitrantib/testing/a11y_<app>.py`."""

from __future__ import annotations

from sitrantib.testing import (
    a11y_archive,
    a11y_fieldwork,
    a11y_indicators,
    a11y_reports,
    a11y_villagedocs,
)
from sitrantib.testing.a11y_page import ADMIN, EVERYONE, WIDE, Page

# fmt: off
PAGES: list[Page] = [
    # regions, home and the shell
    Page("regions:home", (*EVERYONE, *WIDE, "anonymous"), menu_open_on_phone=True),
    Page("regions:village_detail", ("admin", "operator"), code="village.code"),
    Page("regions:statistic_add", ADMIN, code="village.code"),
    Page("regions:statistic_edit", ADMIN, code="village.code", pk="village_statistic"),
    Page("regions:district_statistic_edit", ADMIN, code="district.code", pk="district_statistic"),
    Page("regions:office_edit", ADMIN),
    # accounts
    Page("accounts:login", ("anonymous",), menu_open_on_phone=True),
    Page("accounts:password_change", ("operator",)),
    Page("accounts:password_set", ("anonymous",), uidb64="reset.uid", token="reset.token"),  # noqa: S106
    Page("accounts:user_list", ("admin", "regency")),
    # a wide administrator also chooses the coverage, kabupaten and kecamatan of the account
    Page("accounts:user_create", ("admin", "national"), menu_open_on_phone=True),
    Page("accounts:user_edit", ADMIN, pk="operator"),
    # core
    Page("core:data_quality", ADMIN),
    Page("core:audit_log", ADMIN),
    Page("core:audit_detail", ADMIN, pk="audit_entry"),
    Page("core:export_progress", ADMIN, pk="export_job"),
    Page("core:site_search", ADMIN, query="q=Budi"),
    # LINMAS
    Page("linmas:home", ("admin", "staff", "operator", *WIDE)),  # wide: readiness per region
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
    Page("meetings:home", ("admin", "staff", "partner", *WIDE)),  # wide: one row per kecamatan
    Page("meetings:home", ("national",), query="kecamatan=35.08.07"),  # chosen with the search
    Page("meetings:indicator", ("admin", *WIDE)),
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
    Page("surveys:create", ("admin", "national")),  # wide: the kecamatan
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
