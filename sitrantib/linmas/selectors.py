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

from django.db.models import (
    Count,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from sitrantib.core.enums import Role
from sitrantib.core.models import ImportBatch
from sitrantib.core.scoping import Scope, restrict, scope_of
from sitrantib.linmas.enums import (
    MemberStatus,
    ReadinessLevel,
    readiness_level,
    readiness_score,
)
from sitrantib.linmas.models import (
    EquipmentIssue,
    EquipmentType,
    Member,
    Squad,
    VillageEquipment,
    VillageReadiness,
)
from sitrantib.linmas.nik import mask_nik
from sitrantib.regions.models import District, Hamlet, Regency, Village
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


def personal_fields(member: Member, scope: Scope) -> dict[str, Any]:
    """The personal fields as this viewer may see them (ADR 0010).

    Where the NIK is masked, the birth date is too: digits 7-12 of a NIK are the birth date (day
    + 40 for women), so the full date and the sex would rebuild what the mask hides. Such a viewer
    gets the birth year only (`birth_date` None); the sex stays, since without day and month it
    tells nothing the mask hides.
    """
    reveal = sees_personal_data(scope)
    born = member.birth_date
    return {
        "nik": mask_value("nik", member.nik, reveal=reveal),
        "phone": mask_value("phone", member.phone, reveal=reveal),
        "address": mask_value("address", member.address, reveal=reveal),
        "birth_date": born if reveal else None,
        "birth_year": born.year if born else None,
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


READY = ReadinessLevel.SIAP.value
PARTLY_READY = ReadinessLevel.CUKUP.value
NOT_READY = ReadinessLevel.KURANG.value
NO_DATA = ReadinessLevel.KOSONG.value
FIGURES = (
    "active", "with_decree", "with_valid_card", "equipment_required", "equipment_good", "shortage",
)  # fmt: skip


@dataclass
class Readiness:
    """The readiness figures of one desa, or summed over a kecamatan or kabupaten.

    `village` is the desa, or for a summary row the region (a District or Regency: both have
    `code` and `name`). Shares are Decimal fractions (0-1) or None.
    """

    village: Any
    active: int = 0
    with_decree: int = 0
    with_valid_card: int = 0
    rt_count: int | None = None
    equipment_required: int = 0
    equipment_good: int = 0
    shortage: int = 0
    shortages: dict[str, int] = field(default_factory=dict)
    # Summary rows: how many desa, and how many of them at each level.
    village_count: int = 0
    levels: dict[str, int] = field(default_factory=dict)

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
        return readiness_score(
            active=self.active,
            with_decree=self.with_decree,
            with_valid_card=self.with_valid_card,
            equipment_required=self.equipment_required,
            shortage=self.shortage,
        )

    @property
    def level(self) -> str:
        return readiness_level(self.score)

    def figures(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in FIGURES}


def fresh_readiness(
    *, village_codes: Sequence[str] | None = None, district_code: str = "", today: dt.date
) -> dict[str, dict[str, int]]:
    """Readiness figures counted now from the members and stock (two queries), by desa code.

    For the desa `village_codes`, or every desa of `district_code`. This is the definition the
    stored figures (`VillageReadiness`) must always equal.
    """
    if village_codes is not None:
        members = Member.objects.filter(village__in=list(village_codes))
        stocks = VillageEquipment.objects.filter(village__in=list(village_codes))
        villages = list(village_codes)
    else:
        members = Member.objects.filter(village__district=district_code)
        stocks = VillageEquipment.objects.filter(village__district=district_code)
        villages = list(
            Village.objects.filter(district=district_code).values_list("code", flat=True)
        )
    result = {code: dict.fromkeys(FIGURES, 0) for code in villages}
    counts = (
        members.filter(status=MemberStatus.AKTIF)
        .values("village_id")
        .annotate(
            n=Count("id"),
            decree=Count("id", filter=~Q(decree_number="")),
            card=Count("id", filter=Q(card_valid_until__gte=today) & ~Q(card_number="")),
        )
        .order_by()
    )
    for row in counts:
        item = result.setdefault(row["village_id"], dict.fromkeys(FIGURES, 0))
        item.update(active=row["n"], with_decree=row["decree"], with_valid_card=row["card"])
    stock_totals = (
        stocks.values("village_id")
        .annotate(
            req=Sum("required"),
            gd=Sum("good"),
            short=Sum(Greatest(F("required") - F("good"), Value(0))),
        )
        .order_by()
    )
    for stock in stock_totals:
        item = result.setdefault(stock["village_id"], dict.fromkeys(FIGURES, 0))
        item.update(
            equipment_required=stock["req"] or 0,
            equipment_good=stock["gd"] or 0,
            shortage=stock["short"] or 0,
        )
    return result


def readiness(*, scope: Scope, today: dt.date | None = None) -> list[Readiness]:
    """Readiness of every desa in the scope counted now, in code order (the export's summary
    sheet and the map of one kecamatan): four queries whatever the size."""
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


# ---------------------------------------------------------------- stored readiness, by level

# What a readiness or equipment page lists: one row per kabupaten, per kecamatan, or per desa.
LEVEL_REGENCY = "kabupaten"
LEVEL_DISTRICT = "kecamatan"
LEVEL_VILLAGE = "desa"


def is_wide(scope: Scope) -> bool:
    """A scope wider than one kecamatan first sees summaries (issue 16 A1)."""
    return scope.national or len(scope.district_codes) > 1


def regencies_in_scope(*, scope: Scope) -> QuerySet[Regency]:
    if scope.national:
        return Regency.objects.all()
    return Regency.objects.filter(districts__code__in=sorted(scope.district_codes)).distinct()


def districts_in_scope(*, scope: Scope) -> QuerySet[District]:
    return restrict(District.objects.all(), scope, district_field="code", village_field=None)


def regions_at(*, scope: Scope, level: str, parent: str = "") -> QuerySet[Any]:
    """The kabupaten (LEVEL_REGENCY) or kecamatan (of kabupaten `parent`) in the scope."""
    if level == LEVEL_REGENCY:
        return regencies_in_scope(scope=scope)
    districts = districts_in_scope(scope=scope)
    return districts.filter(regency=parent) if parent else districts


def summary_rows(*, scope: Scope, level: str, parent: str = "") -> QuerySet[Any]:
    """Kabupaten (level LEVEL_REGENCY) or kecamatan (LEVEL_DISTRICT, of kabupaten `parent` when
    given) in the scope, each annotated in SQL with the sums of its desa's stored figures and
    the number of desa at each level: page it with `core.paging.page_by_key` by code."""
    regions = regions_at(scope=scope, level=level, parent=parent)
    if level == LEVEL_REGENCY:
        prefix, villages = "districts__linmas_readiness__", "district__regency"
    else:
        prefix, villages = "linmas_readiness__", "district"
    desa = (
        Village.objects.filter(**{villages: OuterRef("code")})
        .order_by()
        .values(villages)
        .annotate(n=Count("code"))
        .values("n")
    )
    annotations: dict[str, Any] = {
        f"r_{name}": Coalesce(Sum(f"{prefix}{name}"), Value(0)) for name in FIGURES
    }
    for value in ReadinessLevel.values:
        annotations[f"n_{value}"] = Count(f"{prefix}village", filter=Q(**{f"{prefix}level": value}))
    return regions.annotate(
        village_count=Coalesce(Subquery(desa, output_field=IntegerField()), Value(0)),
        oldest=Min(f"{prefix}computed_on"),
        **annotations,
    )


def as_readiness(region: Any) -> Readiness:
    """A summary row (annotated by `summary_rows`) as Readiness figures."""
    row = Readiness(village=region, village_count=region.village_count)
    for name in FIGURES:
        setattr(row, name, getattr(region, f"r_{name}"))
    row.levels = {value: getattr(region, f"n_{value}") for value in ReadinessLevel.values}
    counted = sum(row.levels.values())
    row.levels[NO_DATA] += max(region.village_count - counted, 0)
    return row


def stored_readiness(*, villages: Sequence[Village], today: dt.date) -> list[Readiness]:
    """The stored figures of these desa (one page of them), with their RT count.

    A desa with no stored row, or one computed before `today` (a card may have expired since), is
    computed and stored first, so the page always shows today's figures: at most one page of
    desa is refreshed, in three queries.
    """
    from sitrantib.linmas.services import refresh_readiness  # services import this module

    codes = [v.code for v in villages]
    stored = {r.village_id: r for r in VillageReadiness.objects.filter(village__in=codes)}
    stale = [code for code in codes if code not in stored or stored[code].computed_on < today]
    if stale:
        for row in refresh_readiness(village_codes=stale, today=today):
            stored[row.village_id] = row
    result = []
    for village in villages:
        stat = latest_statistic(village)
        item = Readiness(village=village, rt_count=stat.rt_count if stat else None)
        for name in FIGURES:
            setattr(item, name, getattr(stored[village.code], name))
        result.append(item)
    return result


def stored_totals(
    *, scope: Scope, regency: Regency | None = None, district: District | None = None
) -> Readiness:
    """The stored figures summed over the scope (or one kabupaten / kecamatan of it): one query."""
    stored = _restrict_village(VillageReadiness.objects.all(), scope)
    if regency is not None:
        stored = stored.filter(district__regency=regency)
    if district is not None:
        stored = stored.filter(district=district)
    sums = stored.aggregate(**{name: Coalesce(Sum(name), Value(0)) for name in FIGURES})
    total = Readiness(village=Village(code="", name=""))
    for name in FIGURES:
        setattr(total, name, sums[name])
    return total


def shortage_summary(
    *, level: str, regions: Sequence[Any]
) -> tuple[list[EquipmentType], list[tuple[Any, list[dict[str, int] | None]]]]:
    """Kabupaten or kecamatan (one page of them) x item type: stock and shortage summed in SQL
    over their desa (one query for the types, one for the sums)."""
    types = list(equipment_types())
    key = "village__district__regency_id" if level == LEVEL_REGENCY else "village__district_id"
    sums = (
        VillageEquipment.objects.filter(**{f"{key}__in": [r.code for r in regions]})
        .values(key, "item_type_id")
        .annotate(
            good_sum=Sum("good"),
            damaged_sum=Sum("damaged"),
            required_sum=Sum("required"),
            shortage_sum=Sum(Greatest(F("required") - F("good"), Value(0))),
        )
        .order_by()
    )
    cells = {
        (row[key], row["item_type_id"]): {
            "good": row["good_sum"] or 0,
            "damaged": row["damaged_sum"] or 0,
            "required": row["required_sum"] or 0,
            "shortage": row["shortage_sum"] or 0,
        }
        for row in sums
    }
    return types, [(r, [cells.get((r.code, t.pk)) for t in types]) for r in regions]


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
