"""Stub: replaced by its owner (see docs of the module)."""

from django.http import Http404, HttpRequest, HttpResponse


def visit_list(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def visit_detail(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def visit_resolve(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def visit_photo_add(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def visit_pdf(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def recommendation_action(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404
