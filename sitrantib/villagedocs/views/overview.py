"""Stub: replaced by its owner."""

from django.http import Http404, HttpRequest, HttpResponse


def home(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def late(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def settings_edit(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404
