"""The Perjanjian Kinerja (PK) of a year and the LKjIP chapter III tables of a kecamatan.

Both are rendered from records, never typed again (docs/adr/0102):

- **PK**: the agreement between the Kasi Trantib (first party) and the Camat (second party), the
  names and titles from the office's signatories (regions.Signatory); the table of sasaran /
  programme / kegiatan with each indicator and its target — from the indicators app's definitions
  of that year, or the plan in force's indicators where the indicators app has none yet; the
  programme and kegiatan with the year's budget, totals computed from the budget lines; the two
  signature blocks side by side.
- **LKjIP III.A Capaian Kinerja**: per indicator of the year, target, realisation and achievement
  of this year and of the two years before (matched by indicator code), read from the indicators
  app (`selectors.values_for`: it computes a stale value first; achievement and its grade come from
  `indicators.achievement` with the kecamatan's rules — nothing is computed again here), then the
  causes and remedies the section wrote (reports.models.IndicatorNarrative).
- **LKjIP III.B Realisasi Anggaran**: per budget line of the year, ceiling, realisation (the sum of
  its spending, `budget.selectors.with_spent`) and its percentage; totals are sums of the lines.

One template per document makes DOCX, XLSX (one sheet per `data-sheet` table) and PDF through
core.documents. Readers: the Camat, the section's administrator and the kecamatan staff of that
kecamatan, and users whose regency or national coverage includes it (the readers of the plan and
the budget these documents print); village operators and partners do not read them.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from sitrantib.budget.models import BudgetLine
from sitrantib.budget.selectors import percent, with_spent
from sitrantib.core import documents
from sitrantib.core.audit import save_changes, save_new
from sitrantib.core.concurrency import StaleVersion
from sitrantib.core.scoping import scope_of
from sitrantib.indicators import access as indicator_access
from sitrantib.indicators import selectors as indicator_selectors
from sitrantib.indicators import services as indicator_services
from sitrantib.indicators.achievement import grade
from sitrantib.indicators.enums import Polarity, ZeroTargetRule
from sitrantib.indicators.models import IndicatorDefinition, IndicatorValue
from sitrantib.planning.enums import CodeLevel, IndicatorLevel
from sitrantib.planning.models import AnnualPlan
from sitrantib.planning.selectors import current_plan, reads_plans
from sitrantib.regions.enums import SignatoryRole
from sitrantib.regions.models import District, OfficeProfile
from sitrantib.regions.selectors import office_for_district
from sitrantib.reports.catalogue import (
    RenderedDocument,
    ReportKind,
    ReportRequest,
    ReportUnavailable,
    register_report,
)
from sitrantib.reports.models import IndicatorNarrative

PK_TEMPLATE = "reports/documents/pk.html"
LKJIP_TEMPLATE = "reports/documents/lkjip.html"
FORMATS = ("docx", "xlsx", "pdf")
# The LKjIP compares this year with the years before it (PermenPANRB 53/2014): at least two.
EARLIER_YEARS = 2
TWO_PLACES = Decimal("0.01")
ZERO = Decimal(0)
NONE_MARK = "\u2013"  # the en dash printed where a year has no figure

MESSAGE_NO_DISTRICT = gettext_noop("Kecamatan tidak ditemukan.")
MESSAGE_NO_INDICATORS = gettext_noop(
    "Belum ada indikator kinerja tahun ini: susun definisi indikator (menu Indikator) atau "
    "rencana kegiatan (KAK) dengan indikator dan targetnya lebih dahulu."
)
MESSAGE_NO_DEFINITIONS = gettext_noop(
    "Belum ada definisi indikator tahun ini: LKjIP membaca realisasi dan capaian dari menu "
    "Indikator. Buat definisinya dari KAK lebih dahulu."
)

MESSAGE_NOT_WRITER = gettext_noop(
    "Hanya Admin Seksi Trantib kecamatan ini yang dapat menulis analisis capaian."
)
NARRATIVE_FIELDS = ("causes", "remedies", "efficiency")

# The printed reading of each grade of achievement.achievement.DEFAULT_GRADES.
GRADE_LABELS: dict[str, Any] = {
    "sangat_baik": _("Sangat baik"),
    "baik": _("Baik"),
    "cukup": _("Cukup"),
    "kurang": _("Kurang"),
    "sangat_kurang": _("Sangat kurang"),
    "": NONE_MARK,
}
# How the PK groups its indicators, in this order: the heading of each level.
LEVEL_ORDER = (
    IndicatorLevel.GOAL,
    IndicatorLevel.PROGRAMME,
    IndicatorLevel.OUTCOME,
    IndicatorLevel.OUTPUT,
    IndicatorLevel.INDIVIDUAL,
)
LEVEL_HEADINGS: dict[str, Any] = {
    IndicatorLevel.GOAL: _("Sasaran"),
    IndicatorLevel.PROGRAMME: _("Program"),
    IndicatorLevel.OUTCOME: _("Kegiatan (hasil)"),
    IndicatorLevel.OUTPUT: _("Kegiatan (keluaran)"),
    IndicatorLevel.INDIVIDUAL: _("Kinerja individu"),
}


def reads_performance(user: Any, district_code: str) -> bool:
    """The Camat, the section's administrator and the kecamatan staff of that kecamatan, and a
    regency or national reader covering it (the readers of the plan and the budget)."""
    scope = scope_of(user)
    return not scope.is_empty and reads_plans(scope) and scope.covers_district(district_code)


# ---------------------------------------------------------------- numbers as printed


def plain(value: Decimal | None) -> str:
    """The exact number for a spreadsheet cell (`data-value`): "87.5", "40450000"; "" for none."""
    if value is None:
        return ""
    text = format(Decimal(value), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def two_places(value: Decimal | None) -> Decimal | None:
    """A figure as printed: two decimals at most, rounded half up (trailing zeros dropped by the
    template's `angka:"ringkas"`)."""
    if value is None:
        return None
    return Decimal(value).quantize(TWO_PLACES, ROUND_HALF_UP)


# ---------------------------------------------------------------- signatories


@dataclass(frozen=True)
class Party:
    """One party of the agreement as its signature block prints it."""

    heading: Any
    title: str
    name: str = ""
    rank: str = ""
    nip: str = ""


def party(office: OfficeProfile | None, role: str, heading: Any) -> Party:
    """The office's signatory of `role` (prefetched), or the role's title with a blank name."""
    found = None
    if office is not None:
        found = next((s for s in office.signatories.all() if s.role == role), None)
    if found is None:
        return Party(heading=heading, title=str(SignatoryRole(role).label))
    return Party(
        heading=heading, title=found.title, name=found.name, rank=found.rank, nip=found.nip
    )


def _district(code: str) -> District:
    district = District.objects.filter(code=code).first()
    if district is None:
        raise ReportUnavailable(MESSAGE_NO_DISTRICT)
    return district


def _codes(plan: AnnualPlan | None) -> dict[str, str]:
    """The plan's programme and kegiatan codes, one per level (joined when several schemes)."""
    if plan is None:
        return {}
    found: dict[str, list[str]] = {}
    for code in plan.codes.order_by("pk"):
        found.setdefault(code.level, []).append(code.code)
    return {level: " / ".join(codes) for level, codes in found.items()}


# ---------------------------------------------------------------- budget


@dataclass
class BudgetRow:
    """One budget line of the year with its ceiling, realisation and percentage."""

    line: BudgetLine
    ceiling: Decimal
    spent: Decimal

    @property
    def share(self) -> Decimal | None:
        return percent(self.spent, self.ceiling)

    @property
    def remaining(self) -> Decimal:
        return self.ceiling - self.spent


@dataclass
class BudgetTotals:
    rows: list[BudgetRow]

    @property
    def ceiling(self) -> Decimal:
        return sum((row.ceiling for row in self.rows), ZERO)

    @property
    def spent(self) -> Decimal:
        return sum((row.spent for row in self.rows), ZERO)

    @property
    def remaining(self) -> Decimal:
        return self.ceiling - self.spent

    @property
    def share(self) -> Decimal | None:
        return percent(self.spent, self.ceiling)


def budget_of(district_code: str, year: int) -> BudgetTotals:
    """The year's budget lines with what was spent on each (one query); totals are sums."""
    lines = with_spent(BudgetLine.objects.filter(district_id=district_code, year=year)).order_by(
        "position", "pk"
    )
    return BudgetTotals(
        rows=[BudgetRow(line=line, ceiling=line.ceiling, spent=line.spent) for line in lines]  # type: ignore[attr-defined]
    )


# ---------------------------------------------------------------- PK


@dataclass
class TargetRow:
    """One indicator of the PK table with its target."""

    name: str
    unit: str
    target: Decimal | None
    target_text: str = ""

    @property
    def target_value(self) -> str:
        return plain(self.target)

    @property
    def target_shown(self) -> Decimal | None:
        return two_places(self.target)


@dataclass
class TargetGroup:
    """The indicators of one level under their heading (Sasaran, Program, Kegiatan)."""

    level: str
    heading: Any
    name: str
    rows: list[TargetRow] = field(default_factory=list)


def _group_name(level: str, plan: AnnualPlan | None, codes: dict[str, str]) -> str:
    if plan is None:
        return ""
    if level == IndicatorLevel.PROGRAMME:
        code = codes.get(CodeLevel.PROGRAMME, "")
        return f"{code} {plan.programme_name}".strip()
    if level in (IndicatorLevel.OUTCOME, IndicatorLevel.OUTPUT):
        code = codes.get(CodeLevel.ACTIVITY, "")
        return f"{code} {plan.activity_name}".strip()
    return ""


def target_groups(
    rows: Iterable[tuple[str, TargetRow]], plan: AnnualPlan | None, codes: dict[str, str]
) -> list[TargetGroup]:
    """Indicators grouped by level in the PK's order; levels without indicators are left out."""
    groups: dict[str, TargetGroup] = {
        str(level): TargetGroup(
            level=level, heading=LEVEL_HEADINGS[level], name=_group_name(level, plan, codes)
        )
        for level in LEVEL_ORDER
    }
    for level, row in rows:
        groups[level if level in groups else IndicatorLevel.OUTPUT].rows.append(row)
    return [group for group in groups.values() if group.rows]


def pk_targets(district_code: str, year: int, plan: AnnualPlan | None) -> tuple[list, str]:
    """The PK's indicators with their targets and where they come from ("indicators" when the
    indicators app has definitions of the year, "plan" from the plan in force, "" none)."""
    definitions = list(indicator_selectors.definitions_of(district_code=district_code, year=year))
    if definitions:
        return [
            (d.level, TargetRow(name=d.name, unit=d.unit, target=d.target)) for d in definitions
        ], "indicators"
    if plan is not None:
        indicators = list(plan.indicators.order_by("position", "pk"))
        if indicators:
            return [
                (
                    i.level,
                    TargetRow(name=i.name, unit=i.unit, target=i.target, target_text=i.target_text),
                )
                for i in indicators
            ], "plan"
    return [], ""


def pk_context(district_code: str, year: int) -> dict[str, Any]:
    """Everything the PK template prints (a fixed number of queries)."""
    district = _district(district_code)
    plan = current_plan(district_code=district_code, year=year)
    rows, source = pk_targets(district_code, year, plan)
    if not rows:
        raise ReportUnavailable(MESSAGE_NO_INDICATORS)
    codes = _codes(plan)
    office = office_for_district(district_code=district_code)
    budget = budget_of(district_code, year)
    return {
        "office": office,
        "district": district,
        "year": year,
        "plan": plan,
        "programme": _group_name(IndicatorLevel.PROGRAMME, plan, codes),
        "activity": _group_name(IndicatorLevel.OUTPUT, plan, codes),
        "groups": target_groups(rows, plan, codes),
        "target_source": source,
        "budget": budget,
        "first_party": party(office, SignatoryRole.KASI_TRANTIB, _("PIHAK PERTAMA,")),
        "second_party": party(office, SignatoryRole.CAMAT, _("PIHAK KEDUA,")),
    }


# ---------------------------------------------------------------- LKjIP


@dataclass
class YearFigures:
    """One year of one indicator: target, realisation and achievement as the indicators app
    stores them (None where that year has no such indicator or no value)."""

    year: int
    target: Decimal | None = None
    value: Decimal | None = None
    achievement: Decimal | None = None
    held: bool = False

    @property
    def target_shown(self) -> Decimal | None:
        return two_places(self.target)

    @property
    def value_shown(self) -> Decimal | None:
        return two_places(self.value)

    @property
    def target_plain(self) -> str:
        return plain(self.target)

    @property
    def value_plain(self) -> str:
        return plain(self.value)

    @property
    def achievement_plain(self) -> str:
        return plain(self.achievement)


@dataclass
class AchievementRow:
    definition: IndicatorDefinition
    years: list[YearFigures]
    narrative: IndicatorNarrative | None

    @property
    def current(self) -> YearFigures:
        return self.years[-1]

    @property
    def grade(self) -> Any:
        return GRADE_LABELS.get(grade(self.current.achievement), NONE_MARK)

    @property
    def causes(self) -> str:
        return self.narrative.causes if self.narrative else ""

    @property
    def remedies(self) -> str:
        return self.narrative.remedies if self.narrative else ""

    @property
    def efficiency(self) -> str:
        return self.narrative.efficiency if self.narrative else ""

    @property
    def polarity_label(self) -> Any:
        return _("Negatif") if self.definition.polarity == Polarity.NEGATIVE else _("Positif")


def _figures(year: int, value: IndicatorValue | None) -> YearFigures:
    if value is None:
        return YearFigures(year=year)
    return YearFigures(
        year=year,
        target=value.target,
        value=value.value,
        achievement=value.achievement,
        held=True,
    )


def achievement_rows(district_code: str, year: int) -> list[AchievementRow]:
    """Each indicator of the year with its figures for the earlier years and this one (matched
    by code), and the section's narrative. `values_for` per year (it computes stale values
    first), one query for the narratives."""
    years = [year - back for back in range(EARLIER_YEARS, 0, -1)]
    current = indicator_selectors.values_for(district_code=district_code, year=year)
    if not current:
        return []
    earlier: dict[int, dict[str, IndicatorValue | None]] = {}
    for past in years:
        earlier[past] = {
            row.definition.code: row.value
            for row in indicator_selectors.values_for(district_code=district_code, year=past)
        }
    narratives = {
        n.definition_id: n
        for n in IndicatorNarrative.objects.filter(
            definition_id__in=[row.definition.pk for row in current]
        )
    }
    return [
        AchievementRow(
            definition=row.definition,
            years=[_figures(past, earlier[past].get(row.definition.code)) for past in years]
            + [_figures(year, row.value)],
            narrative=narratives.get(row.definition.pk),
        )
        for row in current
    ]


def lkjip_context(district_code: str, year: int) -> dict[str, Any]:
    """Everything the LKjIP chapter III template prints."""
    district = _district(district_code)
    rows = achievement_rows(district_code, year)
    if not rows:
        raise ReportUnavailable(MESSAGE_NO_DEFINITIONS)
    rules = indicator_services.settings_of(district_code)
    office = office_for_district(district_code=district_code)
    return {
        "office": office,
        "district": district,
        "year": year,
        "years": [figures.year for figures in rows[0].years],
        "rows": rows,
        "zero_target_met": rules.zero_target == ZeroTargetRule.MET_IF_ZERO,
        "cap_at_100": rules.cap_at_100,
        "budget": budget_of(district_code, year),
        "signatory": party(office, SignatoryRole.CAMAT, ""),
    }


# ---------------------------------------------------------------- the section's analysis


def can_write_narrative(user: Any, district_code: str) -> bool:
    """The section's administrator of that kecamatan (or a regency or national administrator
    covering it), the one who manages its indicators (indicators.access.can_manage)."""
    return indicator_access.can_manage(scope_of(user), district_code)


@transaction.atomic
def save_narrative(
    *,
    definition: IndicatorDefinition,
    data: dict[str, str],
    actor: Any,
    expected_version: int | None = None,
) -> IndicatorNarrative:
    """Write the analysis of one indicator's achievement (causes, remedies, efficiency), audited.

    Refuses (PermissionDenied) anyone but the administrator of the indicator's kecamatan.
    `expected_version` is the version the writer opened: 0 when there was no analysis yet, so
    two people writing a first analysis at once do not overwrite each other (StaleVersion).
    """
    if not can_write_narrative(actor, definition.district_id):
        raise PermissionDenied(gettext(MESSAGE_NOT_WRITER))
    changes = {name: data.get(name, "") for name in NARRATIVE_FIELDS}
    existing = IndicatorNarrative.objects.select_for_update().filter(definition=definition).first()
    if existing is None:
        return save_new(IndicatorNarrative(definition=definition, **changes), actor=actor)
    if expected_version == 0:
        raise StaleVersion.for_instance(existing, expected_version=0, yours=changes)
    save_changes(existing, changes, actor=actor, expected_version=expected_version)
    return existing


# ---------------------------------------------------------------- rendering and the catalogue


def _render(template: str, context: dict[str, Any], fmt: str) -> bytes:
    return documents.render_document(template, context, fmt)


def build_pk(request: ReportRequest) -> RenderedDocument:
    context = pk_context(request.district_code, request.year)
    district = context["district"]
    return RenderedDocument(
        content=_render(PK_TEMPLATE, context, request.fmt),
        filename=f"perjanjian-kinerja-{request.year}-{district.code}.{request.fmt}",
        title=f"Perjanjian Kinerja {request.year} Kecamatan {district.name}",
        subject_key=f"pk:{district.code}:{request.year}",
    )


def build_lkjip(request: ReportRequest) -> RenderedDocument:
    context = lkjip_context(request.district_code, request.year)
    district = context["district"]
    return RenderedDocument(
        content=_render(LKJIP_TEMPLATE, context, request.fmt),
        filename=f"lkjip-bab-3-{request.year}-{district.code}.{request.fmt}",
        title=f"LKjIP {request.year} Bab III Kecamatan {district.name}",
        subject_key=f"lkjip:{district.code}:{request.year}",
    )


register_report(
    ReportKind(
        key="pk",
        title=_("Perjanjian Kinerja (PK)"),
        formats=FORMATS,
        build=build_pk,
        readers=reads_performance,
        description=_(
            "Perjanjian Kinerja Kasi Trantib dengan Camat: indikator dan target tahun itu, "
            "program dan kegiatan dengan anggarannya."
        ),
    )
)
register_report(
    ReportKind(
        key="lkjip",
        title=_("LKjIP Bab III: Akuntabilitas Kinerja"),
        formats=FORMATS,
        build=build_lkjip,
        readers=reads_performance,
        description=_(
            "Capaian kinerja per indikator (tahun ini dan dua tahun sebelumnya) dengan "
            "analisis penyebab dan upaya perbaikan, serta realisasi anggaran per mata anggaran."
        ),
    )
)
