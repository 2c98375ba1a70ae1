"""STUB: being written; replaced by the real pages."""

from django.http import Http404, HttpRequest, HttpResponse


def participants(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def enrol_member(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def enrol_quota(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def enrol_village(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def withdraw(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404
