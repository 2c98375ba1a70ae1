"""Stub: replaced by its owner."""

from django.http import Http404, HttpRequest, HttpResponse


def obligation_list(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def generate(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def event_create(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def obligation_detail(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def submit(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def stamp(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def waive(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def judge(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def submission_file(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404
