"""The printed documents of a training: the accountability sheets (SPJ), the instructors'
assignment letters, the certificates and the training report.

Each document's context is built here, in a fixed number of queries whatever the number of
participants; the PDFs go through core.documents.render_pdf (letterhead, A4, Bahasa Indonesia),
the report workbook through core.spreadsheets. Participants are printed by name and desa only:
never a NIK, a phone number or an address.

Who may print what (docs/adr/0060):
- the sheets, the assignment letters, the report and the certificates of a whole training:
  the section's administrator, the Camat and the kecamatan staff (`reads_documents`);
- a village operator: the certificates of the participants of its own desa only;
- a partner: none.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sitrantib.core.documents import render_pdf
from sitrantib.core.enums import Role
from sitrantib.core.formatting import MONTHS_ID, format_date_id
from sitrantib.core.links import is_loopback
from sitrantib.core.scoping import Scope
from sitrantib.linmas.exports import qr_data_uri
from sitrantib.regions.enums import SignatoryRole
from sitrantib.regions.models import OfficeProfile
from sitrantib.regions.selectors import office_for_district
from sitrantib.trainings import selectors
from sitrantib.trainings.enums import COUNTED_STATUSES, AttendanceStatus
from sitrantib.trainings.models import (
    AttendanceMark,
    Certificate,
    Enrolment,
    Training,
    TrainingSession,
)

# The marks of a document that is not final (documents/base.html `draft_mark`).
DRAFT_MARK = "DRAF"  # an assignment letter without its number; a certificate whose QR fails
PROVISIONAL_MARK = "SEMENTARA"  # a transport list or report of a training not yet finished

# Certificates in one PDF: a training of 180 fits; a larger one is printed per desa (about
# 0.15 s a certificate to render, so a file stays well within a request's time).
MAX_CERTIFICATES = 200

# Who prints the sheets, the letters, the report and a whole training's certificates.
DOCUMENT_READER_ROLES = frozenset({Role.TRANTIB_ADMIN, Role.CAMAT, Role.KECAMATAN_STAFF})

# Why a certificate run is a draft when its QR code would open only on this laptop.
LOOPBACK_REASON = gettext_noop(
    "DRAF: kode QR mengarah ke %(address)s yang hanya terbuka di komputer ini, bukan di ponsel "
    "yang memindainya. Isi alamat publik SiTrantib (SITRANTIB_PUBLIC_URL), lalu cetak lagi."
)

# The signature blocks of each document, left to right: (heading, signatory role). A role the
# office has no signatory for prints its title with a dotted line for the name; None is an office
# that is no signatory of the regions register (the treasurer), printed with its title only.
BENDAHARA = gettext_noop("Bendahara Pengeluaran")
SHEET_SIGNERS: tuple[tuple[str, str | None], ...] = (
    (gettext_noop("Mengetahui,"), SignatoryRole.CAMAT),
    (gettext_noop("Pejabat Pelaksana Teknis Kegiatan,"), SignatoryRole.KASI_TRANTIB),
    (gettext_noop("Lunas dibayar,"), None),
)
ATTENDANCE_SIGNERS: tuple[tuple[str, str | None], ...] = (
    (gettext_noop("Mengetahui,"), SignatoryRole.KASI_TRANTIB),
)
REPORT_SIGNERS: tuple[tuple[str, str | None], ...] = (
    (gettext_noop("Mengetahui,"), SignatoryRole.CAMAT),
    (gettext_noop("Yang melaporkan,"), SignatoryRole.KASI_TRANTIB),
)


def reads_documents(scope: Scope) -> bool:
    """May print a training's sheets, letters, report and all its certificates."""
    return not scope.is_empty and (scope.national or scope.role in DOCUMENT_READER_ROLES)


def reads_certificates(scope: Scope) -> bool:
    """May print certificates at all (a village operator: those of its own desa)."""
    return reads_documents(scope) or (not scope.is_empty and scope.role == Role.VILLAGE_OPERATOR)


# Shared pieces -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Signer:
    """One signature block: heading ("Mengetahui,"), title, name, rank and NIP."""

    heading: str
    title: str
    name: str = ""
    rank: str = ""
    nip: str = ""


def signatory_of(office: OfficeProfile | None, role: str) -> Any:
    """The office's signatory of `role` (prefetched with the office), or None."""
    if office is None:
        return None
    return next((s for s in office.signatories.all() if s.role == role), None)


def signers(office: OfficeProfile | None, spec: Sequence[tuple[str, str | None]]) -> list[Signer]:
    """The signature blocks of `spec` from the office's signatories (see SHEET_SIGNERS)."""
    result = []
    for heading, role in spec:
        if role is None:
            result.append(Signer(heading=_(heading), title=_(BENDAHARA)))
            continue
        found = signatory_of(office, role)
        if found is None:
            result.append(Signer(heading=_(heading), title=str(SignatoryRole(role).label)))
        else:
            result.append(
                Signer(
                    heading=_(heading),
                    title=found.title,
                    name=found.name,
                    rank=found.rank,
                    nip=found.nip,
                )
            )
    return result


def period_text(start: dt.date, end: dt.date) -> str:
    """ "10 Maret 2026", "10 s.d. 12 Maret 2026" or "28 Februari 2026 s.d. 2 Maret 2026"."""
    if start == end:
        return format_date_id(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day} s.d. {end.day} {MONTHS_ID[end.month - 1]} {end.year}"
    return f"{format_date_id(start)} s.d. {format_date_id(end)}"


def time_text(session: TrainingSession) -> str:
    return f"{session.start_time:%H.%M} – {session.end_time:%H.%M} WIB"  # noqa: RUF001


def _office(training: Training) -> OfficeProfile | None:
    return office_for_district(district_code=training.district_id)


def _is_final(training: Training) -> bool:
    return training.status in COUNTED_STATUSES


def all_enrolments(training: Training) -> list[Enrolment]:
    """Every participant, by desa then name (one query)."""
    return list(
        Enrolment.objects.filter(training=training)
        .select_related("member", "village")
        .order_by("village__name", "member__name", "pk")
    )


# The SPJ page ------------------------------------------------------------------------------------


@dataclass
class SessionSummary:
    session: TrainingSession
    counts: dict[str, int]

    @property
    def by_status(self) -> list[int]:
        """The counts in the order of AttendanceStatus (hadir, izin, sakit, alpa)."""
        return [self.counts.get(value, 0) for value in AttendanceStatus.values]

    @property
    def present(self) -> int:
        return self.counts.get(AttendanceStatus.HADIR, 0)

    @property
    def unmarked(self) -> int:
        return self.counts.get("", 0)


def session_summaries(training: Training, participants: int) -> list[SessionSummary]:
    """Each session with its marks counted by status (two queries)."""
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    rows = (
        AttendanceMark.objects.filter(session__training=training)
        .values("session_id", "status")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("session_id", "status", "n")
    )
    for session_id, status, n in rows:
        counts[session_id][status] = n
    summaries = []
    for session in selectors.sessions_of(training):
        found = counts.get(session.pk, {})
        found[""] = max(participants - sum(found.values()), 0)
        summaries.append(SessionSummary(session=session, counts=found))
    return summaries


def sheets_context(training: Training) -> dict[str, Any]:
    """The SPJ page: attendance per session, the transport and honorarium sheets with their
    totals and the check against the budget line (a fixed number of queries)."""
    money = selectors.money_sheets(training)
    return {
        "training": training,
        "money": money,
        "sessions": session_summaries(training, len(money.transport)),
        "status_choices": AttendanceStatus.choices,
        "provisional": not _is_final(training),
        # The desa of the participants, for certificates printed per desa.
        "villages": list(
            {row.enrolment.village_id: row.enrolment.village for row in money.transport}.values()
        ),
        "budget_total": (
            money.total + (money.budget_spent_elsewhere or Decimal(0))
            if money.budget_ceiling is not None
            else None
        ),
    }


# Attendance list and assignment letter of a session ----------------------------------------------


def attendance_sheet_pdf(session: TrainingSession) -> bytes:
    """The attendance list (daftar hadir) of one session: a row per participant with the
    signature column alternating left and right, the header row on every page."""
    training = session.training
    office = _office(training)
    return render_pdf(
        "trainings/pdf/attendance.html",
        {
            "office": office,
            "training": training,
            "session": session,
            "time_text": time_text(session),
            "enrolments": all_enrolments(training),
            "signers": signers(office, ATTENDANCE_SIGNERS),
            "signed_on": session.date,
        },
    )


def assignment_pdf(session: TrainingSession) -> bytes:
    """The instructor's assignment letter (surat tugas), signed by the Camat on its letter date;
    without its number a draft, marked DRAF on every page."""
    training = session.training
    office = _office(training)
    numbered = bool(session.assignment_number)
    return render_pdf(
        "trainings/pdf/assignment.html",
        {
            "office": office,
            "training": training,
            "session": session,
            "instructor": session.instructor,
            "time_text": time_text(session),
            "signatory": signatory_of(office, SignatoryRole.CAMAT),
            "signed_on": session.assignment_date if numbered else None,
            "draft_mark": "" if numbered else DRAFT_MARK,
        },
    )


# Money sheets ------------------------------------------------------------------------------------


def transport_pdf(training: Training) -> bytes:
    """The list of transport money received (daftar penerimaan uang transport): a row per
    participant with the days attended and the amount, the total computed from the rows and
    spelt out; provisional (SEMENTARA) until the training is finished."""
    office = _office(training)
    money = selectors.money_sheets(training)
    return render_pdf(
        "trainings/pdf/transport.html",
        {
            "office": office,
            "training": training,
            "money": money,
            "signers": signers(office, SHEET_SIGNERS),
            "signed_on": training.ends_on,
            "draft_mark": "" if _is_final(training) else PROVISIONAL_MARK,
        },
    )


def honorarium_pdf(training: Training) -> bytes:
    """The instructors' honorarium list: a row per session taught, gross, PPh and net, the
    totals computed from the rows and the net total spelt out."""
    office = _office(training)
    money = selectors.money_sheets(training)
    return render_pdf(
        "trainings/pdf/honorarium.html",
        {
            "office": office,
            "training": training,
            "money": money,
            "signers": signers(office, SHEET_SIGNERS),
            "signed_on": training.ends_on,
        },
    )


# Certificates ------------------------------------------------------------------------------------


def certificates_for_print(qs: Any, *, limit: int | None = None) -> list[Certificate]:
    """Certificates in force of `qs` (at most `limit`) with everything they print (one query)."""
    qs = (
        qs.filter(revoked_at__isnull=True)
        .select_related(
            "enrolment__member",
            "enrolment__village",
            "enrolment__training__kind",
            "enrolment__training__district",
            "enrolment__training__signatory",
        )
        .order_by("enrolment__training_id", "year", "serial", "pk")
    )
    return list(qs if limit is None else qs[:limit])


def certificates_pdf(
    certificates: Sequence[Certificate], *, verify_url: Callable[[str], str]
) -> bytes:
    """Certificates on A4 landscape, one a page: number, holder (name and desa), training, place
    and date, the signature block (the training's chosen signatory, else the Camat) and the QR
    code to the public verification page. A run whose QR would open only on this laptop is a
    draft: DRAF on every page and the reason printed on each certificate."""
    offices: dict[str, OfficeProfile | None] = {}
    pages = []
    loopback = ""
    for certificate in certificates:
        training = certificate.enrolment.training
        if training.district_id not in offices:
            offices[training.district_id] = _office(training)
        office = offices[training.district_id]
        url = verify_url(certificate.verification_code)
        if is_loopback(url):
            loopback = url
        signatory = training.signatory or signatory_of(office, SignatoryRole.CAMAT)
        pages.append(
            {
                "certificate": certificate,
                "enrolment": certificate.enrolment,
                "training": training,
                "office": office,
                "period": period_text(training.starts_on, training.ends_on),
                "signatory": signatory,
                "url": url,
                "qr": qr_data_uri(url),
            }
        )
    reason = _(LOOPBACK_REASON) % {"address": loopback} if loopback else ""
    return render_pdf(
        "trainings/pdf/certificates.html",
        {
            "pages": pages,
            "office": pages[0]["office"] if pages else None,
            "draft_mark": DRAFT_MARK if loopback else "",
            "draft_reason": reason,
        },
    )


# Report ------------------------------------------------------------------------------------------


def report_pdf(training: Training) -> bytes:
    """The training report: participants per desa, attendance rate, pre/post averages and gain,
    completion, certificates, cost and cost per member trained; SEMENTARA until finished."""
    office = _office(training)
    report = selectors.training_report(training)
    return render_pdf(
        "trainings/pdf/report.html",
        {
            "office": office,
            "training": training,
            "report": report,
            "period": period_text(training.starts_on, training.ends_on),
            "signers": signers(office, REPORT_SIGNERS),
            "signed_on": training.ends_on,
            "draft_mark": "" if _is_final(training) else PROVISIONAL_MARK,
        },
    )


REPORT_VILLAGE_HEADERS = (
    gettext_noop("Desa"),
    gettext_noop("Peserta"),
    gettext_noop("Lulus"),
    gettext_noop("Kehadiran rata-rata (%)"),
    gettext_noop("Rata-rata pre-test"),
    gettext_noop("Rata-rata post-test"),
    gettext_noop("Kenaikan"),
)


def _village_cells(row: selectors.VillageRow, name: str) -> list[Any]:
    return [
        name,
        row.participants,
        row.completed,
        row.attendance_rate,
        row.pre_average,
        row.post_average,
        row.gain,
    ]


def report_sheets(training: Training) -> list[tuple[str, Sequence[str], list[list[Any]]]]:
    """The report as workbook sheets (title, headers, rows): a summary and the figures per desa,
    in Bahasa Indonesia like the printed report. Figures are numbers, not text."""
    report = selectors.training_report(training)
    with translation.override("id"):
        total = report.total
        summary: list[list[Any]] = [
            [_("Pelatihan"), training.title],
            [_("Jenis"), training.kind.name],
            [_("Tanggal"), period_text(training.starts_on, training.ends_on)],
            [_("Tempat"), training.venue],
            [_("Status"), training.get_status_display()],
            [_("Jumlah sesi"), report.sessions],
            [_("Peserta"), total.participants],
            [_("Lulus"), total.completed],
            [_("Tidak lulus"), total.participants - total.completed],
            [_("Kehadiran rata-rata (%)"), total.attendance_rate],
            [_("Rata-rata pre-test"), total.pre_average],
            [_("Rata-rata post-test"), total.post_average],
            [_("Kenaikan nilai"), total.gain],
            [_("Sertifikat berlaku"), report.certificates],
            [_("Biaya (Rp)"), report.cost],
            [_("Biaya per anggota terlatih (Rp)"), report.cost_per_trained],
        ]
        rows = [_village_cells(row, row.village_name) for row in report.rows]
        rows.append(_village_cells(total, _("Jumlah")))
        return [
            (_("Ringkasan"), [_("Uraian"), _("Nilai")], summary),
            (_("Per desa"), [_(h) for h in REPORT_VILLAGE_HEADERS], rows),
        ]
