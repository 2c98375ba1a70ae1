"""The monthly activity report of the Trantib section of one kecamatan (docs/adr/0103).

One document per kecamatan and month, in seven parts, each read from the app that owns the
figures (nothing here recomputes what an app computes):

1. activities against the plan: the approved plan's activities scheduled in the month
   (planning `PlannedActivity.months`) beside what carried them out (planning.carried_out, fed
   by meetings, trainings and field work);
2. meetings held in the month with their decisions and the follow-up status of each action item
   (meetings.selectors: `with_follow_up_flags`), and the follow-up indicator of the month
   (`compute_follow_up`);
3. field visits and incidents per desa: visits and the situation of each desa from fieldwork's
   `village_situations`, the judgements kondusif/waspada/rawan and incidents counted per desa,
   incidents per category from `monthly_counts`; a total row summed from the desa rows;
4. trainings held in the month with participants and those who completed (trainings' stored
   completion);
5. spending of the month and of the year to date against each budget line's ceiling;
6. indicator values of the month, of its quarter and of the year (indicators.selectors);
7. the place, date and signature of the Kasi Trantib (regions Signatory).

The report reads the kecamatan as its own section does (every record of the kecamatan): who may
ask for it is decided by `reads_monthly` before it is built. Queries are fixed in number whatever
the number of desa, meetings, decisions or budget lines (tests/test_monthly_queries.py).

The package: `parts` (what each part holds), `reading` (reading each part); here the request
checks, the context, the rendering and the registration in the report catalogue.
"""

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from sitrantib.core.documents import render_document
from sitrantib.core.enums import Role
from sitrantib.core.formatting import MONTHS_ID
from sitrantib.core.scoping import scope_of
from sitrantib.fieldwork.enums import PeriodKind
from sitrantib.fieldwork.situation import Period
from sitrantib.meetings.enums import ActionStatus
from sitrantib.regions.models import District
from sitrantib.regions.selectors import office_for_district
from sitrantib.reports.catalogue import (
    RenderedDocument,
    ReportKind,
    ReportRequest,
    ReportUnavailable,
    register_report,
)
from sitrantib.reports.monthly.reading import (
    budget_part,
    field_part,
    indicators_part,
    kasi_trantib,
    kecamatan_scope,
    meetings_part,
    plan_part,
    trainings_part,
)

TEMPLATE = "reports/documents/monthly.html"

# The roles of the kecamatan that read (and so may render) its monthly report.
READER_ROLES = frozenset({Role.CAMAT, Role.TRANTIB_ADMIN, Role.KECAMATAN_STAFF})

# Reports of a month that has not ended yet carry this mark (documents/base.html draft_mark).
PROVISIONAL_MARK = "SEMENTARA"

# The first year a report can be made for: the section's records start long after it.
FIRST_YEAR = 2000

MESSAGE_NO_MONTH = gettext_noop("Pilih bulan laporan (1 sampai 12).")
MESSAGE_FUTURE = gettext_noop(
    "Laporan bulanan belum dapat dibuat untuk bulan yang belum dimulai. Pilih bulan ini atau "
    "bulan sebelumnya."
)
MESSAGE_YEAR = gettext_noop("Tahun laporan harus antara 2000 dan tahun berjalan.")
MESSAGE_NO_DISTRICT = gettext_noop("Kecamatan tidak ditemukan.")
MESSAGE_FORMAT = gettext_noop("Laporan bulanan hanya tersedia sebagai PDF dan DOCX.")


def reads_monthly(user: Any, district_code: str) -> bool:
    """The Camat, the section's administrator and the kecamatan staff of that kecamatan (and a
    reader of those roles whose coverage includes it)."""
    scope = scope_of(user)
    return scope.role in READER_ROLES and scope.covers_district(district_code)


def month_label(year: int, month: int) -> str:
    return f"{MONTHS_ID[month - 1]} {year}"


# The document ------------------------------------------------------------------------------------


def check_month(year: int, month: int | None, today: dt.date) -> int:
    """The month asked for, or ReportUnavailable when a report of it makes no sense."""
    if month is None or not 1 <= month <= 12:
        raise ReportUnavailable(MESSAGE_NO_MONTH)
    if not FIRST_YEAR <= year <= today.year + 1:
        raise ReportUnavailable(MESSAGE_YEAR)
    if (year, month) > (today.year, today.month):
        raise ReportUnavailable(MESSAGE_FUTURE)
    return month


def monthly_context(
    *, district_code: str, year: int, month: int, today: dt.date | None = None
) -> dict[str, Any]:
    """Everything the template prints, for one kecamatan and month."""
    today = today or timezone.localdate()
    district = District.objects.filter(code=district_code).first()
    if district is None:
        raise ReportUnavailable(MESSAGE_NO_DISTRICT)
    scope = kecamatan_scope(district_code)
    period = Period(PeriodKind.MONTH, year, month)
    office = office_for_district(district_code=district_code)
    closed = period.end < today
    fieldwork_part = field_part(
        scope=scope, district_code=district_code, period=period, today=today
    )
    village_names = {row.code: row.name for row in fieldwork_part.rows}
    return {
        "district": district,
        "office": office,
        "period": period,
        "month_label": month_label(year, month),
        "closed": closed,
        "draft_mark": "" if closed else PROVISIONAL_MARK,
        "today": today,
        "plan_part": plan_part(
            district_code=district_code, year=year, month=month, village_names=village_names
        ),
        "meetings_part": meetings_part(
            scope=scope, district_code=district_code, period=period, today=today
        ),
        "field_part": fieldwork_part,
        "trainings_part": trainings_part(scope=scope, district_code=district_code, period=period),
        "budget_part": budget_part(scope=scope, district_code=district_code, period=period),
        "indicators_part": indicators_part(district_code=district_code, period=period),
        "signatory": kasi_trantib(office),
        "signature_title": "",
        "signed_on": today,
        "action_status": ActionStatus,
    }


FORMATS: tuple[str, ...] = ("pdf", "docx")


def render_monthly(context: dict[str, Any], fmt: str) -> bytes:
    """The report as PDF or DOCX, from the one template (core.documents)."""
    if fmt not in FORMATS:
        raise ReportUnavailable(MESSAGE_FORMAT)
    return render_document(TEMPLATE, context, fmt)


def build_monthly(request: ReportRequest) -> RenderedDocument:
    today = timezone.localdate()
    month = check_month(request.year, request.month, today)
    context = monthly_context(
        district_code=request.district_code, year=request.year, month=month, today=today
    )
    content = render_monthly(context, request.fmt)
    title = f"Laporan Kegiatan Bulanan Seksi Trantib {month_label(request.year, month)}"
    return RenderedDocument(
        content=content,
        filename=f"laporan-bulanan-{request.district_code}-{request.year}-{month:02d}.{request.fmt}",
        title=title,
        subject_key=f"monthly:{request.district_code}:{request.year}-{month:02d}",
    )


MONTHLY = register_report(
    ReportKind(
        key="monthly",
        title=_("Laporan kegiatan bulanan"),
        formats=FORMATS,
        build=build_monthly,
        readers=reads_monthly,
        needs_month=True,
        description=_(
            "Kegiatan terhadap rencana, rapat dan tindak lanjutnya, kunjungan dan kejadian per "
            "desa, pelatihan, realisasi anggaran dan nilai indikator dalam satu bulan."
        ),
    )
)
