"""Where the access matrix asks each URL name: the URL arguments of the names that are no page
of `a11y.PAGES` (`EXTRA_ARGS`), the names asked with several arguments (`VARIANTS`), and the
target(s) of a URL name (`default_target`, `targets_of`, `page_url_names`)."""

from __future__ import annotations

from collections.abc import Iterator

from sitrantib.testing import (
    a11y,
    access_archive,
    access_fieldwork,
    access_indicators,
    access_reports,
    access_villagedocs,
)
from sitrantib.testing.access_vocabulary import FOREIGN_Q, Target, target

# URL arguments of the URL names that are no page of a11y.PAGES.
EXTRA_ARGS: dict[str, dict[str, str]] = {
    "accounts:user_set_active": {"pk": "operator"},
    "accounts:user_reset_password": {"pk": "operator"},
    "core:export_download": {"pk": "export_job"},
    "core:export_retry": {"pk": "export_job"},
    "linmas:member_photo": {"pk": "member"},
    "linmas:member_personal_data": {"pk": "member"},
    "linmas:member_anonymise": {"pk": "member"},
    "linmas:member_transition": {"pk": "member"},
    "linmas:member_issue": {"pk": "member"},
    "linmas_public:": {"code": "member.verification_code"},
    "meetings:institution_active": {"pk": "polsek"},
    "meetings:meeting_issue": {"pk": "meeting"},
    "meetings:attendance_add": {"pk": "meeting"},
    "meetings:attendance_all": {"pk": "meeting"},
    "meetings:attendance_mark": {"pk": "meeting", "invitation_pk": "invitation"},
    "meetings:decision_add": {"pk": "meeting"},
    "meetings:action_item_transition": {"pk": "action_item"},
    "meetings:action_item_evidence": {"pk": "action_item"},
    "meetings:evidence_file": {"pk": "evidence"},
    "meetings:evidence_thumbnail": {"pk": "evidence"},
    "surveys:transition": {"pk": "open_period"},
    "surveys:import_template": {"pk": "open_period"},
    "surveys:report_pdf": {"pk": "closed_period"},
    "surveys:raw_data": {"pk": "closed_period"},
    "planning:code_add": {"pk": "plan"},
    "planning:approve": {"pk": "plan"},
    "planning:revise": {"pk": "plan"},
    "planning:copy": {"pk": "plan"},
    "budget:evidence": {"pk": "spending"},
    "budget:revise": {"pk": "budget_line"},
    "budget:spending_add": {"pk": "budget_line"},
    "trainings:training_transition": {"pk": "training"},
    "trainings:session_assign": {"pk": "training_session"},
    "trainings:enrol_member": {"pk": "training"},
    "trainings:enrol_quota": {"pk": "training"},
    "trainings:enrol_village": {"pk": "training"},
    "trainings:certificate_revoke": {"pk": "certificate"},
    "trainings:attendance_sheet_pdf": {"pk": "records_session"},
    "trainings:assignment_pdf": {"pk": "training_session"},
    "trainings:transport_pdf": {"pk": "records_training"},
    "trainings:honorarium_pdf": {"pk": "records_training"},
    "trainings:certificates_pdf": {"pk": "records_training"},
    "trainings:certificate_pdf": {"pk": "certificate"},
    "trainings:report_pdf": {"pk": "records_training"},
    "trainings:report_xlsx": {"pk": "records_training"},
    **access_fieldwork.EXTRA_ARGS,
    **access_villagedocs.EXTRA_ARGS,
    **access_indicators.EXTRA_ARGS,
    **access_archive.EXTRA_ARGS,
    **access_reports.EXTRA_ARGS,
}


# URL names asked with several arguments: each target is checked against the same rule's shape
# unless it has its own rule (Rule.label).
VARIANTS: dict[str, list[Target]] = {
    "core:search": [
        target("core:search", key="=linmas.leaders", query=f"q={FOREIGN_Q}", label="leaders"),
        target("core:search", key="=linmas.villages", query="q=a", label="villages"),
        target("core:search", key="=linmas.squads", query="q=Regu", label="squads"),
        target("core:search", key="=meetings.meetings", query=f"q={FOREIGN_Q}", label="meetings"),
        target("core:search", key="=trainings.members", query=f"q={FOREIGN_Q}", label="members"),
        target("core:search", key="=trainings.instructors", query="q=a", label="instructors"),
        target("core:search", key="=regions.villages", query="q=a", label="regions"),
        # the kecamatan, kabupaten and institution choices of wide scopes (docs/adr/0111)
        target(
            "core:search", key="=regions.institutions", query=f"q={FOREIGN_Q}", label="institutions"
        ),
        target("core:search", key="=regions.districts", query="q=Kec", label="districts"),
        target("core:search", key="=regions.regencies", query="q=Kab", label="regencies"),
    ],
    "core:site_search": [target("core:site_search", query=f"q={FOREIGN_Q}")],
    "meetings:meeting_pdf": [
        target("meetings:meeting_pdf", pk="meeting", document=f"={document}", label=document)
        for document in ("undangan", "daftar-hadir", "notulen", "laporan")
    ],
    **access_fieldwork.VARIANTS,
    **access_indicators.VARIANTS,
    **access_reports.VARIANTS,
}


def default_target(name: str) -> Target | None:
    """The target of a URL name as a11y.PAGES or EXTRA_ARGS give it; a URL without arguments
    needs neither."""
    for page in a11y.PAGES:
        if page.name == name:
            return Target(name, dict(page.args), page.query)
    if name in EXTRA_ARGS:
        return Target(name, EXTRA_ARGS[name])
    routes = dict(a11y.url_names())
    if name in routes and "<" not in routes[name]:
        return Target(name)
    return None


def page_url_names() -> Iterator[tuple[str, str]]:
    """(name, route) of every URL outside /api/ (unnamed routes are a11y.EXCLUDED_ROUTES)."""
    for name, route in a11y.url_names():
        if route.startswith("api/") or route in a11y.EXCLUDED_ROUTES:
            continue
        yield name, route


def targets_of(name: str) -> list[Target]:
    if name in VARIANTS:
        return VARIANTS[name]
    found = default_target(name)
    return [found] if found else []
