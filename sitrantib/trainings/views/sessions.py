"""STUB: being written; replaced by the real pages."""

from django.http import Http404, HttpRequest, HttpResponse


def session_create(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def session_edit(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def session_delete(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def session_assign(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404
