"""Django's error handlers where the API needs its own answer (config/urls.py `handler404`).

An address under /api/ that matches no route (`/api/v1/meetings/1.5/`, a typo in a resource)
answers 404 with the API's one error body in JSON, like every other API error, instead of the
HTML page meant for people.
"""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.defaults import page_not_found as html_page_not_found

from sitrantib.core.api import MESSAGE_NOT_FOUND, error_body

API_PREFIX = "/api/"


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """404: JSON under /api/, the project's 404 page everywhere else."""
    if request.path.startswith(API_PREFIX):
        return JsonResponse(error_body(_(MESSAGE_NOT_FOUND)), status=404)
    return html_page_not_found(request, exception)
