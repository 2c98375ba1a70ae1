"""STUB: being written; replaced by the real pages."""

from django.http import Http404, HttpRequest, HttpResponse


def sheets(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def attendance_sheet_pdf(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def assignment_pdf(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def transport_pdf(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def honorarium_pdf(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def certificates_pdf(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def certificate_pdf(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def report_pdf(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def report_xlsx(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404
