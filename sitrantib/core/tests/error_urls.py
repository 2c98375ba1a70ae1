"""The project's URLs plus one page that fails, to see the 500 page as a visitor would."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns


@login_not_required
def fails(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug in a view")


urlpatterns = [path("uji-gagal/", fails), *project_urlpatterns]
