"""Stub: replaced by its owner."""

from django.http import Http404, HttpRequest, HttpResponse


def type_list(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def type_create(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def type_edit(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404
