"""Stub: replaced by its owner (see docs of the module)."""

from django.http import Http404, HttpRequest, HttpResponse


def incident_list(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def incident_map(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def incident_monthly(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def incident_detail(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def incident_transition(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def incident_photo_add(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def photo_file(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def photo_delete(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404
