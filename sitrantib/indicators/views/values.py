"""Stub: replaced by its owner."""

from django.http import Http404, HttpRequest, HttpResponse


def value_detail(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def manual_entry(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def approve(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def evidence_file(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404
