"""The KAK (Kerangka Acuan Kerja) of a year, rendered from records as DOCX and PDF (ADR 0101).

Nothing in the document is typed for it; every part comes from the record that owns it:

- letterhead: the office (regions.OfficeProfile, through documents/base.html);
- title, header table (programme and kegiatan with their codes, programme / output / outcome
  indicators), text sections A.1-A.9 with their lists, executors, signing place and date: the
  plan in force for the year (planning: the approved revision, else the newest draft — a plan
  that is not approved prints "DRAF" on every page);
- the two desa tables of A.2.b: the desa statistics (regions.VillageStatistic) of the plan's
  statistics source, else the newest figures of the plan's year or before; desa by their
  official name; the JUMLAH row and each desa's population (L + P) computed;
- the time-series table of A.3.e.3.a: budget.selectors.time_series_for_plan (the budget lines
  of the three years before);
- A.7 stages and timing: the planned activities (procedure, schedule, venue, executors,
  participants with their counts);
- A.8 costs: the budget lines of the plan's year (budget.selectors.year_summary), with the
  total computed from them.

Totals are computed, never copied from a source: where a source states another figure (the
KAK 2020's cost total, the population of Kalipepe), the data-quality page keeps the finding
(budget.stated_total_differs, regions.village_figures).

Section numbers ("A.3.e.3.a") place each plan section: the second part is the numbered part
(1-9), the third the lettered sub-part, a fourth nests the section under that item of the
sub-part's list (the source nests its time-series analysis under "3. Evaluasi anggaran ...").
"""

from dataclasses import dataclass, field
from typing import Any

from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from sitrantib.budget.selectors import time_series_for_plan, year_summary
from sitrantib.core import documents
from sitrantib.core.enums import Coverage, Role
from sitrantib.core.formatting import MONTHS_ID
from sitrantib.core.scoping import scope_of
from sitrantib.planning.enums import CodeLevel, IndicatorLevel, PlanStatus, SectionKey
from sitrantib.planning.models import AnnualPlan, Indicator, PlannedActivity, PlanSection
from sitrantib.planning.selectors import current_plan, reads_plans, with_contents
from sitrantib.regions.enums import SignatoryRole
from sitrantib.regions.models import OfficeProfile, VillageStatistic
from sitrantib.regions.selectors import office_for_district
from sitrantib.regions.statistics import summarise
from sitrantib.reports.catalogue import (
    RenderedDocument,
    ReportKind,
    ReportRequest,
    ReportUnavailable,
    register_report,
)

TEMPLATE = "reports/documents/kak.html"

MESSAGE_NO_PLAN = gettext_noop(
    "Belum ada rencana kegiatan (KAK) untuk tahun itu di kecamatan ini. Buat rencananya, atau "
    "salin rencana tahun sebelumnya, di menu Rencana & Kinerja lebih dahulu."
)

# How each section's list is marked, as the source marks it: "1." (decimal), "1)" (paren),
# "·" (dots). Sections not named here use "1.".
LIST_STYLES = {
    SectionKey.PHENOMENA: "paren",
    SectionKey.PROBLEMS: "paren",
    SectionKey.FACTORS: "paren",
    SectionKey.IMPLEMENTATION_PROBLEMS: "paren",
    SectionKey.GOAL_INDICATORS: "dots",
    SectionKey.PROGRAMME_INDICATORS: "dots",
    SectionKey.OUTCOME_INDICATORS: "dots",
    SectionKey.OUTPUT_INDICATORS: "dots",
    SectionKey.INDIVIDUAL_INDICATORS: "dots",
    SectionKey.BENEFITS: "dots",
    SectionKey.IMPACT: "dots",
    SectionKey.STRATEGY: "dots",
}
# The indicators (with their targets) each indicator section of A.4 lists.
INDICATOR_SECTIONS = {
    SectionKey.GOAL_INDICATORS: IndicatorLevel.GOAL,
    SectionKey.PROGRAMME_INDICATORS: IndicatorLevel.PROGRAMME,
    SectionKey.OUTCOME_INDICATORS: IndicatorLevel.OUTCOME,
    SectionKey.OUTPUT_INDICATORS: IndicatorLevel.OUTPUT,
    SectionKey.INDIVIDUAL_INDICATORS: IndicatorLevel.INDIVIDUAL,
}
# Parts whose sub-parts the source letters "a." (the others "a)").
DOTTED_LETTER_PARTS = frozenset({"2", "3"})
# Parts the generated document always has, with their printed titles when the plan has no
# section for them: their contents come from records, not from text.
GENERATED_PARTS = (
    ("7", SectionKey.STAGES, "Tahapan dan Waktu Pelaksanaan/ alur"),
    ("8", SectionKey.COSTS, "Biaya Yang Diperlukan"),
)
DEFAULT_TABLE_TITLES = (
    "Pembagian Wilayah Administrasi Kecamatan %(district)s Kabupaten %(regency)s",
    "Penduduk Kecamatan %(district)s Menurut Desa",
)


def reads_kak(user: Any, district_code: str) -> bool:
    """Who reads the plan of a kecamatan reads its KAK: the Camat, the Trantib section and the
    kecamatan staff of that kecamatan, and a regency or national coverage that reaches it.
    Village operators and partners do not (the plan is the section's internal programme with
    its money; planning.selectors)."""
    scope = scope_of(user)
    return reads_plans(scope) and scope.covers_district(district_code)


@dataclass(frozen=True)
class _RecordsReader:
    """Stands for the requester where there is none (the command line): the catalogue's readers
    rule has already been decided, and the budget selectors read through a user's scope."""

    role: str = Role.TRANTIB_ADMIN
    coverage: str = Coverage.NATIONAL
    is_authenticated: bool = True
    is_active: bool = True
    district_id: str | None = None
    institution_id: int | None = None


# ---------------------------------------------------------------- structure of the sections


@dataclass
class Item:
    text: str
    nested: list["Nested"] = field(default_factory=list)


@dataclass
class Nested:
    """A section printed inside an item of another's list (A.3.e.3.a inside A.3.e item 3)."""

    section: PlanSection
    letter: str
    items: list[Item]
    list_style: str
    time_series: Any = None


@dataclass
class Sub:
    """A lettered sub-part (A.2.a): its text (or its title when it has none) and its list."""

    section: PlanSection
    letter: str
    items: list[Item]
    list_style: str
    indicators: list[Indicator] = field(default_factory=list)
    desa_tables: bool = False

    @property
    def lead(self) -> str:
        return self.section.text or self.section.title


@dataclass
class Part:
    """A numbered part of "A. Latar Belakang Kegiatan" (1. Dasar Hukum ... 9. Lampiran)."""

    number: str
    title: str
    key: str
    letter_style: str
    body: PlanSection | None = None
    items: list[Item] = field(default_factory=list)
    list_style: str = "decimal"
    subs: list[Sub] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.body.text if self.body is not None else ""


def _items(section: PlanSection) -> list[Item]:
    return [Item(text=str(text)) for text in section.items or []]


def _parts_of(number: str) -> list[str]:
    return [p for p in number.strip().split(".") if p]


def build_parts(sections: list[PlanSection], indicators: list[Indicator]) -> list[Part]:
    """The plan's sections arranged as the numbered parts, sub-parts and nested sections."""
    parts: dict[str, Part] = {}
    subs: dict[tuple[str, str], Sub] = {}
    targets: dict[str, list[Indicator]] = {}
    for indicator in indicators:
        if indicator.has_target:
            targets.setdefault(indicator.level, []).append(indicator)

    def part_for(number: str, section: PlanSection) -> Part:
        if number not in parts:
            parts[number] = Part(
                number=number,
                title=section.title,
                key=section.key,
                letter_style="dot" if number in DOTTED_LETTER_PARTS else "paren",
            )
        return parts[number]

    for section in sections:
        pieces = _parts_of(section.number)
        style = LIST_STYLES.get(section.key, "decimal")  # type: ignore[call-overload]
        if len(pieces) < 2 or not pieces[1].isdigit():
            # Unnumbered: a part of its own after the others, headed by its title.
            part = part_for(f"~{section.pk}", section)
            part.number = ""
            part.body, part.items, part.list_style = section, _items(section), style
            continue
        part = part_for(pieces[1], section)
        if len(pieces) == 2:
            part.body, part.items, part.list_style, part.key = (
                section,
                _items(section),
                style,
                section.key,
            )
            continue
        sub_key = (pieces[1], pieces[2])
        if len(pieces) == 3 or sub_key not in subs:
            level = INDICATOR_SECTIONS.get(section.key)  # type: ignore[call-overload]
            sub = Sub(
                section=section,
                letter=pieces[2],
                items=_items(section),
                list_style=style,
                indicators=targets.get(level, []) if level else [],
                desa_tables=section.key == SectionKey.GENERAL_DESCRIPTION,
            )
            if len(pieces) == 3:
                subs[sub_key] = sub
                part.subs.append(sub)
                continue
        parent = subs[sub_key]
        index = int(pieces[3]) - 1 if pieces[3].isdigit() else len(parent.items) - 1
        while len(parent.items) <= index:
            parent.items.append(Item(text=""))
        parent.items[max(index, 0)].nested.append(
            Nested(
                section=section,
                letter=pieces[4] if len(pieces) > 4 else "",
                items=_items(section),
                list_style=style,
            )
        )
    ordered = sorted(parts.values(), key=lambda p: (not p.number, int(p.number or 0)))
    present = {p.key for p in ordered}
    for number, key, title in GENERATED_PARTS:
        if key not in present:
            ordered.append(Part(number=number, title=title, key=key, letter_style="paren"))
    return sorted(ordered, key=lambda p: (not p.number, int(p.number or 0)))


# ---------------------------------------------------------------- desa tables


@dataclass
class DesaRow:
    no: int
    name: str
    figures: VillageStatistic

    @property
    def population(self) -> int | None:
        """L + P: the document prints the sum, whatever total the source printed."""
        if self.figures.male is None or self.figures.female is None:
            return self.figures.population
        return self.figures.male + self.figures.female


def desa_statistics(plan: AnnualPlan) -> list[VillageStatistic]:
    """The desa figures the KAK tables: of the plan's statistics source (its newest year up to
    the plan's year), else the newest year up to the plan's year from any source."""
    rows = VillageStatistic.objects.filter(
        village__district_id=plan.district_id, year__lte=plan.year
    ).select_related("village", "source")
    if plan.statistics_source_id:
        rows = rows.filter(source_id=plan.statistics_source_id)
    newest = rows.order_by("-year", "-source__published_on", "-source_id").first()
    if newest is None:
        return []
    return list(
        rows.filter(year=newest.year, source_id=newest.source_id).order_by("village_id", "pk")
    )


def _table_titles(plan: AnnualPlan, section: PlanSection | None) -> tuple[str, str]:
    titles = [str(t) for t in (section.tables if section else [])]
    names = {"district": plan.district.name, "regency": plan.district.regency.name.title()}
    defaults = [t % names for t in DEFAULT_TABLE_TITLES]
    return (
        titles[0] if len(titles) > 0 else defaults[0],
        titles[1] if len(titles) > 1 else defaults[1],
    )


# ---------------------------------------------------------------- stages (A.7)


@dataclass
class ParticipantGroup:
    heading: str
    lines: list[str]


def _participant_lines(activity: PlannedActivity) -> list[str]:
    lines: list[str] = []
    for person in activity.participants.all():
        if person.printed:
            text = person.printed
        elif person.count is not None:
            text = f"{person.name} ({person.count} orang)"
        else:
            text = person.name
        if not lines or lines[-1] != text:  # two participants printed as one line
            lines.append(text)
    return lines


def _schedule(activity: PlannedActivity) -> str:
    """ "Rapat koordinasi bulan Februari, April dan Juli" for a plan whose schedule is not typed."""
    names = [MONTHS_ID[m - 1] for m in activity.month_list if 1 <= m <= 12]
    if not names:
        return activity.name
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} dan {names[-1]}"
    return f"{activity.name} bulan {listed}"


def stages_of(plan: AnnualPlan) -> dict[str, Any]:
    activities = list(plan.activities.all())
    executors = [str(e) for e in plan.executors or []]
    for activity in activities:
        for executor in activity.executors or []:
            if str(executor) not in executors:
                executors.append(str(executor))
    return {
        "activities": activities,
        "procedures": [Item(text=a.procedure or a.name) for a in activities],
        "schedules": [Item(text=a.schedule or _schedule(a)) for a in activities],
        "venues": [Item(text=a.venue) for a in activities if a.venue],
        "executors": executors,
        "participants": [
            ParticipantGroup(heading=a.participants_heading or a.name, lines=lines)
            for a in activities
            if (lines := _participant_lines(a))
        ],
    }


# ---------------------------------------------------------------- the document


def _signatory(plan: AnnualPlan, office: OfficeProfile | None) -> Any:
    if plan.signatory is not None:
        return plan.signatory
    if office is None:
        return None
    return next((s for s in office.signatories.all() if s.role == SignatoryRole.KASI_TRANTIB), None)


@dataclass(frozen=True)
class _SigningPlace:
    letter_place: str


def kak_context(*, plan: AnnualPlan, reader: Any) -> dict[str, Any]:
    """Everything the KAK template prints, read from the records (a fixed number of queries)."""
    plan = with_contents(AnnualPlan.objects.filter(pk=plan.pk)).select_related("district__regency")[
        0
    ]
    office = office_for_district(district_code=plan.district_id)
    sections = sorted(plan.sections.all(), key=lambda s: (s.position, s.pk))
    indicators = sorted(plan.indicators.all(), key=lambda i: (i.position, i.pk))
    codes = list(plan.codes.all())

    def code_of(level: str) -> str:
        return next((c.code for c in codes if c.level == level), "")

    def by_level(level: str) -> list[Indicator]:
        return [i for i in indicators if i.level == level]

    statistics = desa_statistics(plan)
    desa_rows = [
        DesaRow(no=no, name=row.village.name, figures=row)
        for no, row in enumerate(statistics, start=1)
    ]
    general = next((s for s in sections if s.key == SectionKey.GENERAL_DESCRIPTION), None)
    area_title, people_title = _table_titles(plan, general)
    parts = build_parts(sections, indicators)
    time_series = time_series_for_plan(user=reader, plan=plan)
    for part in parts:
        for sub in part.subs:
            for item in sub.items:
                for nested in item.nested:
                    if nested.section.key == SectionKey.TIME_SERIES:
                        nested.time_series = time_series
    stages = stages_of(plan)
    for part in parts:
        if part.key == SectionKey.STAGES and stages["activities"] and part.body is not None:
            # The section's text points at the activities, which A.7 now prints in full.
            part.body = None
    costs = year_summary(user=reader, district_code=plan.district_id, year=plan.year)
    title_lines = [line.strip() for line in plan.title.split(" / ") if line.strip()]
    return {
        "plan": plan,
        "office": office,
        "draft_mark": "" if plan.status == PlanStatus.APPROVED else "DRAF",
        "title_lines": title_lines,
        "programme": " ".join(p for p in (code_of(CodeLevel.PROGRAMME), plan.programme_name) if p),
        "activity": " ".join(p for p in (code_of(CodeLevel.ACTIVITY), plan.activity_name) if p),
        "programme_indicators": by_level(IndicatorLevel.PROGRAMME),
        "output_indicators": by_level(IndicatorLevel.OUTPUT),
        "outcome_indicators": by_level(IndicatorLevel.OUTCOME),
        "parts": parts,
        "desa_rows": desa_rows,
        "desa_totals": summarise(statistics),
        "desa_area_unit": statistics[0].area_unit if statistics else "Km2",
        "area_table_title": area_title,
        "people_table_title": people_title,
        "time_series": time_series,
        "stages": stages,
        "costs": costs,
        "signatory": _signatory(plan, office),
        "signed_on": plan.signing_date,
        "signing_place": _SigningPlace(
            letter_place=plan.signing_place or (office.letter_place if office else "")
        ),
    }


def kak_plan(district_code: str, year: int) -> AnnualPlan:
    plan = current_plan(district_code=district_code, year=year)
    if plan is None:
        raise ReportUnavailable(MESSAGE_NO_PLAN)
    return plan


def filename_of(plan: AnnualPlan, fmt: str) -> str:
    return f"kak-{plan.year}-{slugify(plan.district.name)}.{fmt}"


def build_kak(request: ReportRequest) -> RenderedDocument:
    plan = kak_plan(request.district_code, request.year)
    reader = request.actor if request.actor is not None else _RecordsReader()
    context = kak_context(plan=plan, reader=reader)
    content = documents.render_document(TEMPLATE, context, request.fmt)
    return RenderedDocument(
        content=content,
        filename=filename_of(plan, request.fmt),
        title=f"KAK {plan.year} Kecamatan {plan.district.name}",
        subject_key=f"kak:{plan.district_id}:{plan.year}",
    )


register_report(
    ReportKind(
        key="kak",
        title=_("Kerangka Acuan Kerja (KAK)"),
        formats=("docx", "pdf"),
        build=build_kak,
        readers=reads_kak,
        description=_(
            "KAK tahunan Seksi Trantib: program dan indikator, latar belakang, tabel desa, "
            "analisa anggaran tahun-tahun sebelumnya, tahapan kegiatan dan biaya, dari data "
            "rencana, wilayah dan anggaran."
        ),
    )
)
