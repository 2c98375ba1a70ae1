"""STUB: being written; replaced by the real pages."""

from django.http import Http404, HttpRequest, HttpResponse


def attendance(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def scores(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def completion(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def certificates(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def certificate_revoke(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def verify(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404
