"""Stub: replaced by its owner."""

from django.http import Http404, HttpRequest, HttpResponse


def definition_list(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def definition_create(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def seed_from_plan(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def definition_detail(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def definition_edit(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def settings_edit(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404
