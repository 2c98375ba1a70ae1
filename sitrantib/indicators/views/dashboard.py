"""Stub: replaced by its owner."""

from django.http import Http404, HttpRequest, HttpResponse


def dashboard(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def camat(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def across(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def across_map(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404
