"""Stub: replaced by its owner (see docs of the module)."""

from django.http import Http404, HttpRequest, HttpResponse


def visit_create(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def visit_edit(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def incident_create(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def incident_edit(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404
