"""A training's documents: the SPJ page, the sheets, letters, certificates and report as PDF/XLSX.

The documents are built in sitrantib.trainings.documents. Access (docs/adr/0060): a training
outside the viewer's scope is not found (404); the sheets, letters, report and a whole
training's certificates are for the section's administrator, the Camat and the kecamatan staff
(403 for a village operator or a partner who sees the training); a village operator prints the
certificates of its own desa's participants only. A revoked certificate is never printed.
"""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET

from sitrantib.core.archive import issue_once
from sitrantib.core.archive_views import archived_response
from sitrantib.core.links import is_loopback, public_url
from sitrantib.core.models import DocumentFormat
from sitrantib.core.scoping import Scope, scope_of
from sitrantib.core.spreadsheets import xlsx_response
from sitrantib.trainings import documents
from sitrantib.trainings.access import can_manage
from sitrantib.trainings.archive_kinds import ASSIGNMENT, CERTIFICATE
from sitrantib.trainings.models import Certificate, Training, TrainingSession
from sitrantib.trainings.selectors import trainings_in_scope

MESSAGE_REVOKED = gettext_noop(
    "Sertifikat %(number)s sudah dicabut (%(reason)s) dan tidak dapat dicetak lagi."
)
MESSAGE_TOO_MANY = gettext_noop(
    "Pelatihan ini mempunyai lebih dari %(limit)s sertifikat berlaku; cetak per desa "
    "(tambahkan ?desa=<kode desa> pada alamat PDF, atau buka sertifikat per peserta) agar satu "
    "berkas berisi paling banyak %(limit)s sertifikat."
)
MESSAGE_NO_CERTIFICATES = gettext_noop(
    "Belum ada sertifikat yang berlaku untuk dicetak pada pelatihan ini."
)


def _pdf(content: bytes, filename: str) -> HttpResponse:
    """A PDF with participants' names: shown in the browser, never stored by a cache."""
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _training_for(request: HttpRequest, pk: int) -> tuple[Training, Scope]:
    """The training if the viewer may print its documents: outside scope 404, else 403."""
    scope = scope_of(request.user)
    training = get_object_or_404(
        trainings_in_scope(scope=scope).select_related("budget_line"), pk=pk
    )
    if not documents.reads_documents(scope):
        raise PermissionDenied
    return training, scope


def _session_for(request: HttpRequest, pk: int) -> TrainingSession:
    scope = scope_of(request.user)
    session = get_object_or_404(
        TrainingSession.objects.filter(
            training__in=trainings_in_scope(scope=scope).values("pk")
        ).select_related("training__kind", "training__district", "instructor__institution"),
        pk=pk,
    )
    if not documents.reads_documents(scope):
        raise PermissionDenied
    return session


def _certificates_in_scope(scope: Scope) -> QuerySet[Certificate]:
    """The certificates a viewer may print: of the trainings in scope; a village operator only
    those of its own desa's participants; nobody else (a partner) any."""
    if not documents.reads_certificates(scope):
        return Certificate.objects.none()
    qs = Certificate.objects.filter(
        enrolment__training__in=trainings_in_scope(scope=scope).values("pk")
    )
    if not documents.reads_documents(scope):
        qs = qs.filter(enrolment__village__in=sorted(scope.village_codes or ()))
    return qs


def _verify_url(request: HttpRequest) -> Callable[[str], str]:
    def verify_url(code: str) -> str:
        # The public address when set: a certificate is scanned by phones, never on this laptop.
        return public_url(request, reverse("trainings_public:verify", kwargs={"code": code}))

    return verify_url


@require_GET
@login_required
def sheets(request: HttpRequest, pk: int) -> HttpResponse:
    """The SPJ page: the three sheets with their totals, the budget check and the PDF links."""
    training, scope = _training_for(request, pk)
    context = documents.sheets_context(training)
    address = public_url(request, "/")
    context.update(
        {
            "can_manage": can_manage(scope, training.district_id),
            "address": address,
            "address_is_loopback": is_loopback(address),
        }
    )
    return render(request, "trainings/sheets.html", context)


@require_GET
@login_required
def attendance_sheet_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session_for(request, pk)
    return _pdf(documents.attendance_sheet_pdf(session), f"daftar-hadir-sesi-{session.pk}.pdf")


@require_GET
@login_required
def assignment_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session_for(request, pk)
    filename = f"surat-tugas-sesi-{session.pk}.pdf"
    if not session.assignment_number:  # a draft (DRAF): rendered now, not archived
        return _pdf(documents.assignment_pdf(session), filename)
    issued = issue_once(
        kind=ASSIGNMENT.key,
        title=f"Surat tugas {session.assignment_number}",
        subject_key=f"training_session:{session.pk}",
        district_code=session.training.district_id,
        fmt=DocumentFormat.PDF,
        filename=filename,
        actor=request.user,
        render=lambda: documents.assignment_pdf(session),
    )
    return archived_response(request, issued, inline=True)


@require_GET
@login_required
def transport_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    training, _scope = _training_for(request, pk)
    return _pdf(documents.transport_pdf(training), f"uang-transport-{training.pk}.pdf")


@require_GET
@login_required
def honorarium_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    training, _scope = _training_for(request, pk)
    return _pdf(documents.honorarium_pdf(training), f"honorarium-{training.pk}.pdf")


@require_GET
@login_required
def certificates_pdf(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Every certificate in force of a training in one PDF (a village operator: its desa's), or
    those of one desa with `?desa=<code>`; at most MAX_CERTIFICATES a file, never cut short."""
    scope = scope_of(request.user)
    training = get_object_or_404(trainings_in_scope(scope=scope), pk=pk)
    if not documents.reads_certificates(scope):
        raise PermissionDenied
    qs = _certificates_in_scope(scope).filter(enrolment__training=training)
    village = request.GET.get("desa", "").strip()
    if village:
        if not scope.covers_village(village):
            raise Http404
        qs = qs.filter(enrolment__village=village)
    chosen = documents.certificates_for_print(qs, limit=documents.MAX_CERTIFICATES + 1)
    if len(chosen) > documents.MAX_CERTIFICATES:
        messages.error(request, _(MESSAGE_TOO_MANY) % {"limit": documents.MAX_CERTIFICATES})
        return redirect(training.get_absolute_url())
    if not chosen:
        messages.error(request, _(MESSAGE_NO_CERTIFICATES))
        return redirect(training.get_absolute_url())
    content = documents.certificates_pdf(chosen, verify_url=_verify_url(request))
    return _pdf(content, f"sertifikat-{training.pk}.pdf")


@require_GET
@login_required
def certificate_pdf(request: HttpRequest, pk: int) -> HttpResponseBase:
    """One participant's certificate; a revoked one is refused with the reason."""
    scope = scope_of(request.user)
    certificate = get_object_or_404(
        _certificates_in_scope(scope).select_related("enrolment__training"), pk=pk
    )
    if certificate.is_revoked:
        messages.error(
            request,
            _(MESSAGE_REVOKED)
            % {"number": certificate.number, "reason": certificate.revoke_reason},
        )
        return redirect(certificate.enrolment.training.get_absolute_url())
    chosen = documents.certificates_for_print(Certificate.objects.filter(pk=certificate.pk))
    if not chosen:  # revoked between the two reads
        raise Http404
    verify_url = _verify_url(request)
    filename = f"sertifikat-{certificate.serial}-{certificate.year}.pdf"
    if is_loopback(verify_url(certificate.verification_code)):  # a draft: not archived
        return _pdf(documents.certificates_pdf(chosen, verify_url=verify_url), filename)
    enrolment = chosen[0].enrolment
    issued = issue_once(
        kind=CERTIFICATE.key,
        title=f"Sertifikat {certificate.number} {enrolment.member.name}",
        subject_key=f"certificate:{certificate.pk}",
        district_code=enrolment.training.district_id,
        fmt=DocumentFormat.PDF,
        filename=filename,
        actor=request.user,
        render=lambda: documents.certificates_pdf(chosen, verify_url=verify_url),
        params={"village": enrolment.village_id},
    )
    return archived_response(request, issued, inline=True)


@require_GET
@login_required
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    training, _scope = _training_for(request, pk)
    return _pdf(documents.report_pdf(training), f"laporan-pelatihan-{training.pk}.pdf")


@require_GET
@login_required
def report_xlsx(request: HttpRequest, pk: int) -> HttpResponseBase:
    training, _scope = _training_for(request, pk)
    return xlsx_response(
        documents.report_sheets(training),
        filename=f"laporan-pelatihan-{training.pk}.xlsx",
        personal=False,
    )
