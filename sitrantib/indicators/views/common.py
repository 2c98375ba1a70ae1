"""What every indicator page shares: who reads, which kecamatan and year, how a grade reads.

A kecamatan user sees their own kecamatan; a kabupaten or national reader chooses one with
`?kecamatan=CODE` (out of scope: 404). The year is `?year=YYYY` (this year otherwise).
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sitrantib.core.scoping import Scope, scope_of
from sitrantib.indicators import access
from sitrantib.indicators.achievement import grade
from sitrantib.regions.models import District

MIN_YEAR, MAX_YEAR = 2000, 2100

# The reading of a capaian: its words and the class that colours it (text, never colour alone).
GRADE_LABELS: dict[str, Any] = {
    "sangat_baik": _("Sangat baik"),
    "baik": _("Baik"),
    "cukup": _("Cukup"),
    "kurang": _("Kurang"),
    "sangat_kurang": _("Sangat kurang"),
    "": _("Belum ada capaian"),
}
GRADE_ORDER = ("sangat_baik", "baik", "cukup", "kurang", "sangat_kurang", "")


@dataclass(frozen=True)
class Grade:
    code: str
    label: Any

    @property
    def css(self) -> str:
        return f"grade-{self.code or 'none'}"


def grade_of(capaian: Decimal | None) -> Grade:
    code = grade(capaian)
    return Grade(code=code, label=GRADE_LABELS.get(code, GRADE_LABELS[""]))


def grade_legend() -> list[Grade]:
    return [Grade(code=code, label=GRADE_LABELS[code]) for code in GRADE_ORDER]


def reader_scope(request: HttpRequest) -> Scope:
    """The viewer's scope when they read the indicators; else 403."""
    scope = scope_of(request.user)
    if not access.can_read(scope):
        raise PermissionDenied
    return scope


def districts_of(scope: Scope) -> QuerySet[District]:
    if scope.national:
        return District.objects.order_by("name", "code")
    return District.objects.filter(code__in=sorted(scope.district_codes)).order_by("name", "code")


def chosen_district(request: HttpRequest, scope: Scope) -> District | None:
    """?kecamatan= when in scope (404 otherwise); else the viewer's own or the scope's only
    kecamatan; else None."""
    wanted = (request.GET.get("kecamatan") or "").strip()
    districts = districts_of(scope)
    if wanted:
        district = districts.filter(code=wanted[:8]).first()
        if district is None:
            raise Http404
        return district
    user: Any = request.user
    if getattr(user, "district_id", None) and scope.covers_district(user.district_id):
        return (
            districts.filter(code=user.district_id).first()
            or District.objects.filter(code=user.district_id).first()
        )
    only = list(districts[:2])
    return only[0] if len(only) == 1 else None


def chosen_year(request: HttpRequest) -> int:
    """?year=YYYY within 2000-2100, else this year (a bad year is not an error: this year)."""
    text = (request.GET.get("year") or "").strip()
    if text.isdigit() and len(text) == 4 and MIN_YEAR <= int(text) <= MAX_YEAR:
        return int(text)
    return timezone.localdate().year


def year_choices(year: int) -> list[int]:
    """Years offered by the year chooser: five back, one ahead of this year (and the chosen)."""
    this = timezone.localdate().year
    years = set(range(this - 5, this + 2)) | {year}
    return sorted(years, reverse=True)


def actor_of(request: HttpRequest) -> Any:
    return request.user
