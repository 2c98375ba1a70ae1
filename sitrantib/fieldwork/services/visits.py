"""Field visits: recorded once per client id, changed, rawan situations resolved, and
recommendations turned into action items of the follow-up ledger."""

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from sitrantib.core.audit import record_change, save_changes, save_new, snapshot
from sitrantib.core.enums import AuditAction
from sitrantib.core.scoping import scope_of
from sitrantib.fieldwork import access
from sitrantib.fieldwork.enums import ActivityType, Situation, VisitKind
from sitrantib.fieldwork.models import Post, TaskForce, Visit, VisitRecommendation, VisitTeamMember
from sitrantib.fieldwork.services.common import (
    check_institution,
    clean_codes,
    coordinates,
    require_manager,
    require_writer,
)
from sitrantib.meetings.services.action_items import create_action_item
from sitrantib.regions.models import Institution, Village

# A phone's clock may run a little ahead of the server's.
CLOCK_SKEW = dt.timedelta(minutes=15)

MESSAGE_FUTURE = gettext_noop("Waktu kunjungan tidak boleh di masa depan.")
MESSAGE_REASON_REQUIRED = gettext_noop("Tulis alasan penilaian situasi %(situation)s.")
MESSAGE_POST_OTHER_VILLAGE = gettext_noop("Poskamling %(name)s bukan pos desa ini.")
MESSAGE_TASK_FORCE_OTHER_VILLAGE = gettext_noop("Satgas yang dipilih bukan Satgas desa ini.")
MESSAGE_ACTIVITY_OTHER = gettext_noop(
    "Kegiatan rencana yang dipilih bukan kegiatan lapangan kecamatan ini."
)
MESSAGE_CLIENT_ID_TAKEN = gettext_noop("Id kiriman ini sudah dipakai untuk laporan lain.")
MESSAGE_NOT_RAWAN = gettext_noop("Hanya kunjungan dengan situasi rawan yang dicatat penanganannya.")
MESSAGE_RESOLVED_BEFORE_VISIT = gettext_noop(
    "Tanggal penanganan tidak boleh sebelum tanggal kunjungan."
)
MESSAGE_RESOLVED_FUTURE = gettext_noop("Tanggal penanganan tidak boleh sesudah hari ini.")
MESSAGE_ALREADY_ITEM = gettext_noop("Rekomendasi ini sudah menjadi tindak lanjut.")
MESSAGE_TEXT_REQUIRED = gettext_noop("Tulis rekomendasinya.")

# Planned-activity kinds a visit may carry out (planning.ActivityKind values).
FIELD_ACTIVITY_KINDS: dict[str, tuple[str, ...]] = {
    VisitKind.MONITORING: ("monitoring",),
    VisitKind.EVALUATION: ("monitoring",),
    VisitKind.ACCOMPANIMENT: ("accompaniment",),
}


@dataclass(frozen=True)
class TeamMember:
    name: str
    institution: Institution | None = None
    position: str = ""


@dataclass
class VisitInput:
    """What a visit report says (the page's form, the API and the offline queue fill it)."""

    kind: str
    visited_at: dt.datetime
    situation: str
    ended_at: dt.datetime | None = None
    place: str = ""
    activity_types: Sequence[str] = ()
    findings: str = ""
    situation_reason: str = ""
    latitude: Any = None
    longitude: Any = None
    posts: Sequence[Post] = ()
    task_force: TaskForce | None = None
    planned_activity: Any = None
    team: Sequence[TeamMember] = ()
    recommendations: Sequence[str] = field(default_factory=list)


def _check(village: Village, data: VisitInput) -> dict[str, Any]:
    errors: dict[str, str] = {}
    if data.visited_at and data.visited_at > timezone.now() + CLOCK_SKEW:
        errors["visited_at"] = gettext(MESSAGE_FUTURE)
    if data.situation in (Situation.WASPADA, Situation.RAWAN) and not data.situation_reason.strip():
        errors["situation_reason"] = gettext(MESSAGE_REASON_REQUIRED) % {
            "situation": Situation(data.situation).label
        }
    for post in data.posts:
        if post.village_id != village.code:
            errors["posts"] = gettext(MESSAGE_POST_OTHER_VILLAGE) % {"name": post.name}
    if data.task_force is not None and data.task_force.village_id != village.code:
        errors["task_force"] = gettext(MESSAGE_TASK_FORCE_OTHER_VILLAGE)
    activity = data.planned_activity
    if activity is not None and (
        activity.plan.district_id != village.district_id
        or activity.kind not in FIELD_ACTIVITY_KINDS.get(data.kind, ())
    ):
        errors["planned_activity"] = gettext(MESSAGE_ACTIVITY_OTHER)
    if errors:
        raise ValidationError(errors)
    for member in data.team:
        check_institution(village.district_id, member.institution, field="team")
    lat, lon = coordinates(data.latitude, data.longitude)
    return {
        "kind": data.kind,
        "visited_at": data.visited_at,
        "ended_at": data.ended_at,
        "place": data.place,
        "activity_types": clean_codes(data.activity_types, ActivityType, field="activity_types"),
        "findings": data.findings,
        "situation": data.situation,
        "situation_reason": data.situation_reason,
        "latitude": lat,
        "longitude": lon,
        "task_force": data.task_force,
        "planned_activity": activity,
    }


def _replace_parts(visit: Visit, data: VisitInput) -> None:
    visit.posts.set(data.posts)
    VisitTeamMember.objects.filter(visit=visit).delete()
    VisitTeamMember.objects.bulk_create(
        [
            VisitTeamMember(
                visit=visit, name=m.name.strip(), institution=m.institution, position=m.position
            )
            for m in data.team
            if m.name.strip()
        ]
    )
    # Recommendations already in the follow-up ledger stay; the others are replaced.
    kept = set(
        VisitRecommendation.objects.filter(visit=visit, action_item__isnull=False).values_list(
            "text", flat=True
        )
    )
    VisitRecommendation.objects.filter(visit=visit, action_item__isnull=True).delete()
    rows = [VisitRecommendation(visit=visit, text=t.strip()) for t in data.recommendations]
    for row in rows:
        row.full_clean(exclude=["visit", "action_item"])
    VisitRecommendation.objects.bulk_create([r for r in rows if r.text and r.text not in kept])


def existing_report(
    model: Any, client_id: uuid.UUID | None, actor: Any, village: Village | None = None
) -> Any:
    """The record a client id already made, when the actor may see it; a client id of a record
    out of the actor's reach, or (with `village`) of another desa's record, is refused: it is
    never shown, nor a second record made (docs/adr/0081)."""
    if client_id is None:
        return None
    found = model.objects.select_related("village").filter(client_id=client_id).first()
    if found is None:
        return None
    if not access.can_write_village(scope_of(actor), found.village_id) or (
        village is not None and found.village_id != village.code
    ):
        raise ValidationError({"client_id": gettext(MESSAGE_CLIENT_ID_TAKEN)})
    return found


def is_duplicate(exc: IntegrityError | ValidationError) -> bool:
    """Whether a failed insert may be a second record of a client id: the database's unique
    constraint (IntegrityError) or the model's own unique check in `full_clean`, which sees the
    first record when it was committed after the look-up."""
    if isinstance(exc, IntegrityError):
        return True
    return "client_id" in getattr(exc, "error_dict", {})


def create_visit(
    *, village: Village, data: VisitInput, actor: Any, client_id: uuid.UUID | None = None
) -> tuple[Visit, bool]:
    """Record a visit; returns (visit, created).

    The same `client_id` again returns the first visit (created False), also when both arrive at
    the same moment: the unique constraint decides (docs/adr/0081). Nothing is half-saved: the
    visit, its team, places and recommendations are written in one transaction.
    """
    require_writer(actor, village)
    found = existing_report(Visit, client_id, actor, village)
    if found is not None:
        return found, False
    values = _check(village, data)
    try:
        with transaction.atomic():
            visit = Visit(village=village, district_id=village.district_id, **values)
            if client_id is not None:
                visit.client_id = client_id
            save_new(visit, actor=actor)
            _replace_parts(visit, data)
    except (IntegrityError, ValidationError) as exc:
        found = existing_report(Visit, client_id, actor, village) if is_duplicate(exc) else None
        if found is None:
            raise
        return found, False
    return visit, True


@transaction.atomic
def update_visit(
    *, visit: Visit, data: VisitInput, actor: Any, expected_version: int | None = None
) -> bool:
    """Change a visit report (its desa stays); team, places and open recommendations replaced."""
    require_writer(actor, visit.village)
    values = _check(visit.village, data)
    if values["situation"] != Situation.RAWAN:
        values["resolved_on"] = None
        values["resolution_note"] = ""
    changed = save_changes(visit, values, actor=actor, expected_version=expected_version)
    _replace_parts(visit, data)
    return changed


@transaction.atomic
def resolve_visit(
    *, visit: Visit, on_date: dt.date, note: str, actor: Any, expected_version: int | None = None
) -> Visit:
    """Record that a situation judged rawan was dealt with on `on_date` (the situation rule)."""
    require_writer(actor, visit.village)
    if visit.situation != Situation.RAWAN:
        raise ValidationError({"resolved_on": gettext(MESSAGE_NOT_RAWAN)})
    if on_date < timezone.localtime(visit.visited_at).date():
        raise ValidationError({"resolved_on": gettext(MESSAGE_RESOLVED_BEFORE_VISIT)})
    if on_date > timezone.localdate():
        raise ValidationError({"resolved_on": gettext(MESSAGE_RESOLVED_FUTURE)})
    save_changes(
        visit,
        {"resolved_on": on_date, "resolution_note": note.strip()},
        actor=actor,
        expected_version=expected_version,
    )
    return visit


@transaction.atomic
def recommendation_to_action_item(
    *,
    recommendation: VisitRecommendation,
    owner_institution: Institution,
    due_date: dt.date,
    actor: Any,
    owner_person: Any = None,
) -> Any:
    """Put a visit's recommendation in the follow-up ledger as an action item (one click on the
    visit page; the administrator of the kecamatan). The item names the visit as its origin."""
    visit = recommendation.visit
    require_manager(actor, visit.district_id)
    locked = VisitRecommendation.objects.select_for_update().get(pk=recommendation.pk)
    if locked.action_item_id is not None:
        raise ValidationError(gettext(MESSAGE_ALREADY_ITEM))
    item = create_action_item(
        meeting=None,
        district=visit.district,
        origin_date=timezone.localtime(visit.visited_at).date(),
        description=locked.text,
        owner_institution=owner_institution,
        owner_person=owner_person,
        due_date=due_date,
        actor=actor,
    )
    before = snapshot(locked)
    locked.action_item = item
    locked.save(update_fields=["action_item"])
    record_change(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=visit,
        before={"recommendation": before},
        after={"recommendation": snapshot(locked)},
    )
    recommendation.action_item = item
    return item


def require_reader(actor: Any, visit: Visit) -> None:
    scope = scope_of(actor)
    if not access.scoped(Visit.objects.filter(pk=visit.pk), scope).exists():
        raise PermissionDenied
