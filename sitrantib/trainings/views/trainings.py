"""STUB: being written; replaced by the real pages."""

from django.http import Http404, HttpRequest, HttpResponse


def training_list(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def training_create(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def training_detail(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def training_edit(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def training_transition(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def settings_edit(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404
