"""Stub: replaced by its owner (see docs of the module)."""

from django.http import Http404, HttpRequest, HttpResponse


def outbox(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def service_worker(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def manifest(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404
