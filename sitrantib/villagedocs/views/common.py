"""Shared by the village-document pages: who reads, which kecamatan a page shows, the state of an
obligation in words and colour, a deadline rule in plain words.

Readers (villagedocs/access.py) see their desa (an operator) or their kecamatan; a partner is
refused (403); a record outside the scope is absent (404). Wide scopes (a kabupaten, national)
choose a kecamatan (?kecamatan=) rather than scroll through every desa.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import formats
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sitrantib.core.scoping import Scope, scope_of
from sitrantib.regions.models import District
from sitrantib.villagedocs import access
from sitrantib.villagedocs.deadlines import due_after_event, due_date, periods_of
from sitrantib.villagedocs.enums import Frequency, ObligationStatus
from sitrantib.villagedocs.models import DocumentType, Obligation


def reader_scope(request: HttpRequest) -> Scope:
    """The viewer's scope when they read village documents; else 403."""
    scope = scope_of(request.user)
    if not access.can_read(scope):
        raise PermissionDenied
    return scope


def scope_districts(scope: Scope) -> QuerySet[District]:
    if scope.national:
        return District.objects.order_by("name", "code")
    return District.objects.filter(code__in=sorted(scope.district_codes)).order_by("name", "code")


def chosen_district(
    request: HttpRequest, scope: Scope, *, param: str = "kecamatan"
) -> District | None:
    """The kecamatan a page shows: ?kecamatan= when in scope (404 outside), else the only one."""
    districts = scope_districts(scope)
    wanted = (request.GET.get(param) or request.POST.get(param) or "")[:8]
    if wanted:
        district = districts.filter(code=wanted).first()
        if district is None:
            raise Http404
        return district
    only = list(districts[:2])
    return only[0] if len(only) == 1 else None


def managed_district(request: HttpRequest) -> tuple[Scope, District]:
    """The kecamatan an administrator manages on this page (403 for anyone else)."""
    scope = scope_of(request.user)
    if not access.can_manage_any(scope):
        raise PermissionDenied
    district = chosen_district(request, scope)
    if district is None:
        raise Http404
    if not access.can_manage(scope, district.code):
        raise PermissionDenied
    return scope, district


# The state of an obligation: text and colour ---------------------------------------------------


@dataclass(frozen=True)
class State:
    key: str
    label: Any
    short: Any
    css: str


STATES = {
    "on_time": State(
        "on_time", gettext_lazy("Diterima tepat waktu"), gettext_lazy("tepat"), "text-bg-success"
    ),
    "accepted_late": State(
        "accepted_late",
        gettext_lazy("Diterima terlambat"),
        gettext_lazy("diterima telat"),
        "text-bg-warning",
    ),
    "waiting": State(
        "waiting",
        gettext_lazy("Menunggu pemeriksaan"),
        gettext_lazy("diperiksa"),
        "text-bg-info",
    ),
    "returned": State(
        "returned",
        gettext_lazy("Dikembalikan untuk diperbaiki"),
        gettext_lazy("dikembalikan"),
        "text-bg-primary",
    ),
    "open": State(
        "open", gettext_lazy("Belum diterima"), gettext_lazy("belum"), "text-bg-light border"
    ),
    "late": State("late", gettext_lazy("Terlambat"), gettext_lazy("terlambat"), "text-bg-danger"),
    "late_returned": State(
        "late_returned",
        gettext_lazy("Terlambat (dikembalikan, belum diperbaiki)"),
        gettext_lazy("terlambat"),
        "text-bg-danger",
    ),
    "waived": State(
        "waived", gettext_lazy("Tidak wajib"), gettext_lazy("tidak wajib"), "text-bg-secondary"
    ),
}
# The legend under the matrix, in this order.
LEGEND = ("on_time", "accepted_late", "waiting", "returned", "open", "late", "waived")


def state_of(status: str, on_time: bool | None, due: dt.date, today: dt.date) -> State:
    """What an obligation's state reads as today."""
    if status == ObligationStatus.WAIVED:
        return STATES["waived"]
    if status == ObligationStatus.ACCEPTED:
        return STATES["accepted_late" if on_time is False else "on_time"]
    if status == ObligationStatus.SUBMITTED:
        return STATES["waiting"]
    if status == ObligationStatus.RETURNED:
        return STATES["late_returned" if today > due else "returned"]
    return STATES["late" if today > due else "open"]


def obligation_state(obligation: Obligation, today: dt.date) -> State:
    return state_of(obligation.status, obligation.on_time, obligation.due_date, today)


# Periods and deadline rules in words -------------------------------------------------------------


def period_label(period_key: str) -> str:
    """ "2026-03" → "Maret 2026", "2026-S1" → "Semester I 2026", "2026" → "2026", events as
    "Peristiwa"."""
    year, _sep, rest = period_key.partition("-")
    if not rest:
        return year
    if rest.startswith("S"):
        return _("Semester %(number)s %(year)s") % {
            "number": "I" if rest == "S1" else "II",
            "year": year,
        }
    if rest.startswith("E"):
        return _("Peristiwa %(year)s") % {"year": year}
    try:
        return f"{MONTHS[int(rest)]} {year}"
    except (ValueError, KeyError):
        return period_key


def short_period(period_key: str) -> str:
    """The period within its year, for the matrix cells: "Mar", "S1", "Thn", "Pst"."""
    _year, _sep, rest = period_key.partition("-")
    if not rest:
        return _("Thn")
    if rest.startswith("S"):
        return rest
    if rest.startswith("E"):
        return _("Pst")
    try:
        return str(formats.date_format(dt.date(2000, int(rest), 1), "M"))
    except ValueError:
        return rest


def _date(value: dt.date) -> str:
    return str(formats.date_format(value, "j F Y"))


def rule_text(document_type: DocumentType) -> str:
    """A type's deadline rule in plain words."""
    t = document_type
    if t.frequency == Frequency.MONTHLY:
        return _("Tiap bulan, paling lambat tanggal %(day)s bulan berikutnya.") % {
            "day": t.due_day or 10
        }
    if t.frequency == Frequency.SEMESTER:
        month = t.due_month or 7
        text = _(
            "Tiap semester; semester I paling lambat tanggal %(day)s %(month)s, semester II "
            "enam bulan sesudahnya."
        ) % {"day": t.due_day or 31, "month": MONTHS[month]}
        if t.semester:
            text += " " + _("Hanya wajib pada semester %(number)s.") % {"number": t.semester}
        return text
    if t.frequency == Frequency.YEARLY:
        values = {"day": t.due_day or 31, "month": MONTHS[t.due_month or 12]}
        if t.year_offset < 0:
            return _("Sekali setahun, paling lambat %(day)s %(month)s tahun sebelumnya.") % values
        if t.year_offset > 0:
            return _("Sekali setahun, paling lambat %(day)s %(month)s tahun berikutnya.") % values
        return _("Sekali setahun, paling lambat %(day)s %(month)s tahun itu.") % values
    if t.due_months_after_event:
        return _("Sesuai peristiwa, paling lambat %(months)s bulan sesudah tanggal peristiwa.") % {
            "months": t.due_months_after_event
        }
    return _("Sesuai peristiwa, paling lambat %(days)s hari sesudah tanggal peristiwa.") % {
        "days": t.due_days_after_event or 0
    }


def rule_example(document_type: DocumentType, year: int) -> str:
    """The deadline the rule gives for one period of `year`, as a worked example."""
    t = document_type
    if t.frequency == Frequency.EVENT:
        event = dt.date(year, 11, 30)
        return _("Contoh: peristiwa %(event)s → batas waktu %(due)s.") % {
            "event": _date(event),
            "due": _date(due_after_event(t, event)),
        }
    periods = list(periods_of(t, year))
    if not periods:
        return ""
    key, number = periods[0]
    return _("Contoh: %(period)s → batas waktu %(due)s.") % {
        "period": period_label(key),
        "due": _date(due_date(t, year, number)),
    }


def choose_district_page(
    request: HttpRequest, scope: Scope, target: str, active: str
) -> HttpResponse:
    """A wide scope first chooses the kecamatan a page shows."""
    return render(
        request,
        "villagedocs/choose_district.html",
        {"districts": scope_districts(scope)[:500], "target": target, "active": active},
    )


def managed_or_choice(request: HttpRequest, target: str, active: str) -> District | HttpResponse:
    """The kecamatan an administrator manages on this page, or the page to choose it (a wide
    scope); 403 for anyone who manages nothing."""
    scope = scope_of(request.user)
    if not access.can_manage_any(scope):
        raise PermissionDenied
    if chosen_district(request, scope) is None:
        return choose_district_page(request, scope, target, active)
    return managed_district(request)[1]


def with_district(url: str, request: HttpRequest, district: District) -> str:
    """Keep ?kecamatan= for the wide scopes that chose it."""
    if request.GET.get("kecamatan") or request.POST.get("kecamatan"):
        return f"{url}?kecamatan={district.code}"
    return url
