"""The access rule of every page URL name (`RULES`), in the order of the apps: the shell,
accounts, core, LINMAS, meetings, surveys, planning, budget, trainings (`rules_trainings.py`),
the public pages, regions, the search and the meeting documents, then the rules of the apps
that keep theirs in `sitrantib/testing/access_<app>.py`. `rule_for` finds the rule of a URL
name (and of one of its labelled targets)."""

from __future__ import annotations

from sitrantib.testing import (
    access_archive,
    access_fieldwork,
    access_indicators,
    access_reports,
    access_villagedocs,
)
from sitrantib.testing.access_matrix.rules_trainings import TRAINING_RULES
from sitrantib.testing.access_matrix.shapes import (
    ADMIN_RECORD,
    ADMINS,
    BUDGET_READERS,
    DESA_RECORD_WRITE,
    KECAMATAN_ADMIN,
    KECAMATAN_RECORD,
    LINMAS_READERS,
    LINMAS_WRITERS,
    MEETING_ADMIN,
    MEETING_RECORD,
    POST_ONLY,
    PUBLIC,
    SIGNED_IN,
    SURVEY_ADMIN,
    SURVEY_RECORD,
    SURVEY_TOOL,
    USER_ADMIN,
)
from sitrantib.testing.access_vocabulary import (
    ACCEPT,
    BAD,
    DENY,
    HIDE,
    LOGIN,
    OK,
    REDIRECT,
    Rule,
    shape,
    writes,
)


def rule_for(name: str, label: str = "") -> Rule | None:
    found = {(r.name, r.label): r for r in RULES}
    return found.get((name, label)) or found.get((name, ""))


RULES: list[Rule] = [
    Rule("set_language", shape(REDIRECT, anonymous=REDIRECT), post=writes(PUBLIC)),
    Rule("health", PUBLIC),
    Rule("favicon", shape(REDIRECT, anonymous=REDIRECT), post=writes(PUBLIC)),
    Rule("accounts:login", shape(REDIRECT, anonymous=OK), post=writes(PUBLIC)),
    Rule("accounts:logout", POST_ONLY, post=shape(LOGIN)),
    Rule("accounts:password_change", SIGNED_IN, post=writes(SIGNED_IN)),
    Rule("accounts:password_set", PUBLIC, post=writes(PUBLIC)),
    Rule("accounts:user_list", ADMINS),
    Rule("accounts:user_create", ADMINS, post=writes(ADMINS)),
    Rule("accounts:user_edit", USER_ADMIN, post=writes(USER_ADMIN)),
    Rule("accounts:user_set_active", POST_ONLY, post=writes(USER_ADMIN)),
    Rule("accounts:user_reset_password", POST_ONLY, post=writes(USER_ADMIN)),
    Rule("core:data_quality", ADMINS),
    Rule("core:data_quality_json", ADMINS),
    Rule("core:audit_log", shape(DENY, admin=OK, camat=OK, outsider=OK, national=OK, regency=OK)),
    Rule(
        "core:audit_detail", shape(DENY, admin=OK, camat=OK, outsider=HIDE, national=OK, regency=OK)
    ),
    Rule("core:export_progress", shape(HIDE, admin=OK)),
    Rule("core:export_download", shape(HIDE)),  # the scene's export has no file yet
    Rule("core:export_retry", POST_ONLY, post=shape(HIDE, admin=ACCEPT)),
    Rule("core:site_search", SIGNED_IN),
    Rule("linmas:home", shape(OK, superuser=DENY)),
    # Every reader sees the rule; an empty POST shows the page again. Sending one of its forms
    # is refused (403) to all but the administrators (linmas/tests, not proven here).
    Rule(
        "linmas:readiness_rule",
        shape(OK, national=REDIRECT, regency=REDIRECT, superuser=DENY),
        post=shape(ACCEPT, superuser=DENY),
    ),
    Rule("linmas:member_list", LINMAS_READERS),
    Rule("linmas:member_create", LINMAS_WRITERS, post=writes(LINMAS_WRITERS)),
    Rule(
        "linmas:member_detail",
        shape(
            OK, operator_other=HIDE, partner=DENY, partner_other=DENY, outsider=HIDE, superuser=DENY
        ),
    ),
    Rule("linmas:member_photo", shape(HIDE, partner=DENY, partner_other=DENY, superuser=DENY)),
    Rule("linmas:member_update", DESA_RECORD_WRITE, post=writes(DESA_RECORD_WRITE)),
    Rule("linmas:member_transition", POST_ONLY, post=writes(DESA_RECORD_WRITE)),
    Rule("linmas:member_issue", POST_ONLY, post=writes(DESA_RECORD_WRITE)),
    Rule(
        "linmas:member_personal_data",
        shape(DENY, admin=OK, operator_other=HIDE, outsider=HIDE, national=OK, regency=OK),
    ),
    Rule(
        "linmas:member_anonymise",
        shape(DENY, admin=OK, operator_other=HIDE, outsider=HIDE, national=OK, regency=OK),
        post=shape(
            DENY, admin=ACCEPT, operator_other=HIDE, outsider=HIDE, national=ACCEPT, regency=ACCEPT
        ),
    ),
    Rule("linmas:squads", LINMAS_READERS, post=writes(LINMAS_WRITERS)),
    Rule("linmas:equipment", shape(OK, superuser=DENY), post=writes(LINMAS_WRITERS)),
    Rule("linmas:import_upload", LINMAS_WRITERS, post=writes(LINMAS_WRITERS)),
    Rule("linmas:import_template", LINMAS_WRITERS),
    Rule(
        "linmas:import_preview",
        shape(
            HIDE,
            camat=DENY,
            staff=DENY,
            operator=OK,
            partner=DENY,
            partner_other=DENY,
            superuser=DENY,
        ),
        post=shape(
            HIDE,
            camat=DENY,
            staff=DENY,
            operator=ACCEPT,
            partner=DENY,
            partner_other=DENY,
            superuser=DENY,
        ),
    ),
    Rule("linmas:export_xlsx", LINMAS_READERS),
    Rule("linmas:export_pdf", LINMAS_READERS),
    Rule("linmas:cards", LINMAS_WRITERS),
    Rule("meetings:home", SIGNED_IN),
    Rule("meetings:indicator", SIGNED_IN),
    Rule("meetings:meeting_list", SIGNED_IN),
    Rule("meetings:meeting_create", ADMINS, post=writes(ADMINS)),
    Rule("meetings:institutions", SIGNED_IN, post=writes(ADMINS)),
    Rule("meetings:institution_add", POST_ONLY, post=writes(KECAMATAN_ADMIN)),
    Rule("meetings:institution_active", POST_ONLY, post=writes(USER_ADMIN)),
    Rule("meetings:numbering", KECAMATAN_ADMIN, post=writes(KECAMATAN_ADMIN)),
    Rule("meetings:meeting_detail", MEETING_RECORD),
    Rule("meetings:meeting_edit", MEETING_ADMIN, post=writes(MEETING_ADMIN)),
    Rule("meetings:meeting_issue", POST_ONLY, post=writes(MEETING_ADMIN)),
    Rule("meetings:attendance_add", POST_ONLY, post=writes(MEETING_ADMIN)),
    Rule("meetings:attendance_all", POST_ONLY, post=writes(MEETING_ADMIN)),
    Rule("meetings:attendance_mark", POST_ONLY, post=writes(MEETING_ADMIN)),
    Rule("meetings:decision_add", POST_ONLY, post=writes(MEETING_ADMIN)),
    Rule("meetings:minutes_edit", MEETING_ADMIN, post=writes(MEETING_ADMIN)),
    Rule("meetings:action_item_detail", MEETING_RECORD),
    Rule(
        "meetings:action_item_transition",
        POST_ONLY,
        post=shape(
            HIDE,
            admin=ACCEPT,
            camat=DENY,
            staff=DENY,
            partner=ACCEPT,
            national=ACCEPT,
            regency=ACCEPT,
        ),
    ),
    Rule(
        "meetings:action_item_evidence",
        POST_ONLY,
        post=shape(
            HIDE,
            admin=ACCEPT,
            camat=DENY,
            staff=DENY,
            partner=ACCEPT,
            national=ACCEPT,
            regency=ACCEPT,
        ),
    ),
    Rule("meetings:action_item_edit", MEETING_ADMIN, post=writes(MEETING_ADMIN)),
    Rule("meetings:decision_edit", ADMIN_RECORD, post=writes(ADMIN_RECORD)),
    Rule("meetings:attendance_edit", ADMIN_RECORD, post=writes(ADMIN_RECORD)),
    Rule(
        "meetings:person_edit",
        shape(
            DENY,
            admin=OK,
            operator=HIDE,
            operator_other=HIDE,
            outsider=HIDE,
            national=OK,
            regency=OK,
            superuser=HIDE,
        ),
        post=shape(
            DENY,
            admin=ACCEPT,
            operator=HIDE,
            operator_other=HIDE,
            outsider=HIDE,
            national=ACCEPT,
            regency=ACCEPT,
            superuser=HIDE,
        ),
    ),
    Rule("meetings:evidence_file", MEETING_RECORD),
    Rule("meetings:evidence_thumbnail", MEETING_RECORD),
    Rule("surveys:home", SIGNED_IN),
    Rule("surveys:create", SURVEY_TOOL, post=writes(SURVEY_TOOL)),
    Rule("surveys:elements", SURVEY_TOOL, post=writes(SURVEY_TOOL)),
    Rule("surveys:detail", SURVEY_RECORD),
    Rule("surveys:results", SURVEY_RECORD),
    Rule("surveys:edit", SURVEY_ADMIN, post=writes(SURVEY_ADMIN)),
    Rule("surveys:transition", POST_ONLY, post=writes(SURVEY_ADMIN)),
    Rule("surveys:publish", SURVEY_ADMIN, post=writes(SURVEY_ADMIN)),
    Rule("surveys:poster", SURVEY_RECORD),
    Rule("surveys:paper_entry", SURVEY_ADMIN, post=writes(SURVEY_ADMIN)),
    Rule("surveys:import", SURVEY_ADMIN, post=writes(SURVEY_ADMIN)),
    Rule(
        "surveys:import_preview",
        shape(HIDE, admin=OK, camat=DENY),
        post=shape(HIDE, admin=ACCEPT, camat=DENY),
    ),
    Rule("surveys:import_template", SURVEY_ADMIN),
    Rule("surveys:report_pdf", SURVEY_RECORD),
    Rule("surveys:raw_data", SURVEY_RECORD),
    Rule(
        "planning:home",
        shape(
            OK, operator=DENY, operator_other=DENY, partner=DENY, partner_other=DENY, superuser=DENY
        ),
    ),
    Rule("planning:create", KECAMATAN_ADMIN, post=writes(KECAMATAN_ADMIN)),
    Rule("planning:detail", KECAMATAN_RECORD),
    Rule("planning:edit", ADMIN_RECORD, post=writes(ADMIN_RECORD)),
    Rule("planning:code_add", POST_ONLY, post=writes(ADMIN_RECORD)),
    Rule("planning:section_add", ADMIN_RECORD, post=writes(ADMIN_RECORD)),
    Rule("planning:section_edit", ADMIN_RECORD, post=writes(ADMIN_RECORD)),
    Rule("planning:indicator_add", ADMIN_RECORD, post=writes(ADMIN_RECORD)),
    Rule("planning:indicator_edit", ADMIN_RECORD, post=writes(ADMIN_RECORD)),
    Rule("planning:activity_add", ADMIN_RECORD, post=writes(ADMIN_RECORD)),
    Rule("planning:activity_edit", ADMIN_RECORD, post=writes(ADMIN_RECORD)),
    # The Camat approves; an administrator or staff sending it gets the plan page again with
    # the refusal as the form's error (400), nothing changed.
    Rule(
        "planning:approve",
        POST_ONLY,
        post=shape(HIDE, admin=BAD, camat=ACCEPT, staff=BAD, national=BAD, regency=BAD),
    ),
    Rule("planning:revise", POST_ONLY, post=writes(ADMIN_RECORD)),
    Rule("planning:copy", POST_ONLY, post=writes(ADMIN_RECORD)),
    Rule("planning:calendar", KECAMATAN_RECORD),
    Rule("budget:home", BUDGET_READERS),
    Rule("budget:line_create", KECAMATAN_ADMIN, post=writes(KECAMATAN_ADMIN)),
    Rule("budget:multi_year", BUDGET_READERS),
    Rule("budget:plan", shape(DENY, admin=OK, camat=OK, staff=OK, outsider=HIDE)),
    Rule("budget:import_upload", KECAMATAN_ADMIN, post=writes(KECAMATAN_ADMIN)),
    Rule("budget:import_template", KECAMATAN_ADMIN),
    Rule(
        "budget:import_preview",
        shape(DENY, admin=OK, outsider=HIDE),
        post=shape(DENY, admin=ACCEPT, outsider=HIDE),
    ),
    Rule("budget:evidence", KECAMATAN_RECORD),
    Rule("budget:line", KECAMATAN_RECORD),
    Rule("budget:line_edit", ADMIN_RECORD, post=writes(ADMIN_RECORD)),
    Rule("budget:revise", POST_ONLY, post=writes(ADMIN_RECORD)),
    Rule("budget:spending_add", POST_ONLY, post=writes(ADMIN_RECORD)),
    *TRAINING_RULES,  # rules_trainings.py
    Rule("trainings_public:verify", PUBLIC),
    Rule("linmas_public:verify", PUBLIC),
    Rule("linmas_public:", PUBLIC),
    Rule("surveys_public:published", PUBLIC),
    Rule("surveys_public:questionnaire", PUBLIC, post=writes(PUBLIC)),
    Rule("surveys_public:thanks", PUBLIC),
    Rule("regions:home", SIGNED_IN),
    Rule("regions:village_detail", shape(OK, operator_other=HIDE, outsider=HIDE, superuser=HIDE)),
    Rule(
        "regions:statistic_add",
        shape(HIDE, admin=OK, national=OK, regency=OK),
        post=shape(HIDE, admin=ACCEPT, national=ACCEPT, regency=ACCEPT),
    ),
    Rule(
        "regions:statistic_edit",
        shape(HIDE, admin=OK, national=OK, regency=OK),
        post=shape(HIDE, admin=ACCEPT, national=ACCEPT, regency=ACCEPT),
    ),
    Rule(
        "regions:district_statistic_edit",
        shape(HIDE, admin=OK, national=OK, regency=OK),
        post=shape(HIDE, admin=ACCEPT, national=ACCEPT, regency=ACCEPT),
    ),
    Rule("regions:village_map_data", SIGNED_IN),
    Rule(
        "regions:office_edit",
        shape(DENY, admin=OK, outsider=HIDE, national=HIDE, regency=HIDE),
        post=shape(DENY, admin=ACCEPT, outsider=HIDE, national=HIDE, regency=HIDE),
    ),
    Rule("core:search", SIGNED_IN),  # every search key: the viewer's own scope
    Rule("meetings:meeting_pdf", MEETING_RECORD, label="undangan"),
    Rule(
        "meetings:meeting_pdf",
        shape(
            OK,
            operator=HIDE,
            operator_other=HIDE,
            partner=DENY,
            partner_other=HIDE,
            outsider=HIDE,
            superuser=HIDE,
        ),
        label="daftar-hadir",
    ),
    Rule(
        "meetings:meeting_pdf",
        shape(
            OK,
            operator=HIDE,
            operator_other=HIDE,
            partner=DENY,
            partner_other=HIDE,
            outsider=HIDE,
            superuser=HIDE,
        ),
        label="notulen",
    ),
    Rule("meetings:meeting_pdf", MEETING_RECORD, label="laporan"),
    *access_fieldwork.RULES,  # sitrantib/testing/access_fieldwork.py
    *access_villagedocs.RULES,  # sitrantib/testing/access_villagedocs.py
    *access_indicators.RULES,  # sitrantib/testing/access_indicators.py
    *access_archive.RULES,  # sitrantib/testing/access_archive.py
    *access_reports.RULES,  # sitrantib/testing/access_reports.py
]
