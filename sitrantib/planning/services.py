"""Writes of plans: create, edit a draft, approve, revise, copy to the next year, load the KAK.

Every service is atomic and audited through `save_new` / `save_changes` / `apply_transition`.
Only a draft is edited; an approved plan changes by a new revision (`start_revision`), which
supersedes it when the Camat approves it (docs/adr/0040-plan-versions-and-approval.md).
"""

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sitrantib.core.audit import record_change, save_changes, save_new
from sitrantib.core.enums import AuditAction
from sitrantib.core.workflow import Attempt, Move, Workflow, apply_transition
from sitrantib.planning.enums import (
    ActivityKind,
    CodeLevel,
    IndicatorLevel,
    PlanMover,
    PlanStatus,
    SectionKey,
)
from sitrantib.planning.models import (
    AnnualPlan,
    Indicator,
    Participant,
    PlanCode,
    PlannedActivity,
    PlanSection,
)
from sitrantib.planning.selectors import APPROVER_ROLES, manages_district
from sitrantib.regions.models import District, StatisticSource

if TYPE_CHECKING:
    from sitrantib.accounts.models import User

MESSAGE_NOT_DRAFT = gettext_noop(
    "Rencana yang sudah disetujui tidak dapat diubah; buat revisi baru untuk mengubahnya."
)
MESSAGE_NOT_MANAGER = gettext_noop("Hanya Seksi Trantib yang dapat mengubah rencana.")
MESSAGE_REVISION_EXISTS = gettext_noop("Sudah ada draf revisi untuk tahun ini; lanjutkan draf itu.")
MESSAGE_REVISE_APPROVED_ONLY = gettext_noop("Hanya rencana yang disetujui yang dapat direvisi.")
MESSAGE_YEAR_TAKEN = gettext_noop("Sudah ada rencana untuk tahun %(year)s.")
MESSAGE_BAD_MONTH = gettext_noop("Bulan harus 1 sampai 12.")
MESSAGE_NO_MONTH = gettext_noop("Pilih paling sedikit satu bulan.")
MESSAGE_EMPTY_ACTIVITIES = gettext_noop("Rencana belum berisi kegiatan.")
MESSAGE_OTHER_PLAN = gettext_noop("Data ini bukan bagian dari rencana tersebut.")
MESSAGE_APPROVAL_NOTE = gettext_noop("Disetujui; revisi %(revision)s menggantikan revisi ini.")
MESSAGE_COPY_NOTE = gettext_noop("Disalin dari rencana %(year)s revisi %(revision)s.")
MESSAGE_REVISION_NOTE = gettext_noop("Revisi dari revisi %(revision)s yang sudah disetujui.")


# ---------------------------------------------------------------- workflow


def plan_movers(user: Any, plan: AnnualPlan) -> frozenset[str]:
    """The Camat of the plan's kecamatan approves (a Camat elsewhere never sees it)."""
    if getattr(user, "role", None) in APPROVER_ROLES and user.district_id == plan.district_id:
        return frozenset({PlanMover.CAMAT})
    return frozenset()


def _needs_activities(plan: AnnualPlan, attempt: Attempt) -> str | None:
    if not plan.activities.exists():
        return _(MESSAGE_EMPTY_ACTIVITIES)
    return None


def _approval_effects(plan: AnnualPlan, attempt: Attempt) -> Mapping[str, Any]:
    return {"approved_by": attempt.actor, "approved_at": timezone.now()}


PLAN_WORKFLOW = Workflow(
    labels=PlanStatus,
    mover_of=plan_movers,
    mover_labels=PlanMover,
    moves=(
        Move(
            PlanStatus.DRAFT,
            PlanStatus.APPROVED,
            movers=frozenset({PlanMover.CAMAT}),
            check=_needs_activities,
        ),
    ),
    note_field="status_note",
    effects=_approval_effects,
)


def _require_manager(actor: Any, district_code: str) -> None:
    if actor is not None and not manages_district(user=actor, district_code=district_code):
        raise PermissionDenied(_(MESSAGE_NOT_MANAGER))


def _require_draft(plan: AnnualPlan) -> None:
    if plan.status != PlanStatus.DRAFT:
        raise ValidationError(_(MESSAGE_NOT_DRAFT), code="not_draft")


@transaction.atomic
def approve_plan(
    *, plan: AnnualPlan, actor: "User", note: str = "", expected_version: int | None = None
) -> AnnualPlan:
    """The Camat approves a draft: who and when are recorded. A revision that replaces an
    approved plan of the same year moves that one to "superseded" (kept, readable)."""
    if plan.previous_id and plan_movers(actor, plan):
        previous = AnnualPlan.objects.select_for_update().get(pk=plan.previous_id)
        if previous.status == PlanStatus.APPROVED:
            save_changes(
                previous,
                {"status": PlanStatus.SUPERSEDED},
                actor=actor,
                action=AuditAction.TRANSITION,
                note=_(MESSAGE_APPROVAL_NOTE) % {"revision": plan.revision},
            )
    return apply_transition(
        workflow=PLAN_WORKFLOW,
        instance=plan,
        target=PlanStatus.APPROVED,
        actor=actor,
        note=note,
        expected_version=expected_version,
    )


# ---------------------------------------------------------------- plan


PLAN_FIELDS = (
    "title",
    "programme_name",
    "activity_name",
    "executors",
    "signing_place",
    "signing_date",
    "signatory",
    "statistics_source",
)


@transaction.atomic
def create_plan(
    *,
    district: District,
    year: int,
    title: str,
    programme_name: str,
    activity_name: str,
    actor: "User | None",
    **values: Any,
) -> AnnualPlan:
    """A new draft plan (revision 1) for a year that has none."""
    _require_manager(actor, district.code)
    if AnnualPlan.objects.filter(district=district, year=year).exists():
        raise ValidationError({"year": [_(MESSAGE_YEAR_TAKEN) % {"year": year}]})
    plan = AnnualPlan(
        district=district,
        year=year,
        title=title,
        programme_name=programme_name,
        activity_name=activity_name,
        **values,
    )
    return save_new(plan, actor=actor)


@transaction.atomic
def update_plan(
    *,
    plan: AnnualPlan,
    changes: Mapping[str, Any],
    actor: "User",
    expected_version: int | None = None,
) -> bool:
    """Change the header of a draft (names, signing, signatory, executors)."""
    _require_manager(actor, plan.district_id)
    _require_draft(plan)
    unknown = set(changes) - set(PLAN_FIELDS)
    if unknown:
        raise ValueError(f"update_plan cannot change {sorted(unknown)}")
    return save_changes(plan, changes, actor=actor, expected_version=expected_version)


def _child_of(plan: AnnualPlan, child: Any) -> None:
    if child.plan_id != plan.pk:
        raise ValidationError(_(MESSAGE_OTHER_PLAN))


@transaction.atomic
def save_code(
    *, plan: AnnualPlan, level: str, scheme: str, code: str, name: str, actor: "User"
) -> PlanCode:
    """Record a programme/kegiatan code in a scheme (replacing that scheme's code, if any)."""
    _require_manager(actor, plan.district_id)
    _require_draft(plan)
    existing = PlanCode.objects.filter(plan=plan, level=level, scheme=scheme.strip()).first()
    if existing is None:
        return save_new(
            PlanCode(plan=plan, level=level, scheme=scheme.strip(), code=code.strip(), name=name),
            actor=actor,
        )
    save_changes(existing, {"code": code.strip(), "name": name}, actor=actor)
    return existing


@transaction.atomic
def delete_code(*, code: PlanCode, actor: "User") -> None:
    _require_manager(actor, code.plan.district_id)
    _require_draft(code.plan)
    record_change(
        actor=actor, action=AuditAction.DELETE, instance=code, district_code=code.plan.district_id
    )
    code.delete()


@transaction.atomic
def save_section(
    *,
    plan: AnnualPlan,
    section: PlanSection | None,
    values: Mapping[str, Any],
    actor: "User",
    expected_version: int | None = None,
) -> PlanSection:
    """Add a text section to a draft, or change one (title, paragraph, list items)."""
    _require_manager(actor, plan.district_id)
    _require_draft(plan)
    if section is None:
        position = plan.sections.count() + 1
        return save_new(PlanSection(plan=plan, position=position, **values), actor=actor)
    _child_of(plan, section)
    save_changes(section, values, actor=actor, expected_version=expected_version)
    return section


@transaction.atomic
def save_indicator(
    *,
    plan: AnnualPlan,
    indicator: Indicator | None,
    values: Mapping[str, Any],
    actor: "User",
    expected_version: int | None = None,
) -> Indicator:
    """Add an indicator to a draft, or change one (name, level, unit, target)."""
    _require_manager(actor, plan.district_id)
    _require_draft(plan)
    if indicator is None:
        position = plan.indicators.count() + 1
        return save_new(Indicator(plan=plan, position=position, **values), actor=actor)
    _child_of(plan, indicator)
    save_changes(indicator, values, actor=actor, expected_version=expected_version)
    return indicator


def clean_months(months: Iterable[Any]) -> list[int]:
    values = sorted({int(m) for m in months})
    if not values:
        raise ValidationError({"months": [_(MESSAGE_NO_MONTH)]})
    if any(not 1 <= m <= 12 for m in values):
        raise ValidationError({"months": [_(MESSAGE_BAD_MONTH)]})
    return values


@dataclass(frozen=True)
class ParticipantData:
    name: str
    count: int | None = None
    printed: str = ""


@transaction.atomic
def save_activity(
    *,
    plan: AnnualPlan,
    activity: PlannedActivity | None,
    values: Mapping[str, Any],
    participants: Sequence[ParticipantData] | None,
    actor: "User | None",
    expected_version: int | None = None,
) -> PlannedActivity:
    """Add a planned activity to a draft, or change one; `participants` replaces the list."""
    _require_manager(actor, plan.district_id)
    _require_draft(plan)
    values = dict(values)
    if "months" in values:
        values["months"] = clean_months(values["months"])
    if activity is None:
        position = plan.activities.count() + 1
        activity = save_new(PlannedActivity(plan=plan, position=position, **values), actor=actor)
    else:
        _child_of(plan, activity)
        save_changes(activity, values, actor=actor, expected_version=expected_version)
    if participants is not None:
        _replace_participants(activity, participants, actor=actor)
    return activity


def _replace_participants(
    activity: PlannedActivity, participants: Sequence[ParticipantData], *, actor: Any
) -> None:
    current = [(p.name, p.count, p.printed) for p in activity.participants.order_by("position")]
    wanted = [(p.name, p.count, p.printed) for p in participants]
    if current == wanted:
        return
    record_change(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=activity,
        before={"participants": [list(p) for p in current]},
        after={"participants": [list(p) for p in wanted]},
        district_code=activity.plan.district_id,
    )
    activity.participants.all().delete()
    Participant.objects.bulk_create(
        Participant(activity=activity, position=i, name=p.name, count=p.count, printed=p.printed)
        for i, p in enumerate(participants, start=1)
    )


@transaction.atomic
def delete_activity(*, activity: PlannedActivity, actor: "User") -> None:
    _require_manager(actor, activity.plan.district_id)
    _require_draft(activity.plan)
    record_change(actor=actor, action=AuditAction.DELETE, instance=activity)
    activity.delete()


# ---------------------------------------------------------------- copies


def _copy_contents(
    source: AnnualPlan, target: AnnualPlan, *, keep_targets: bool, actor: Any
) -> None:
    """Codes, sections, indicators and activities of `source` into `target` (a new draft)."""
    for code in source.codes.order_by("pk"):
        save_new(
            PlanCode(
                plan=target, level=code.level, scheme=code.scheme, code=code.code, name=code.name
            ),
            actor=actor,
        )
    for section in source.sections.order_by("position", "pk"):
        save_new(
            PlanSection(
                plan=target,
                key=section.key,
                position=section.position,
                number=section.number,
                title=section.title,
                text=section.text,
                items=list(section.items),
                tables=list(section.tables),
            ),
            actor=actor,
        )
    for indicator in source.indicators.order_by("position", "pk"):
        save_new(
            Indicator(
                plan=target,
                level=indicator.level,
                position=indicator.position,
                name=indicator.name,
                unit=indicator.unit,
                target=indicator.target if keep_targets else None,
                target_text=indicator.target_text if keep_targets else "",
                printed_in=indicator.printed_in,
            ),
            actor=actor,
        )
    for activity in source.activities.order_by("position", "pk").prefetch_related("participants"):
        copy = save_new(
            PlannedActivity(
                plan=target,
                position=activity.position,
                kind=activity.kind,
                name=activity.name,
                procedure=activity.procedure,
                months=list(activity.months),
                schedule=activity.schedule,
                venue=activity.venue,
                executors=list(activity.executors),
                per_village=activity.per_village,
                participants_heading=activity.participants_heading,
                copied_from=activity,
            ),
            actor=actor,
        )
        Participant.objects.bulk_create(
            Participant(
                activity=copy, position=p.position, name=p.name, count=p.count, printed=p.printed
            )
            for p in activity.participants.all()
        )


@transaction.atomic
def copy_plan_to_year(*, plan: AnnualPlan, actor: "User", year: int | None = None) -> AnnualPlan:
    """Copy a plan into a new draft for the next year (or `year`): the text, codes, indicators
    and activities are kept; the targets start empty (money is the budget's, per year); the
    signing date, approval and status start anew. Refused when that year already has a plan."""
    _require_manager(actor, plan.district_id)
    year = year or plan.year + 1
    if AnnualPlan.objects.filter(district_id=plan.district_id, year=year).exists():
        raise ValidationError({"year": [_(MESSAGE_YEAR_TAKEN) % {"year": year}]})
    copy = save_new(
        AnnualPlan(
            district_id=plan.district_id,
            year=year,
            title=plan.title,
            programme_name=plan.programme_name,
            activity_name=plan.activity_name,
            executors=list(plan.executors),
            signing_place=plan.signing_place,
            signatory=plan.signatory,
            statistics_source=plan.statistics_source,
            copied_from=plan,
            source_note=_(MESSAGE_COPY_NOTE) % {"year": plan.year, "revision": plan.revision},
        ),
        actor=actor,
    )
    _copy_contents(plan, copy, keep_targets=False, actor=actor)
    return copy


@transaction.atomic
def start_revision(*, plan: AnnualPlan, actor: "User") -> AnnualPlan:
    """A change to an approved plan: a new draft revision with everything of the approved one
    (targets included). The approved plan stays in force until the revision is approved."""
    _require_manager(actor, plan.district_id)
    if plan.status != PlanStatus.APPROVED:
        raise ValidationError(_(MESSAGE_REVISE_APPROVED_ONLY))
    if AnnualPlan.objects.filter(
        district_id=plan.district_id, year=plan.year, status=PlanStatus.DRAFT
    ).exists():
        raise ValidationError(_(MESSAGE_REVISION_EXISTS))
    latest = (
        AnnualPlan.objects.filter(district_id=plan.district_id, year=plan.year)
        .order_by("-revision")
        .values_list("revision", flat=True)
        .first()
    ) or plan.revision
    revision = save_new(
        AnnualPlan(
            district_id=plan.district_id,
            year=plan.year,
            revision=latest + 1,
            title=plan.title,
            programme_name=plan.programme_name,
            activity_name=plan.activity_name,
            executors=list(plan.executors),
            signing_place=plan.signing_place,
            signing_date=plan.signing_date,
            signatory=plan.signatory,
            statistics_source=plan.statistics_source,
            previous=plan,
            source_note=_(MESSAGE_REVISION_NOTE) % {"revision": plan.revision},
        ),
        actor=actor,
    )
    _copy_contents(plan, revision, keep_targets=True, actor=actor)
    return revision


# ---------------------------------------------------------------- the source KAK


@dataclass
class LoadResult:
    plan: AnnualPlan
    created: bool


@transaction.atomic
def load_plan_data(*, data: Mapping[str, Any], actor: "User | None" = None) -> LoadResult:
    """Load a KAK data file as the first plan of its kecamatan and year (idempotent).

    When the year already has a plan (loaded before, or typed in the app) nothing is written:
    the file is the starting point, the app is where the plan lives on.
    """
    district = District.objects.get(code=data["district"])
    year = int(data["year"])
    existing = AnnualPlan.objects.filter(district=district, year=year).order_by("revision").first()
    if existing is not None:
        return LoadResult(plan=existing, created=False)
    document = data["document"]
    signing = data.get("signing") or {}
    source = StatisticSource.objects.filter(title=document.get("statistics_source", "")).first()
    plan = save_new(
        AnnualPlan(
            district=district,
            year=year,
            title=f"{document['title']} / {document['subtitle']}",
            programme_name=data["programme"]["name"],
            activity_name=data["activity"]["name"],
            executors=list(data.get("executors", [])),
            signing_place=signing.get("place", ""),
            signing_date=parse_date(signing["date"]) if signing.get("date") else None,
            statistics_source=source,
            source_note=str(data.get("_source", ""))[:500],
        ),
        actor=actor,
    )
    for level, key in ((CodeLevel.PROGRAMME, "programme"), (CodeLevel.ACTIVITY, "activity")):
        for code in data[key].get("codes", []):
            save_new(
                PlanCode(
                    plan=plan,
                    level=level,
                    scheme=code["scheme"],
                    code=code["code"],
                    name=data[key]["name"],
                ),
                actor=actor,
            )
    for position, section in enumerate(data.get("sections", []), start=1):
        save_new(
            PlanSection(
                plan=plan,
                key=SectionKey(section["key"]),
                position=position,
                number=section.get("number", ""),
                title=section["title"],
                text=section.get("text", ""),
                items=list(section.get("items", [])),
                tables=list(section.get("tables", [])),
            ),
            actor=actor,
        )
    for position, indicator in enumerate(data.get("indicators", []), start=1):
        target = indicator.get("target")
        save_new(
            Indicator(
                plan=plan,
                level=IndicatorLevel(indicator["level"]),
                position=position,
                name=indicator["name"],
                unit=indicator.get("unit", ""),
                target=Decimal(str(target)) if target is not None else None,
                printed_in=indicator.get("printed_in", ""),
            ),
            actor=actor,
        )
    for position, activity in enumerate(data.get("activities", []), start=1):
        created = save_new(
            PlannedActivity(
                plan=plan,
                position=position,
                kind=ActivityKind(activity["kind"]),
                name=activity["name"],
                procedure=activity.get("procedure", ""),
                months=clean_months(activity["months"]),
                schedule=activity.get("schedule", ""),
                venue=activity.get("venue", ""),
                executors=list(activity.get("executors", data.get("executors", []))),
                per_village=bool(activity.get("per_village")),
                participants_heading=activity.get("participants_heading", ""),
            ),
            actor=actor,
        )
        Participant.objects.bulk_create(
            Participant(
                activity=created,
                position=i,
                name=p["name"],
                count=p.get("count"),
                printed=p.get("printed", ""),
            )
            for i, p in enumerate(activity.get("participants", []), start=1)
        )
    return LoadResult(plan=plan, created=True)


def signing_date_of(data: Mapping[str, Any]) -> dt.date | None:
    signing = data.get("signing") or {}
    return parse_date(signing["date"]) if signing.get("date") else None
