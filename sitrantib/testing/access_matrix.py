"""Who may open what: the declared access rule of every URL and API operation.

`sitrantib/core/tests/test_access_matrix.py` walks the URL configuration and the OpenAPI schema,
and asks every URL and operation as every viewer class below, on one scene (the `world` fixture
plus the records `build_matrix_scene` adds). Each answer is compared with the rule declared here;
a URL name or API operation without a rule fails the test (docs/dev/access.md).

A rule is a *shape*: what each viewer class gets. The records the URL arguments come from lie in
`world.village` (the operator's own desa, `operator_other`'s other desa) of `world.district`
(`outsider` is the administrator of another kecamatan); the partner's institution (the Polsek)
is the one involved in the record, `partner_other` (a Koramil user) is not. So "own desa",
"other desa", "other kecamatan", "partner involved / not involved" are viewer classes on the
same record.

Outcomes:
    OK        GET answers 200
    REDIRECT  302 somewhere other than the login page
    DENY      403 (a role that may not use the page or the action)
    HIDE      404 (the record is out of the viewer's scope)
    LOGIN     302 to the login page (pages) / 401 (API)
    NOT_ALLOWED  405 (a POST-only action asked with GET)
    ACCEPT    a write that is not refused: anything but 401/403/404/405, a login redirect or a
              server error (the test POSTs an empty body; every POST is rolled back)
    BAD       400 (API: the request reached the operation and its input was refused)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from types import SimpleNamespace
from typing import Any

from sitrantib.testing import (
    a11y,
    access_archive,
    access_fieldwork,
    access_indicators,
    access_reports,
    access_villagedocs,
)
from sitrantib.testing.access_vocabulary import (  # noqa: F401 - the names tests import from here
    ACCEPT,
    BAD,
    DENY,
    FOREIGN,
    FOREIGN_Q,
    HIDE,
    LOGIN,
    NOT_ALLOWED,
    OK,
    READS_FOREIGN,
    REDIRECT,
    SIBLING,
    SIBLING_NAMES,
    VIEWERS,
    Rule,
    Target,
    resolve,
    shape,
    target,
    writes,
)

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
    ],
    "core:site_search": [target("core:site_search", query=f"q={FOREIGN_Q}")],
    "meetings:meeting_pdf": [
        target("meetings:meeting_pdf", pk="meeting", document=f"={document}", label=document)
        for document in ("undangan", "daftar-hadir", "notulen", "laporan")
    ],
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


# ---------------------------------------------------------------------------------------------
# The scene: a11y's scene plus an uninvolved partner, more records of the kecamatan, and a record
# of every kind in the other kecamatan (its names carry FOREIGN, which no answer to a viewer of
# world.district may contain).


def _koramil(s: Any) -> Any:
    from sitrantib.testing.factories import make_institution

    return make_institution(district=s.district, kind="koramil", name="Koramil Yosowilangun")


def _koramil_partner(s: Any) -> Any:
    from sitrantib.core.enums import Role
    from sitrantib.testing.factories import make_user

    return make_user(
        role=Role.PARTNER, district=s.district, institution=s.koramil, username="koramil"
    )


def _evidence(s: Any) -> Any:
    from sitrantib.meetings.services.evidence import add_evidence
    from sitrantib.meetings.tests.factories import png_upload

    return add_evidence(item=s.action_item, file=png_upload(), note="Foto patroli", actor=s.admin)


def _spending(s: Any) -> Any:
    import datetime as dt
    from decimal import Decimal

    from sitrantib.budget.services import record_spending
    from sitrantib.meetings.tests.factories import pdf_upload

    return record_spending(
        line=s.budget_line,
        on_date=dt.date(2026, 2, 10),
        amount=Decimal(1000),
        description="Konsumsi rapat",
        actor=s.admin,
        evidence=pdf_upload(),
    )


def _sibling_member(s: Any) -> Any:
    from sitrantib.linmas.tests.conftest import make_member

    return make_member(s.sibling_village, serial=92, name=f"Sari {SIBLING}")


def _foreign(s: Any) -> SimpleNamespace:
    """One record of every kind in the other kecamatan, each named with FOREIGN."""
    from sitrantib.budget.tests.conftest import make_line
    from sitrantib.linmas.tests.conftest import make_member
    from sitrantib.meetings.tests.factories import make_item, make_meeting
    from sitrantib.planning.tests.conftest import make_plan
    from sitrantib.surveys.tests.conftest import make_period
    from sitrantib.testing.factories import make_institution
    from sitrantib.trainings import services as trainings
    from sitrantib.trainings.tests.factories import kind

    district = s.other_district
    police = make_institution(district=district, kind="polsek", name=f"Polsek {FOREIGN}")
    member = make_member(
        s.foreign_village, serial=93, name=f"Joko {FOREIGN}", nik="3508065708900093"
    )
    meeting = make_meeting(
        s.world, title=f"Rapat {FOREIGN}", district=district, invited=[police], actor=s.national
    )
    item = make_item(s.world, meeting, owner=police, description=f"Patroli {FOREIGN}")
    import datetime as dt
    from decimal import Decimal

    training = trainings.create_training(
        district=district,
        data={
            "title": f"Pelatihan {FOREIGN}",
            "kind": kind(),
            "starts_on": dt.date(2026, 3, 10),
            "ends_on": dt.date(2026, 3, 12),
            "venue": "Balai desa",
            "capacity": 20,
            "transport_per_day": Decimal(50000),
        },
        actor=s.national,
    )
    instructor = trainings.create_instructor(
        district=district,
        data={
            "institution": police,
            "name": f"Bripka {FOREIGN}",
            "rank": "Bripka",
            "id_number": "78010999",
            "phone": "081200000999",
            "topics": "Kamtibmas",
            "tax_percent": Decimal(5),
        },
        actor=s.national,
    )
    return SimpleNamespace(
        police=police,
        member=member,
        meeting=meeting,
        action_item=item,
        period=make_period(s.world, district=district, title=f"SKM {FOREIGN}"),
        plan=make_plan(s.world, district=district),
        budget_line=make_line(
            s.world, district=district, name=f"Belanja {FOREIGN}", code="5.1.02.01.01.0053"
        ),
        training=training,
        instructor=instructor,
    )


def _equipment_type(s: Any) -> Any:
    from sitrantib.linmas.models import EquipmentType

    return EquipmentType.objects.get_or_create(code="ht", defaults={"name": "HT"})[0]


def _squad(s: Any) -> Any:
    from sitrantib.linmas.services import save_squad

    return save_squad(village=s.village, name="Regu 1", leader=s.member, actor=s.operator)


def _stock(s: Any) -> Any:
    from sitrantib.linmas.services import set_equipment

    return set_equipment(
        village=s.village, item_type=s.equipment_type, good=3, damaged=1, required=5, actor=s.admin
    )


def _equipment_issue(s: Any) -> Any:
    import datetime as dt

    from sitrantib.linmas.services import issue_equipment

    return issue_equipment(
        member=s.member,
        item_type=s.equipment_type,
        quantity=1,
        issued_on=dt.date(2026, 1, 5),
        actor=s.admin,
    )


MATRIX_SCENE: list[tuple[str, Callable[[Any], Any]]] = [
    ("equipment_type", _equipment_type),
    ("squad", _squad),
    ("stock", _stock),
    ("equipment_issue", _equipment_issue),
    ("koramil", _koramil),
    ("koramil_partner", _koramil_partner),
    ("invitation", lambda s: s.meeting.invitations.order_by("pk").first()),
    ("evidence", _evidence),
    ("spending", _spending),
    ("sibling_member", _sibling_member),
    ("foreign", _foreign),
    *access_fieldwork.MATRIX_SCENE,
    *access_villagedocs.MATRIX_SCENE,
    *access_indicators.MATRIX_SCENE,
    *access_archive.MATRIX_SCENE,
    *access_reports.MATRIX_SCENE,
]


def build_matrix_scene(world: Any) -> SimpleNamespace:
    """a11y's scene (one record of every kind a page shows) plus MATRIX_SCENE."""
    scene = a11y.build_scene(world)
    for name, build in MATRIX_SCENE:
        setattr(scene, name, build(scene))
    return scene


# ---------------------------------------------------------------------------------------------
# The API: path parameters of the schema's paths, as dotted paths into the scene.

# The record behind "{id}" (or "{code}") of each API resource, by the path's first segment.
API_RECORDS: dict[str, str] = {
    "action-items": "action_item",
    "budget-lines": "budget_line",
    "equipment-issues": "equipment_issue",
    "equipment-stocks": "stock",
    "equipment-types": "equipment_type.code",
    "institutions": "polsek",
    "instructors": "instructor",
    "linmas-members": "member",
    "meetings": "meeting",
    "plans": "plan",
    "squads": "squad",
    "surveys": "open_period",
    "trainings": "training",
    "villages": "village.code",
    **access_fieldwork.API_RECORDS,
    **access_villagedocs.API_RECORDS,
    **access_indicators.API_RECORDS,
}


def api_resource(path: str) -> str:
    """The resource of an API path: "/api/v1/linmas-members/{id}/" -> "linmas-members"."""
    return path.removeprefix("/api/v1/").split("/")[0]


def api_url(path: str, scene: Any) -> str:
    """The schema path with its parameters filled from the scene."""
    record = API_RECORDS.get(api_resource(path), "")

    def fill(match: Any) -> str:
        name = match.group(1)
        source = "training_session" if name == "session_id" else record
        return str(resolve(scene, source))

    return re.sub(r"\{(\w+)\}", fill, path)


def api_operations() -> list[tuple[str, str]]:
    """(METHOD, path) of every operation of the OpenAPI schema, generated in-process."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    return sorted(
        (method.upper(), path)
        for path, operations in schema["paths"].items()
        for method in operations
        if method in ("get", "post", "put", "patch", "delete")
    )


# ---------------------------------------------------------------------------------------------
# The rules.


def rule_for(name: str, label: str = "") -> Rule | None:
    found = {(r.name, r.label): r for r in RULES}
    return found.get((name, label)) or found.get((name, ""))


def targets_of(name: str) -> list[Target]:
    if name in VARIANTS:
        return VARIANTS[name]
    found = default_target(name)
    return [found] if found else []


# Named shapes. Read the columns as: the kecamatan's roles (admin, camat, staff), the desa
# operators (own desa, other desa), the partners (involved, not involved), the other kecamatan,
# the wide coverages, the superuser without role, the anonymous visitor.
PUBLIC = shape(OK, anonymous=OK)
SIGNED_IN = shape(OK)  # every account; the page shows only what the viewer's scope holds
POST_ONLY = shape(NOT_ALLOWED)  # an action: GET is refused, the rule is in `post`
# A tool of every administrator, each on their own scope (users, data quality, new meeting).
ADMINS = shape(DENY, admin=OK, outsider=OK, national=OK, regency=OK)
# The kecamatan's own settings and registers: a wide coverage has no kecamatan of its own.
KECAMATAN_ADMIN = shape(DENY, admin=OK, outsider=OK)
# A kecamatan-wide record (plan, budget line) the kecamatan's roles read; desa and partners not.
KECAMATAN_RECORD = shape(HIDE, admin=OK, camat=OK, staff=OK, national=OK, regency=OK)
# Its form: the administrators change it, Camat and staff only read (403).
ADMIN_RECORD = shape(HIDE, admin=OK, camat=DENY, staff=DENY, national=OK, regency=OK)
# A meeting the Polsek was invited to (ADR 0020): the partner involved reads it.
MEETING_RECORD = shape(HIDE, admin=OK, camat=OK, staff=OK, partner=OK, national=OK, regency=OK)
MEETING_ADMIN = shape(HIDE, admin=OK, camat=DENY, staff=DENY, partner=DENY, national=OK, regency=OK)
# Surveys are the administrators' and the Camat's (ADR 0033).
SURVEY_RECORD = shape(HIDE, admin=OK, camat=OK, national=OK, regency=OK)
SURVEY_ADMIN = shape(HIDE, admin=OK, camat=DENY, national=OK, regency=OK)
SURVEY_TOOL = shape(HIDE, admin=OK, outsider=OK, national=OK, regency=OK)
# A training of the kecamatan: the administrators change it, every reader of the kecamatan
# sees it (403), an uninvolved partner and the other kecamatan do not (404).
TRAINING_ADMIN = shape(
    DENY,
    admin=OK,
    partner_other=HIDE,
    outsider=HIDE,
    national=OK,
    regency=OK,
    superuser=HIDE,
)
# Its participants, attendance, scores, completion, certificates: the kecamatan's roles and the
# desa operators (each sees its own desa's people); partners not.
TRAINING_RECORDS = shape(
    HIDE,
    admin=OK,
    camat=OK,
    staff=OK,
    operator=OK,
    operator_other=OK,
    national=OK,
    regency=OK,
)
# Its money sheets and report: the kecamatan's roles only.
TRAINING_MONEY = shape(
    HIDE,
    admin=OK,
    camat=OK,
    staff=OK,
    operator=DENY,
    operator_other=DENY,
    national=OK,
    regency=OK,
)
# LINMAS (ADR 0010): operators and administrators write, Camat and staff read, partners neither.
LINMAS_WRITERS = shape(OK, camat=DENY, staff=DENY, partner=DENY, partner_other=DENY, superuser=DENY)
LINMAS_READERS = shape(OK, partner=DENY, partner_other=DENY, superuser=DENY)
# A record of the operator's desa: its operator and the administrators change it.
DESA_RECORD_WRITE = shape(
    DENY, admin=OK, operator=OK, operator_other=HIDE, outsider=HIDE, national=OK, regency=OK
)
BUDGET_READERS = shape(DENY, admin=OK, camat=OK, staff=OK, outsider=OK)
USER_ADMIN = shape(DENY, admin=OK, outsider=HIDE, national=OK, regency=OK)
API_SIGNED_IN = SIGNED_IN
API_KECAMATAN_RECORD = KECAMATAN_RECORD
API_MEETING_RECORD = MEETING_RECORD
API_SURVEY_RECORD = SURVEY_RECORD

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
    Rule("trainings:home", shape(OK, superuser=HIDE)),
    Rule("trainings:training_create", ADMINS, post=writes(ADMINS)),
    Rule("trainings:training_detail", shape(OK, partner_other=HIDE, outsider=HIDE, superuser=HIDE)),
    Rule("trainings:training_edit", TRAINING_ADMIN, post=writes(TRAINING_ADMIN)),
    Rule("trainings:training_transition", POST_ONLY, post=writes(TRAINING_ADMIN)),
    Rule("trainings:session_create", TRAINING_ADMIN, post=writes(TRAINING_ADMIN)),
    Rule("trainings:session_edit", TRAINING_ADMIN, post=writes(TRAINING_ADMIN)),
    Rule("trainings:session_delete", TRAINING_ADMIN, post=writes(TRAINING_ADMIN)),
    Rule("trainings:session_assign", POST_ONLY, post=writes(TRAINING_ADMIN)),
    Rule("trainings:instructor_list", shape(OK, superuser=HIDE)),
    Rule("trainings:instructor_create", KECAMATAN_ADMIN, post=writes(KECAMATAN_ADMIN)),
    Rule(
        "trainings:instructor_edit",
        shape(DENY, admin=OK, outsider=HIDE, national=OK, regency=OK, superuser=HIDE),
        post=shape(
            DENY, admin=ACCEPT, outsider=HIDE, national=ACCEPT, regency=ACCEPT, superuser=HIDE
        ),
    ),
    Rule("trainings:settings", KECAMATAN_ADMIN, post=writes(KECAMATAN_ADMIN)),
    Rule("trainings:participants", TRAINING_RECORDS),
    Rule(
        "trainings:enrol_member",
        shape(
            DENY,
            admin=REDIRECT,
            partner_other=HIDE,
            outsider=HIDE,
            national=REDIRECT,
            regency=REDIRECT,
            superuser=HIDE,
        ),
        post=writes(TRAINING_ADMIN),
    ),
    Rule("trainings:enrol_quota", POST_ONLY, post=writes(TRAINING_ADMIN)),
    Rule("trainings:enrol_village", POST_ONLY, post=writes(TRAINING_ADMIN)),
    Rule("trainings:withdraw", TRAINING_ADMIN, post=writes(TRAINING_ADMIN)),
    Rule(
        "trainings:attendance",
        TRAINING_RECORDS,
        post=shape(
            DENY,
            admin=ACCEPT,
            partner=HIDE,
            partner_other=HIDE,
            outsider=HIDE,
            national=ACCEPT,
            regency=ACCEPT,
            superuser=HIDE,
        ),
    ),
    Rule(
        "trainings:scores",
        TRAINING_RECORDS,
        post=shape(
            DENY,
            admin=ACCEPT,
            partner=HIDE,
            partner_other=HIDE,
            outsider=HIDE,
            national=ACCEPT,
            regency=ACCEPT,
            superuser=HIDE,
        ),
    ),
    Rule("trainings:completion", TRAINING_RECORDS),
    Rule(
        "trainings:certificates",
        TRAINING_RECORDS,
        post=shape(
            DENY,
            admin=ACCEPT,
            partner=HIDE,
            partner_other=HIDE,
            outsider=HIDE,
            national=ACCEPT,
            regency=ACCEPT,
            superuser=HIDE,
        ),
    ),
    Rule(
        "trainings:certificate_revoke",
        POST_ONLY,
        post=shape(
            HIDE,
            admin=ACCEPT,
            camat=DENY,
            staff=DENY,
            operator=DENY,
            national=ACCEPT,
            regency=ACCEPT,
        ),
    ),
    Rule(
        "trainings:sheets",
        shape(
            OK,
            operator=DENY,
            operator_other=DENY,
            partner=DENY,
            partner_other=HIDE,
            outsider=HIDE,
            superuser=HIDE,
        ),
    ),
    Rule("trainings:attendance_sheet_pdf", TRAINING_MONEY),
    Rule(
        "trainings:assignment_pdf",
        shape(
            OK,
            operator=DENY,
            operator_other=DENY,
            partner=DENY,
            partner_other=HIDE,
            outsider=HIDE,
            superuser=HIDE,
        ),
    ),
    Rule("trainings:transport_pdf", TRAINING_MONEY),
    Rule("trainings:honorarium_pdf", TRAINING_MONEY),
    Rule(
        "trainings:certificates_pdf",
        shape(
            OK,
            operator_other=REDIRECT,
            partner=HIDE,
            partner_other=HIDE,
            outsider=HIDE,
            superuser=HIDE,
        ),
    ),
    Rule(
        "trainings:certificate_pdf",
        shape(
            OK, operator_other=HIDE, partner=HIDE, partner_other=HIDE, outsider=HIDE, superuser=HIDE
        ),
    ),
    Rule("trainings:report_pdf", TRAINING_MONEY),
    Rule("trainings:report_xlsx", TRAINING_MONEY),
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

# The API, per operation "METHOD path" of the OpenAPI schema. A write is sent with an empty JSON
# body unless API_BODIES gives a valid one: then BAD (400) of an allowed writer means "reached
# the operation", and a reader must get 403/404 (or 400 when the record it names is out of its
# scope: ADR 0020 answers an id of another kecamatan like an id that does not exist).
API_RULES: dict[str, Mapping[str, str]] = {
    "DELETE /api/v1/trainings/{id}/sessions/{session_id}/": shape(
        DENY, admin=ACCEPT, outsider=HIDE, national=ACCEPT, regency=ACCEPT
    ),
    "GET /api/v1/action-items/": API_SIGNED_IN,
    "GET /api/v1/action-items/{id}/": API_MEETING_RECORD,
    "GET /api/v1/budget-lines/": API_SIGNED_IN,
    "GET /api/v1/budget-lines/{id}/": API_KECAMATAN_RECORD,
    "GET /api/v1/budget-lines/{id}/spending/": API_KECAMATAN_RECORD,
    "GET /api/v1/data-quality/": shape(DENY, admin=OK, outsider=OK, national=OK, regency=OK),
    "GET /api/v1/equipment-issues/": API_SIGNED_IN,
    "GET /api/v1/equipment-issues/{id}/": shape(
        OK, operator_other=HIDE, partner=HIDE, partner_other=HIDE, outsider=HIDE, superuser=HIDE
    ),
    "GET /api/v1/equipment-stocks/": API_SIGNED_IN,
    "GET /api/v1/equipment-stocks/{id}/": shape(
        OK, operator_other=HIDE, outsider=HIDE, superuser=HIDE
    ),
    "GET /api/v1/equipment-types/": API_SIGNED_IN,
    "GET /api/v1/equipment-types/{code}/": API_SIGNED_IN,
    "GET /api/v1/institutions/": API_SIGNED_IN,
    "GET /api/v1/institutions/{id}/": shape(
        OK, operator=HIDE, operator_other=HIDE, outsider=HIDE, superuser=HIDE
    ),
    "GET /api/v1/instructors/": API_SIGNED_IN,
    "GET /api/v1/instructors/{id}/": shape(OK, outsider=HIDE, superuser=HIDE),
    "GET /api/v1/linmas-members/": API_SIGNED_IN,
    "GET /api/v1/linmas-members/{id}/": shape(
        OK, operator_other=HIDE, partner=HIDE, partner_other=HIDE, outsider=HIDE, superuser=HIDE
    ),
    "GET /api/v1/meetings/": API_SIGNED_IN,
    "GET /api/v1/meetings/{id}/": API_MEETING_RECORD,
    "GET /api/v1/meetings/{id}/decisions/": API_MEETING_RECORD,
    "GET /api/v1/meetings/{id}/minutes/": shape(
        OK,
        operator=HIDE,
        operator_other=HIDE,
        partner=DENY,
        partner_other=HIDE,
        outsider=HIDE,
        superuser=HIDE,
    ),
    "GET /api/v1/plans/": API_SIGNED_IN,
    "GET /api/v1/plans/{id}/": API_KECAMATAN_RECORD,
    "GET /api/v1/squads/": API_SIGNED_IN,
    "GET /api/v1/squads/{id}/": shape(
        OK, operator_other=HIDE, partner=HIDE, partner_other=HIDE, outsider=HIDE, superuser=HIDE
    ),
    "GET /api/v1/surveys/": API_SIGNED_IN,
    "GET /api/v1/surveys/{id}/": API_SURVEY_RECORD,
    "GET /api/v1/surveys/{id}/result/": API_SURVEY_RECORD,
    "GET /api/v1/trainings/": API_SIGNED_IN,
    "GET /api/v1/trainings/{id}/": shape(OK, partner_other=HIDE, outsider=HIDE, superuser=HIDE),
    "GET /api/v1/trainings/{id}/attendance/": shape(
        OK, partner=DENY, partner_other=HIDE, outsider=HIDE, superuser=HIDE
    ),
    "GET /api/v1/trainings/{id}/certificates/": shape(
        OK, partner=DENY, partner_other=HIDE, outsider=HIDE, superuser=HIDE
    ),
    "GET /api/v1/trainings/{id}/completion/": shape(
        OK, partner=DENY, partner_other=HIDE, outsider=HIDE, superuser=HIDE
    ),
    "GET /api/v1/trainings/{id}/enrolments/": shape(
        OK, partner=DENY, partner_other=HIDE, outsider=HIDE, superuser=HIDE
    ),
    "GET /api/v1/trainings/{id}/sessions/": shape(
        OK, partner_other=HIDE, outsider=HIDE, superuser=HIDE
    ),
    "GET /api/v1/villages/": API_SIGNED_IN,
    "GET /api/v1/villages/{code}/": shape(OK, operator_other=HIDE, outsider=HIDE, superuser=HIDE),
    "PATCH /api/v1/budget-lines/{id}/": shape(
        HIDE, admin=ACCEPT, camat=DENY, staff=DENY, national=DENY, regency=DENY
    ),
    "PATCH /api/v1/equipment-stocks/{id}/": shape(
        DENY,
        admin=ACCEPT,
        operator=ACCEPT,
        operator_other=HIDE,
        outsider=HIDE,
        national=ACCEPT,
        regency=ACCEPT,
    ),
    "PATCH /api/v1/instructors/{id}/": shape(
        DENY, admin=ACCEPT, outsider=HIDE, national=ACCEPT, regency=ACCEPT
    ),
    "PATCH /api/v1/linmas-members/{id}/": shape(
        DENY,
        admin=ACCEPT,
        operator=ACCEPT,
        operator_other=HIDE,
        outsider=HIDE,
        national=ACCEPT,
        regency=ACCEPT,
    ),
    "PATCH /api/v1/meetings/{id}/": shape(
        HIDE, admin=ACCEPT, camat=DENY, staff=DENY, partner=DENY, national=ACCEPT, regency=ACCEPT
    ),
    "PATCH /api/v1/squads/{id}/": shape(
        DENY,
        admin=ACCEPT,
        operator=ACCEPT,
        operator_other=HIDE,
        outsider=HIDE,
        national=ACCEPT,
        regency=ACCEPT,
    ),
    "PATCH /api/v1/surveys/{id}/": shape(
        HIDE, admin=ACCEPT, camat=DENY, national=ACCEPT, regency=ACCEPT
    ),
    "PATCH /api/v1/trainings/{id}/": shape(
        DENY, admin=ACCEPT, outsider=HIDE, national=ACCEPT, regency=ACCEPT
    ),
    "PATCH /api/v1/trainings/{id}/sessions/{session_id}/": shape(
        DENY, admin=ACCEPT, outsider=HIDE, national=ACCEPT, regency=ACCEPT
    ),
    "POST /api/v1/action-items/": shape(
        BAD,  # the meeting it names is out of the viewer's scope: refused like an unknown id
        admin=ACCEPT,
        camat=DENY,
        staff=DENY,
        partner=DENY,
        national=ACCEPT,
        regency=ACCEPT,
    ),
    "POST /api/v1/action-items/{id}/evidence/": shape(
        BAD, operator=HIDE, operator_other=HIDE, partner_other=HIDE, outsider=HIDE, superuser=HIDE
    ),
    "POST /api/v1/action-items/{id}/transition/": shape(
        HIDE,  # ADR 0020: the administrators and the owning institution move an item
        admin=ACCEPT,
        camat=DENY,
        staff=DENY,
        partner=ACCEPT,
        national=ACCEPT,
        regency=ACCEPT,
    ),
    "POST /api/v1/budget-lines/": shape(
        DENY, admin=ACCEPT, outsider=ACCEPT
    ),  # in the caller's own kecamatan
    "POST /api/v1/budget-lines/{id}/spending/": shape(
        HIDE, admin=BAD, camat=DENY, staff=DENY, national=DENY, regency=DENY
    ),
    "POST /api/v1/equipment-issues/": shape(
        BAD, camat=DENY, staff=DENY, partner=DENY, partner_other=DENY, superuser=DENY
    ),
    "POST /api/v1/equipment-issues/{id}/return/": shape(
        DENY, admin=BAD, operator=BAD, operator_other=HIDE, outsider=HIDE, national=BAD, regency=BAD
    ),
    "POST /api/v1/equipment-stocks/": shape(
        BAD, camat=DENY, staff=DENY, partner=DENY, partner_other=DENY, superuser=DENY
    ),
    "POST /api/v1/instructors/": shape(DENY, admin=BAD, outsider=BAD, national=BAD, regency=BAD),
    "POST /api/v1/linmas-members/": shape(
        BAD, camat=DENY, staff=DENY, partner=DENY, partner_other=DENY, superuser=DENY
    ),
    "POST /api/v1/linmas-members/{id}/transition/": shape(
        DENY, admin=BAD, operator=BAD, operator_other=HIDE, outsider=HIDE, national=BAD, regency=BAD
    ),
    "POST /api/v1/meetings/": shape(
        BAD,  # the kecamatan and institutions it names are out of the viewer's scope
        admin=ACCEPT,
        camat=DENY,
        staff=DENY,
        partner=DENY,
        partner_other=DENY,
        national=ACCEPT,
        regency=ACCEPT,
    ),
    "POST /api/v1/plans/{id}/transition/": shape(
        HIDE, admin=DENY, camat=ACCEPT, staff=DENY, national=DENY, regency=DENY
    ),  # the Camat approves
    "POST /api/v1/squads/": shape(
        BAD, camat=DENY, staff=DENY, partner=DENY, partner_other=DENY, superuser=DENY
    ),
    "POST /api/v1/surveys/": shape(DENY, admin=BAD, outsider=BAD, national=BAD, regency=BAD),
    "POST /api/v1/surveys/{id}/responses/": shape(BAD, anonymous=BAD),
    "POST /api/v1/surveys/{id}/transition/": shape(
        HIDE, admin=BAD, camat=DENY, national=BAD, regency=BAD
    ),
    "POST /api/v1/trainings/": shape(DENY, admin=BAD, outsider=BAD, national=BAD, regency=BAD),
    "POST /api/v1/trainings/{id}/attendance/": shape(
        DENY, admin=BAD, outsider=HIDE, national=BAD, regency=BAD
    ),
    "POST /api/v1/trainings/{id}/certificates/": shape(
        DENY, admin=BAD, outsider=HIDE, national=BAD, regency=BAD
    ),
    "POST /api/v1/trainings/{id}/enrolments/": shape(
        DENY, admin=BAD, outsider=HIDE, national=BAD, regency=BAD
    ),
    "POST /api/v1/trainings/{id}/scores/": shape(
        DENY, admin=BAD, outsider=HIDE, national=BAD, regency=BAD
    ),
    "POST /api/v1/trainings/{id}/sessions/": shape(
        DENY, admin=BAD, outsider=HIDE, national=BAD, regency=BAD
    ),
    "POST /api/v1/trainings/{id}/transition/": shape(
        DENY, admin=BAD, outsider=HIDE, national=BAD, regency=BAD
    ),
    "PUT /api/v1/budget-lines/{id}/": shape(
        HIDE, admin=ACCEPT, camat=DENY, staff=DENY, national=DENY, regency=DENY
    ),
    "PUT /api/v1/equipment-stocks/{id}/": shape(
        DENY, admin=BAD, operator=BAD, operator_other=HIDE, outsider=HIDE, national=BAD, regency=BAD
    ),
    "PUT /api/v1/instructors/{id}/": shape(
        DENY, admin=BAD, outsider=HIDE, national=BAD, regency=BAD
    ),
    "PUT /api/v1/linmas-members/{id}/": shape(
        DENY, admin=BAD, operator=BAD, operator_other=HIDE, outsider=HIDE, national=BAD, regency=BAD
    ),
    "PUT /api/v1/meetings/{id}/": shape(
        HIDE, admin=ACCEPT, camat=DENY, staff=DENY, partner=DENY, national=ACCEPT, regency=ACCEPT
    ),
    "PUT /api/v1/meetings/{id}/minutes/": shape(
        HIDE, admin=BAD, camat=DENY, staff=DENY, partner=DENY, national=BAD, regency=BAD
    ),
    "PUT /api/v1/squads/{id}/": shape(
        DENY, admin=BAD, operator=BAD, operator_other=HIDE, outsider=HIDE, national=BAD, regency=BAD
    ),
    "PUT /api/v1/surveys/{id}/": shape(HIDE, admin=BAD, camat=DENY, national=BAD, regency=BAD),
    "PUT /api/v1/trainings/{id}/": shape(DENY, admin=BAD, outsider=HIDE, national=BAD, regency=BAD),
    **access_fieldwork.API_RULES,
    **access_villagedocs.API_RULES,
    **access_indicators.API_RULES,
}

# Valid bodies for writes whose empty body stops at validation for every role: the record's own
# representation (read by the administrator from `source`), with `changes`.
API_BODIES: dict[str, tuple[str, dict[str, Any]]] = {
    "POST /api/v1/meetings/": ("/api/v1/meetings/{id}/", {}),
    "PUT /api/v1/meetings/{id}/": ("/api/v1/meetings/{id}/", {}),
    "POST /api/v1/action-items/": ("/api/v1/action-items/{id}/", {}),
    "POST /api/v1/budget-lines/": (
        "/api/v1/budget-lines/{id}/",
        {"amount": 1000000, "code": "5.1.02.01.01.0054", "name": "Belanja Alat Tulis"},
    ),
    "PUT /api/v1/budget-lines/{id}/": ("/api/v1/budget-lines/{id}/", {"amount": 1000000}),
    "POST /api/v1/plans/{id}/transition/": ("", {"status": "approved"}),
    "POST /api/v1/action-items/{id}/transition/": ("", {"status": "in_progress"}),
    **access_fieldwork.API_BODIES,
    **access_villagedocs.API_BODIES,
    **access_indicators.API_BODIES,
}
