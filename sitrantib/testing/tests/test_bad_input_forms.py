"""Every create and edit form refuses bad input beside the field and stores nothing.

The forms are declared in FORMS (a URL and, for a create form, the edit page whose current values
make a valid body to spoil). The fields are read from the page itself, so a field added to a form is
tried without touching this file; a new form URL (a name ending in _create, _add, _edit, _update,
create or edit) must be added to FORMS, or to NOT_FORMS with the reason, or
`test_every_form_url_is_declared` fails.

For each visible field a bounded sample of the corpus (sitrantib/testing/bad_input.py) is posted by
the kecamatan's administrator: the answer is the form again (200 or 400) with the error under that
field (`<id>_error`), and no table gains or loses a row.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import lxml.html
import pytest
from django.urls import reverse

from sitrantib.core.tests.test_url_access import ROUTES
from sitrantib.testing.bad_input import (
    HUGE_INTEGER,
    Case,
    changed_counts,
    control_cases,
    row_counts,
    sample,
)

from .seed import populate

CASES_PER_FIELD = 3
# The public citizen-report form counts every attempt per address (rate limit).
COUNTS_IGNORED = ("sessions.Session", "surveys.SubmissionCounter")


@dataclass(frozen=True)
class FormPage:
    """A form to try: its URL name, the URL from the seeded records, and where a valid body
    comes from (the same page by default: an edit form shows the record's values)."""

    name: str
    url: Callable[[dict[str, Any]], str]
    base_from: Callable[[dict[str, Any]], str] | None = None
    # The page that shows the form, when the form's URL only takes POST (a form on a detail
    # page); the form chosen there is the one whose action is `url`.
    shown_on: Callable[[dict[str, Any]], str] | None = None
    # Who sends it (an attribute of `world`): the kecamatan's administrator unless the page
    # shows the form to another role only (the desa operator's upload).
    user: str = "admin"


def _url(name: str, *keys: str, **kwargs: Any) -> Callable[[dict[str, Any]], str]:
    def build(seed: dict[str, Any]) -> str:
        args = [seed[key].pk for key in keys]
        return reverse(name, args=args, kwargs=kwargs or None)

    return build


def _village_url(name: str, *keys: str) -> Callable[[dict[str, Any]], str]:
    def build(seed: dict[str, Any]) -> str:
        return reverse(name, args=[seed["village"].code, *[seed[k].pk for k in keys]])

    return build


def _district_url(name: str, *keys: str) -> Callable[[dict[str, Any]], str]:
    def build(seed: dict[str, Any]) -> str:
        return reverse(name, args=[seed["district"].code, *[seed[k].pk for k in keys]])

    return build


def _desa_url(name: str, village: str) -> Callable[[dict[str, Any]], str]:
    """A create form of a desa record, for the desa the admin chose (?desa=)."""
    return lambda seed: f"{reverse(name)}?desa={seed[village].code}"


FORMS = (
    FormPage(
        "linmas:member_create", _url("linmas:member_create"), _url("linmas:member_update", "member")
    ),
    FormPage("linmas:member_update", _url("linmas:member_update", "member")),
    FormPage(
        "linmas:member_transition",
        _url("linmas:member_transition", "member"),
        shown_on=_url("linmas:member_detail", "member"),
    ),
    FormPage(
        "linmas:member_issue",
        _url("linmas:member_issue", "member"),
        shown_on=_url("linmas:member_detail", "member"),
    ),
    FormPage("linmas:squads", _url("linmas:squads")),
    FormPage("linmas:readiness_rule", _url("linmas:readiness_rule")),
    FormPage(
        "meetings:meeting_create",
        _url("meetings:meeting_create"),
        _url("meetings:meeting_edit", "meeting"),
    ),
    FormPage("meetings:meeting_edit", _url("meetings:meeting_edit", "meeting")),
    FormPage("meetings:minutes_edit", _url("meetings:minutes_edit", "meeting")),
    FormPage(
        "meetings:decision_add",
        _url("meetings:decision_add", "meeting"),
        shown_on=_url("meetings:meeting_detail", "meeting"),
    ),
    FormPage(
        "meetings:attendance_add",
        _url("meetings:attendance_add", "meeting"),
        shown_on=_url("meetings:meeting_detail", "meeting"),
    ),
    FormPage("meetings:action_item_edit", _url("meetings:action_item_edit", "item")),
    FormPage(
        "meetings:institution_add",
        _url("meetings:institution_add"),
        shown_on=_url("meetings:institutions"),
    ),
    FormPage("surveys:create", _url("surveys:create"), _url("surveys:edit", "survey")),
    FormPage("surveys:edit", _url("surveys:edit", "survey")),
    FormPage("surveys:paper_entry", _url("surveys:paper_entry", "survey")),
    FormPage("planning:create", _url("planning:create"), _url("planning:edit", "plan")),
    FormPage("planning:edit", _url("planning:edit", "plan")),
    FormPage("planning:section_add", _url("planning:section_add", "plan")),
    FormPage("planning:indicator_add", _url("planning:indicator_add", "plan")),
    FormPage("planning:activity_add", _url("planning:activity_add", "plan")),
    FormPage("budget:line_create", _url("budget:line_create"), _url("budget:line_edit", "line")),
    FormPage("budget:line_edit", _url("budget:line_edit", "line")),
    FormPage("budget:revise", _url("budget:revise", "line"), shown_on=_url("budget:line", "line")),
    FormPage(
        "budget:spending_add",
        _url("budget:spending_add", "line"),
        shown_on=_url("budget:line", "line"),
    ),
    FormPage(
        "trainings:training_create",
        _url("trainings:training_create"),
        _url("trainings:training_edit", "training"),
    ),
    FormPage("trainings:training_edit", _url("trainings:training_edit", "training")),
    FormPage(
        "trainings:instructor_create",
        _url("trainings:instructor_create"),
        _url("trainings:instructor_edit", "instructor"),
    ),
    FormPage("trainings:instructor_edit", _url("trainings:instructor_edit", "instructor")),
    FormPage(
        "trainings:session_create",
        _url("trainings:session_create", "training"),
        _url("trainings:session_edit", "session"),
    ),
    FormPage("trainings:session_edit", _url("trainings:session_edit", "session")),
    FormPage("trainings:settings", _url("trainings:settings")),
    FormPage("regions:statistic_add", _village_url("regions:statistic_add")),
    FormPage("regions:office_edit", _url("regions:office_edit")),
    FormPage("accounts:user_create", _url("accounts:user_create")),
    # field work
    FormPage(
        "fieldwork:post_create",
        _desa_url("fieldwork:post_create", "village"),
        _url("fieldwork:post_edit", "post"),
    ),
    FormPage("fieldwork:post_edit", _url("fieldwork:post_edit", "post")),
    FormPage("fieldwork:post_roster", _url("fieldwork:post_roster", "post")),
    FormPage(
        "fieldwork:task_force_create",
        _desa_url("fieldwork:task_force_create", "sibling_village"),  # a desa without a Satgas
        _url("fieldwork:task_force_edit", "task_force"),
    ),
    FormPage("fieldwork:task_force_edit", _url("fieldwork:task_force_edit", "task_force")),
    FormPage("fieldwork:task_force_members", _url("fieldwork:task_force_members", "task_force")),
    FormPage(
        "fieldwork:visit_create",
        _url("fieldwork:visit_create"),
        _url("fieldwork:visit_edit", "visit"),
    ),
    FormPage("fieldwork:visit_edit", _url("fieldwork:visit_edit", "visit")),
    FormPage(
        "fieldwork:visit_resolve",
        _url("fieldwork:visit_resolve", "visit"),
        shown_on=_url("fieldwork:visit_detail", "visit"),
    ),
    FormPage(
        "fieldwork:recommendation_action",
        _url("fieldwork:recommendation_action", "recommendation"),
    ),
    FormPage(
        "fieldwork:incident_create",
        _url("fieldwork:incident_create"),
        _url("fieldwork:incident_edit", "incident"),
    ),
    FormPage("fieldwork:incident_edit", _url("fieldwork:incident_edit", "incident")),
    FormPage(
        "fieldwork:incident_transition",
        _url("fieldwork:incident_transition", "incident"),
        shown_on=_url("fieldwork:incident_detail", "incident"),
    ),
    FormPage("fieldwork:rule", _url("fieldwork:rule")),
    FormPage(
        "fieldwork:report_verify",
        _url("fieldwork:report_verify", "citizen_report"),
        shown_on=_url("fieldwork:report_detail", "citizen_report"),
    ),
    FormPage(
        "fieldwork:report_reject",
        _url("fieldwork:report_reject", "citizen_report"),
        shown_on=_url("fieldwork:report_detail", "citizen_report"),
    ),
    FormPage("fieldwork_public:form", _district_url("fieldwork_public:form")),
    # village documents: the section's tools, and the forms on an obligation's page (sending,
    # stamping, waiving an open obligation; judging the waiting submission)
    FormPage("villagedocs:settings", _url("villagedocs:settings")),
    FormPage("villagedocs:generate", _url("villagedocs:generate")),
    FormPage("villagedocs:event_create", _url("villagedocs:event_create")),
    FormPage(
        "villagedocs:type_create",
        _url("villagedocs:type_create"),
        _url("villagedocs:type_edit", "vdocs_own_type"),
    ),
    FormPage("villagedocs:type_edit", _url("villagedocs:type_edit", "vdocs_own_type")),
    FormPage(
        "villagedocs:submit",
        _url("villagedocs:submit", "vdocs_open"),
        shown_on=_url("villagedocs:obligation_detail", "vdocs_open"),
        user="operator",  # the kecamatan's receivers get the stamp form instead
    ),
    FormPage(
        "villagedocs:stamp",
        _url("villagedocs:stamp", "vdocs_open"),
        shown_on=_url("villagedocs:obligation_detail", "vdocs_open"),
    ),
    FormPage(
        "villagedocs:waive",
        _url("villagedocs:waive", "vdocs_open"),
        shown_on=_url("villagedocs:obligation_detail", "vdocs_open"),
    ),
    FormPage(
        "villagedocs:judge",
        _url("villagedocs:judge", "vdocs_submission"),
        shown_on=_url("villagedocs:obligation_detail", "vdocs_submitted"),
    ),
    # indicators: a definition (calculated and manual), a manual value (the kecamatan's rules
    # are two choices, a radio and a tick box: nothing a typed case can spoil)
    FormPage(
        "indicators:definition_create",
        _url("indicators:definition_create"),
        _url("indicators:definition_edit", "ind_peaceful"),
    ),
    FormPage("indicators:definition_edit", _url("indicators:definition_edit", "ind_peaceful")),
    FormPage("indicators:definition_edit", _url("indicators:definition_edit", "ind_manual")),
    FormPage("indicators:manual_entry", _url("indicators:manual_entry", "ind_manual_value")),
    # reports: the causes and remedies the section writes for an indicator's LKjIP analysis
    FormPage("reports:narrative_edit", _url("reports:narrative_edit", "ind_peaceful")),
)

# Form URLs that are not tried here, with the reason.
NOT_FORMS = {
    "accounts:user_edit": "user administration: tried by accounts/tests/test_administration.py",
    "meetings:decision_edit": "same form as decision_add",
    "meetings:person_edit": "same fields as the institution's people; needs a person record",
    "meetings:attendance_edit": "same form as attendance_add",
    "planning:section_edit": "same form as section_add",
    "planning:indicator_edit": "same form as indicator_add",
    "planning:activity_edit": "same form as activity_add",
    "planning:code_add": "one code field, tried through the plan's API",
    "regions:statistic_edit": "same form as statistic_add",
    "regions:district_statistic_edit": "same form as statistic_add, for the kecamatan",
    "core:export_retry": "a button, no fields",
    "fieldwork:visit_photo_add": "a photo and its caption: tried by test_bad_input_uploads.py",
    "fieldwork:incident_photo_add": "a photo and its caption: tried by test_bad_input_uploads.py",
}
# Fields not tried, with the reason.
NOT_TRIED = {
    # A trap for automated senders, hidden from people: filled, the whole entry is refused
    # without naming it.
    ("surveys:paper_entry", "website"): "honeypot",
    ("fieldwork_public:form", "website"): "honeypot",
}
_FORM_NAME = ("_create", "_add", "_edit", "_update", ":create", ":edit")


def test_every_form_url_is_declared() -> None:
    names = {name for route, name in ROUTES if name and not route.startswith("api/")}
    forms = {name for name in names if name.endswith(_FORM_NAME)}
    declared = {form.name for form in FORMS} | set(NOT_FORMS)
    assert forms - declared == set(), "add the new form to FORMS (or NOT_FORMS with a reason)"
    assert {form.name for form in FORMS} <= names


# ---------------------------------------------------------------- reading a page's form


@dataclass(frozen=True)
class Field:
    name: str
    id: str
    kind: str  # text, textarea, number, date, datetime-local, time, email, tel, select, ...
    max_length: int | None
    value: Any
    whole: bool = False  # a number input that takes whole numbers only (no step or step 1)


def _main_form(html: str, action: str | None = None) -> Any:
    """The page's form posting to `action` or, without one, the form with the most fields
    posting to the page itself (not search, language or logout forms)."""
    page = lxml.html.fromstring(html)
    forms = [
        form
        for form in page.forms
        if (form.method or "").lower() == "post"
        and not (form.get("action") or "").rstrip("/").endswith(("setlang", "keluar"))
        and (action is None or form.get("action") == action)
    ]
    assert forms, "no POST form on the page"
    return max(forms, key=lambda form: len(form.inputs))


def _fields(form: Any) -> tuple[list[Field], dict[str, Any]]:
    """The visible fields to spoil, and every value the form would send as it stands."""
    fields: list[Field] = []
    for element in form.inputs:
        name = element.get("name")
        if not name or name == "csrfmiddlewaretoken":
            continue
        tag = element.tag
        kind = tag if tag in ("select", "textarea") else (element.get("type") or "text")
        if kind in ("hidden", "submit", "button", "checkbox", "radio", "file", "reset"):
            continue
        if element.get("readonly") is not None or element.get("disabled") is not None:
            continue
        max_length = element.get("maxlength")
        fields.append(
            Field(
                name=name,
                id=element.get("id") or f"id_{name}",
                kind=kind,
                max_length=int(max_length) if max_length else None,
                value=element.value,
                whole=(element.get("step") or "1") == "1",
            )
        )
    values: dict[str, Any] = {}
    for name, value in form.form_values():  # several for a multiple choice
        values.setdefault(name, []).append(value)
    return fields, values


def _cases(field: Field) -> list[Case]:
    if field.kind == "select":
        return [Case("not a choice", "bukan-pilihan"), Case("huge id", str(HUGE_INTEGER))]
    if field.kind == "number":
        cases = [Case("text for number", "dua belas"), Case("huge number", str(HUGE_INTEGER))]
        return [*cases, Case("fraction", "1.5")] if field.whole else cases
    if field.kind == "date":
        return [
            Case("year 0", "0000-01-01"),
            Case("year 9999", "9999-12-31"),
            Case("text for date", "kemarin"),
        ]
    if field.kind in ("datetime-local", "time"):
        return [Case("text for time", "besok pagi"), Case("year 9999", "9999-12-31T23:59")]
    cases = []
    if field.max_length:
        cases.append(Case(f"length {field.max_length + 1}", "a" * (field.max_length + 1)))
    else:
        cases.append(Case("length 100000", "a" * 100_000))
    return cases + control_cases()


def _error_shown(html: str, field: Field) -> bool:
    page = lxml.html.fromstring(html)
    return bool(
        page.xpath(f'//*[@id="{field.id}_error"]')
        or page.xpath(f'//*[@id="id_{field.name}_error"]')
    )


@pytest.fixture
def seed(world: Any, settings: Any) -> dict[str, Any]:
    # The public citizen-report form counts every attempt per address.
    settings.SITRANTIB_CITIZEN_REPORT_RATE_LIMIT_PER_MINUTE = 1_000_000
    records = populate(world)
    records["session"] = records["sessions"][0]
    records["village"] = world.village
    records["sibling_village"] = world.sibling_village
    records["district"] = world.district
    return records


@pytest.mark.sweep
@pytest.mark.django_db
@pytest.mark.parametrize("page", FORMS, ids=[form.name for form in FORMS])
def test_form_refuses_bad_values_beside_the_field_and_stores_nothing(
    client: Any, world: Any, seed: dict[str, Any], page: FormPage
) -> None:
    client.force_login(getattr(world, page.user))
    client.raise_request_exception = False
    url = page.url(seed)
    shown = client.get(page.shown_on(seed) if page.shown_on else url)
    assert shown.status_code == 200, url
    fields, values = _fields(_main_form(shown.content.decode(), url if page.shown_on else None))
    fields = [f for f in fields if (page.name, f.name) not in NOT_TRIED]
    if page.base_from is not None:
        _, edit_values = _fields(_main_form(client.get(page.base_from(seed)).content.decode()))
        values = {name: edit_values.get(name, value) for name, value in values.items()}
    assert fields, f"no field to try on {url}"
    before = row_counts(COUNTS_IGNORED)

    problems = []
    sent = 0
    for field in fields:
        for case in sample(_cases(field), limit=CASES_PER_FIELD, seed=f"{page.name}.{field.name}"):
            response = client.post(url, {**values, field.name: case.value})
            sent += 1
            problem = None
            if response.status_code not in (200, 400):
                problem = f"answered {response.status_code}"
            elif not _error_shown(response.content.decode(), field):
                problem = "no error beside the field"
            after = row_counts(COUNTS_IGNORED)
            moved = changed_counts(before, after)
            if moved:
                problem = f"{problem or response.status_code}; stored {moved}"
                before = after
            if problem:
                problems.append(f"{field.name} <- {case.label}: {problem}")
    print(f"{page.name}: {sent} cases")
    assert not problems, f"{page.name} {url}:\n" + "\n".join(problems)
