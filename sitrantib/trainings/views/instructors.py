"""STUB: being written; replaced by the real pages."""

from django.http import Http404, HttpRequest, HttpResponse


def instructor_list(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def instructor_create(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def instructor_edit(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404
