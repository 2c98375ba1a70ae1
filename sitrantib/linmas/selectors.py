"""Reads of the LINMAS register. Every query for a user goes through the scope here.

Who may do what (docs/adr/0010-linmas-access-and-personal-data.md):
- write: trantib_admin (every desa of the kecamatan), village_operator (own desa), superuser;
- read the register: those plus camat and kecamatan_staff, with NIK, phone and address masked;
- partner: only the readiness figures, never a list of persons.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from sitrantib.core.enums import Role
from sitrantib.core.models import ImportBatch
from sitrantib.core.scoping import Scope, restrict, scope_of
from sitrantib.linmas.enums import MemberStatus
from sitrantib.linmas.models import (
    EquipmentIssue,
    EquipmentType,
    Member,
    Squad,
    VillageEquipment,
)
from sitrantib.linmas.nik import mask_nik
from sitrantib.regions.models import District, Hamlet, Village
from sitrantib.regions.selectors import latest_statistic, latest_statistics_prefetch

WRITER_ROLES = frozenset({Role.TRANTIB_ADMIN, Role.VILLAGE_OPERATOR})
READER_ROLES = WRITER_ROLES | {Role.CAMAT, Role.KECAMATAN_STAFF}
MASK = "********"


def can_read_members(scope: Scope) -> bool:
    return scope.national or scope.role in READER_ROLES


def can_write(scope: Scope) -> bool:
    return scope.national or scope.role in WRITER_ROLES


def sees_personal_data(scope: Scope) -> bool:
    """NIK, phone and address in full only for those who keep the register."""
    return can_write(scope)


def can_read_readiness(scope: Scope) -> bool:
    return not scope.is_empty


def mask_value(kind: str, value: str, *, reveal: bool) -> str:
    """The one masking rule for NIK, phone and address, used by templates, exports and the API."""
    if reveal or not value:
        return value
    if kind == "nik":
        return mask_nik(value)
    if kind == "phone":
        return value[:4] + "*" * max(len(value) - 6, 2) + value[-2:] if len(value) > 6 else MASK
    return MASK


def personal_fields(member: Member, scope: Scope) -> dict[str, str]:
    reveal = sees_personal_data(scope)
    return {
        "nik": mask_value("nik", member.nik, reveal=reveal),
        "phone": mask_value("phone", member.phone, reveal=reveal),
        "address": mask_value("address", member.address, reveal=reveal),
    }


def with_masking(members: list[Member], scope: Scope) -> list[Member]:
    """Attach `shown` (the personal fields as this viewer may see them) to each member."""
    for member in members:
        member.shown = personal_fields(member, scope)  # type: ignore[attr-defined]
    return members


# ---------------------------------------------------------------- scoped querysets


def _restrict_village(queryset: QuerySet[Any], scope: Scope, prefix: str = "") -> QuerySet[Any]:
    return restrict(
        queryset,
        scope,
        district_field=f"{prefix}village__district",
        village_field=f"{prefix}village",
    )


def members_in_scope(*, scope: Scope) -> QuerySet[Member]:
    if not can_read_members(scope):
        return Member.objects.none()
    return _restrict_village(Member.objects.select_related("village", "squad"), scope)


def members_visible_to(*, user: Any) -> QuerySet[Member]:
    return members_in_scope(scope=scope_of(user))


def members_writable_by(*, user: Any) -> QuerySet[Member]:
    scope = scope_of(user)
    if not can_write(scope):
        return Member.objects.none()
    return _restrict_village(Member.objects.select_related("village", "squad"), scope)


def villages_in_scope(*, scope: Scope) -> QuerySet[Village]:
    return restrict(Village.objects.all(), scope, district_field="district", village_field="code")


def villages_writable_by(*, user: Any) -> QuerySet[Village]:
    scope = scope_of(user)
    if not can_write(scope):
        return Village.objects.none()
    return villages_in_scope(scope=scope).order_by("code")


def villages_readable_by(*, user: Any) -> QuerySet[Village]:
    scope = scope_of(user)
    if not can_read_members(scope):
        return Village.objects.none()
    return villages_in_scope(scope=scope).order_by("code")


def hamlets_writable_by(*, user: Any) -> QuerySet[Hamlet]:
    """Dusun of the desa the user may write in (for choosing a member's dusun)."""
    scope = scope_of(user)
    if not can_write(scope):
        return Hamlet.objects.none()
    return _restrict_village(Hamlet.objects.all(), scope)


def squads_visible_to(*, user: Any) -> QuerySet[Squad]:
    scope = scope_of(user)
    if not can_read_members(scope):
        return Squad.objects.none()
    return _restrict_village(Squad.objects.select_related("village", "leader"), scope)


def squads_writable_by(*, user: Any) -> QuerySet[Squad]:
    scope = scope_of(user)
    if not can_write(scope):
        return Squad.objects.none()
    return _restrict_village(Squad.objects.select_related("village", "leader"), scope)


def equipment_in_scope(*, scope: Scope) -> QuerySet[VillageEquipment]:
    """Stock figures are not personal data: every role of the kecamatan reads them."""
    return _restrict_village(VillageEquipment.objects.select_related("village", "item_type"), scope)


def equipment_visible_to(*, user: Any) -> QuerySet[VillageEquipment]:
    return equipment_in_scope(scope=scope_of(user))


def issues_visible_to(*, user: Any) -> QuerySet[EquipmentIssue]:
    scope = scope_of(user)
    if not can_read_members(scope):
        return EquipmentIssue.objects.none()
    return _restrict_village(
        EquipmentIssue.objects.select_related("member__village", "item_type"), scope, "member__"
    )


def equipment_types() -> QuerySet[EquipmentType]:
    return EquipmentType.objects.filter(is_active=True).order_by("order", "name")


MEMBER_IMPORT_KIND = "linmas.members"


def member_imports_of(*, user: Any) -> QuerySet[ImportBatch]:
    """A staged member import is visible only to its uploader, and only while its desa (the
    batch's `scope_key`) is writable by them."""
    scope = scope_of(user)
    if not can_write(scope) or getattr(user, "pk", None) is None:
        return ImportBatch.objects.none()
    writable = villages_in_scope(scope=scope).values("code")
    return ImportBatch.objects.filter(owner=user, kind=MEMBER_IMPORT_KIND, scope_key__in=writable)


def member_by_verification_code(code: str) -> Member | None:
    """Public card check: no scope, the random code is the secret."""
    return Member.objects.select_related("village__district").filter(verification_code=code).first()


def nik_region_lookup(district_code: str) -> bool | None:
    """For nik.check_nik: does the kecamatan exist; None when its province is not loaded."""
    if District.objects.filter(code=district_code).exists():
        return True
    if District.objects.filter(code__startswith=district_code[:3]).exists():
        return False
    return None


# ---------------------------------------------------------------- readiness


READY = "siap"
PARTLY_READY = "cukup"
NOT_READY = "kurang"
NO_DATA = "kosong"


@dataclass
class Readiness:
    """The readiness figures of one desa; shares are Decimal fractions (0-1) or None."""

    village: Village
    active: int = 0
    with_decree: int = 0
    with_valid_card: int = 0
    rt_count: int | None = None
    equipment_required: int = 0
    equipment_good: int = 0
    shortage: int = 0
    shortages: dict[str, int] = field(default_factory=dict)

    @staticmethod
    def _share(part: int, whole: int) -> Decimal | None:
        return (Decimal(part) / Decimal(whole)) if whole else None

    @property
    def members_per_rt(self) -> Decimal | None:
        return self._share(self.active, self.rt_count or 0)

    @property
    def decree_share(self) -> Decimal | None:
        return self._share(self.with_decree, self.active)

    @property
    def card_share(self) -> Decimal | None:
        return self._share(self.with_valid_card, self.active)

    @property
    def equipment_share(self) -> Decimal | None:
        covered = self.equipment_required - self.shortage
        return self._share(covered, self.equipment_required)

    @property
    def score(self) -> Decimal | None:
        """Mean of the shares that are known (SK, valid KTA, equipment); None without members."""
        if not self.active:
            return None
        parts = [
            s for s in (self.decree_share, self.card_share, self.equipment_share) if s is not None
        ]
        return sum(parts, Decimal(0)) / len(parts)

    @property
    def level(self) -> str:
        score = self.score
        if score is None:
            return NO_DATA
        if score >= Decimal("0.8"):
            return READY
        if score >= Decimal("0.5"):
            return PARTLY_READY
        return NOT_READY


def readiness(*, scope: Scope, today: dt.date | None = None) -> list[Readiness]:
    """Readiness of every desa in the scope, in code order: four queries whatever the size."""
    today = today or timezone.localdate()
    villages = list(
        villages_in_scope(scope=scope)
        .prefetch_related(latest_statistics_prefetch())
        .order_by("code")
    )
    result = {v.code: Readiness(village=v) for v in villages}
    for village in villages:
        stat = latest_statistic(village)
        result[village.code].rt_count = stat.rt_count if stat else None
    active = Member.objects.filter(
        village__in=[v.code for v in villages], status=MemberStatus.AKTIF
    )
    counts = (
        active.values("village_id")
        .annotate(
            n=Count("id"),
            decree=Count("id", filter=~Q(decree_number="")),
            card=Count("id", filter=Q(card_valid_until__gte=today) & ~Q(card_number="")),
        )
        .order_by()
    )
    for row in counts:
        item = result[row["village_id"]]
        item.active, item.with_decree, item.with_valid_card = row["n"], row["decree"], row["card"]
    stocks = VillageEquipment.objects.filter(village__in=list(result)).select_related("item_type")
    for stock in stocks.order_by("village_id", "item_type__order"):
        item = result[stock.village_id]
        item.equipment_required += stock.required
        item.equipment_good += stock.good
        item.shortage += stock.shortage
        if stock.shortage:
            item.shortages[stock.item_type.name] = stock.shortage
    return [result[v.code] for v in villages]


def readiness_totals(rows: list[Readiness]) -> Readiness:
    total = Readiness(village=Village(code="", name=""))
    for row in rows:
        total.active += row.active
        total.with_decree += row.with_decree
        total.with_valid_card += row.with_valid_card
        total.rt_count = (total.rt_count or 0) + (row.rt_count or 0)
        total.equipment_required += row.equipment_required
        total.equipment_good += row.equipment_good
        total.shortage += row.shortage
    return total


def shortage_table(
    *, scope: Scope, villages: Sequence[Village]
) -> tuple[list[EquipmentType], list[tuple[Village, list[VillageEquipment | None]]]]:
    """Desa (one page of them) x item type: the stock row of each (None where none recorded)."""
    types = list(equipment_types())
    stocks = {
        (s.village_id, s.item_type_id): s
        for s in equipment_in_scope(scope=scope)
        .filter(village__in=[v.code for v in villages])
        .order_by("village_id", "item_type_id")
    }
    rows = [(v, [stocks.get((v.code, t.pk)) for t in types]) for v in villages]
    return types, rows
