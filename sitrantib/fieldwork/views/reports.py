"""Stub: replaced by its owner (see docs of the module)."""

from django.http import Http404, HttpRequest, HttpResponse


def report_queue(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def report_detail(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def report_verify(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def report_reject(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def public_start(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def public_status_lookup(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def public_status(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def public_form(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404
