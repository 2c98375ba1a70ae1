"""The follow-up ledger: action items with their flags, their owners, and tallies per owner."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone

from sitrantib.core.enums import Role
from sitrantib.core.scoping import Scope, restrict, scope_of
from sitrantib.meetings.enums import PENDING_STATUSES, ActionStatus
from sitrantib.meetings.models import ActionItem, Evidence
from sitrantib.meetings.selectors.scope import action_items_visible_to
from sitrantib.regions.enums import InstitutionKind
from sitrantib.regions.models import District, Institution
from sitrantib.regions.selectors import institutions_visible_to

PENDING = sorted(str(s) for s in PENDING_STATUSES)


def ledger_owner_choices(
    *, user: Any, district_code: str | None = None
) -> QuerySet[Institution] | None:
    """The institutions the ledger can be filtered by; None when there is nothing to choose.

    A partner sees only its own institution's items, so it gets no owner filter at all; a village
    operator may choose among its desa governments only; the kecamatan roles among every
    institution they see. With `district_code` (the ledger's chosen kecamatan) only that
    kecamatan's institutions: a wide scope never lists the country's (issue 16 A2).
    """
    scope = scope_of(user)
    if scope.role == Role.PARTNER and not scope.national:
        return None
    owners = institutions_visible_to(user=user)
    if district_code is not None:
        owners = owners.filter(district_id=district_code)
    if scope.village_codes is not None and not scope.national:
        owners = owners.filter(
            kind=InstitutionKind.VILLAGE_GOVERNMENT, village_id__in=sorted(scope.village_codes)
        )
    return owners.order_by("kind", "name", "pk")


def with_follow_up_flags(items: QuerySet[ActionItem], *, today: dt.date) -> QuerySet[ActionItem]:
    """Annotate `has_evidence` and `is_overdue` (no query per row).

    Each flag is one lookup: `has_evidence` one EXISTS probe of the evidence index on `item_id`,
    `is_overdue` a comparison on the row. `ActionItem.is_followed_up` reads `has_evidence`
    (done with evidence) instead of a second EXISTS inside a CASE (issue 16 A7).
    """
    evidence = Evidence.objects.filter(item_id=OuterRef("pk"))
    return items.annotate(
        has_evidence=Exists(evidence),
        is_overdue=Case(
            When(status__in=PENDING, due_date__lt=today, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
    )


def followed_up(items: QuerySet[ActionItem]) -> QuerySet[ActionItem]:
    """The items done with at least one evidence (one EXISTS probe per done item)."""
    return items.filter(
        Exists(Evidence.objects.filter(item_id=OuterRef("pk"))), status=ActionStatus.DONE
    )


# The ledger's order: overdue first, then by due date (the key of its pages).
LEDGER_ORDERING = ("-is_overdue", "due_date", "pk")


def ledger_items(*, user: Any, today: dt.date | None = None) -> QuerySet[ActionItem]:
    """The follow-up ledger: every item in scope with its flags, overdue first, then by due date.

    Filtered by `filters.ActionItemFilter` and paged by `LEDGER_ORDERING`.
    """
    today = today or timezone.localdate()
    items = with_follow_up_flags(action_items_visible_to(user=user), today=today)
    overdue_first = F("is_overdue").desc()
    return items.select_related("meeting", "owner_institution", "owner_person").order_by(
        overdue_first, "due_date", "pk"
    )


@dataclass(frozen=True)
class InstitutionTally:
    institution_id: int
    name: str
    open: int
    overdue: int
    done: int


def institution_tallies(
    *, user: Any, today: dt.date | None = None, district_code: str | None = None
) -> list[InstitutionTally]:
    """Per owning institution: its open, overdue and done counts (one query), of one kecamatan
    when `district_code` is given."""
    today = today or timezone.localdate()
    items = action_items_visible_to(user=user)
    if district_code is not None:
        items = items.filter(district_id=district_code)
    rows = (
        items.values("owner_institution_id", "owner_institution__name")
        .annotate(
            n_open=Count("pk", filter=Q(status__in=PENDING)),
            n_overdue=Count("pk", filter=Q(status__in=PENDING, due_date__lt=today)),
            n_done=Count("pk", filter=Q(status=ActionStatus.DONE)),
        )
        .order_by("owner_institution__name", "owner_institution_id")
    )
    return [
        InstitutionTally(
            institution_id=r["owner_institution_id"],
            name=r["owner_institution__name"],
            open=r["n_open"],
            overdue=r["n_overdue"],
            done=r["n_done"],
        )
        for r in rows
    ]


def is_wide(scope: Scope) -> bool:
    """A scope of more than one kecamatan: its ledger first sums per kecamatan (issue 16 A1)."""
    return scope.national or len(scope.district_codes) > 1


def ledger_districts(*, user: Any) -> QuerySet[District]:
    """The kecamatan of the viewer's scope (core.scoping), in code order: the rows of a wide
    scope's ledger summary and the kecamatan `?kecamatan=` may choose."""
    scope = scope_of(user)
    return restrict(
        District.objects.all(), scope, district_field="code", village_field=None
    ).order_by("code")


@dataclass(frozen=True)
class DistrictTally:
    code: str
    name: str
    open: int
    overdue: int
    done: int


def district_tallies(
    *, user: Any, districts: list[District], today: dt.date | None = None
) -> list[DistrictTally]:
    """Per kecamatan of `districts` (one page of them): the open, overdue and done counts of the
    items the viewer sees there, in one grouped query bounded by the page (not by the scope)."""
    today = today or timezone.localdate()
    codes = [d.code for d in districts]
    rows = (
        action_items_visible_to(user=user)
        .filter(district_id__in=codes)
        .values("district_id")
        .annotate(
            n_open=Count("pk", filter=Q(status__in=PENDING)),
            n_overdue=Count("pk", filter=Q(status__in=PENDING, due_date__lt=today)),
            n_done=Count("pk", filter=Q(status=ActionStatus.DONE)),
        )
        .order_by()
    )
    counts = {r["district_id"]: r for r in rows}
    empty = {"n_open": 0, "n_overdue": 0, "n_done": 0}
    return [
        DistrictTally(
            code=d.code,
            name=d.name,
            open=counts.get(d.code, empty)["n_open"],
            overdue=counts.get(d.code, empty)["n_overdue"],
            done=counts.get(d.code, empty)["n_done"],
        )
        for d in districts
    ]
