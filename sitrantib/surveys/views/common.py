"""The access helper and response helper shared by the survey pages."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from sitrantib.surveys.models import SurveyPeriod
from sitrantib.surveys.selectors import (
    can_manage,
    periods_visible_to,
)


def _period(request: HttpRequest, pk: int, *, manage: bool = False) -> SurveyPeriod:
    """The period if the user may see it (404 otherwise); `manage` also requires the section."""
    period = get_object_or_404(periods_visible_to(user=request.user), pk=pk)
    if manage and not can_manage(request.user):
        raise PermissionDenied
    return period


def _attachment(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
