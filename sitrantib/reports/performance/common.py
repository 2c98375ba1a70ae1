"""What the PK and the LKjIP share: templates and formats, who reads them, numbers as printed,
the signatories' parties, the kecamatan and its plan's codes, the messages.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext_noop

from sitrantib.core.scoping import scope_of
from sitrantib.planning.models import AnnualPlan
from sitrantib.planning.selectors import reads_plans
from sitrantib.regions.enums import SignatoryRole
from sitrantib.regions.models import District, OfficeProfile
from sitrantib.reports.catalogue import ReportUnavailable

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


def reads_performance(user: Any, district_code: str) -> bool:
    """The Camat, the section's administrator and the kecamatan staff of that kecamatan, and a
    regency or national reader covering it (the readers of the plan and the budget)."""
    scope = scope_of(user)
    return not scope.is_empty and reads_plans(scope) and scope.covers_district(district_code)


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


def district_of(code: str) -> District:
    district = District.objects.filter(code=code).first()
    if district is None:
        raise ReportUnavailable(MESSAGE_NO_DISTRICT)
    return district


def plan_codes(plan: AnnualPlan | None) -> dict[str, str]:
    """The plan's programme and kegiatan codes, one per level (joined when several schemes)."""
    if plan is None:
        return {}
    found: dict[str, list[str]] = {}
    for code in plan.codes.order_by("pk"):
        found.setdefault(code.level, []).append(code.code)
    return {level: " / ".join(codes) for level, codes in found.items()}
