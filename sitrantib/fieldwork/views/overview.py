"""Stub: replaced by its owner (see docs of the module)."""

from django.http import Http404, HttpRequest, HttpResponse


def home(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def village_page(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def situations(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def rule_edit(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def field_calendar(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def map_data(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404
