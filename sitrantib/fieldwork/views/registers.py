"""Stub: replaced by its owner (see docs of the module)."""

from django.http import Http404, HttpRequest, HttpResponse


def post_list(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def post_create(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def post_detail(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def post_edit(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def post_roster(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def task_force_list(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def task_force_create(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def task_force_detail(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def task_force_edit(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def task_force_members(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404
