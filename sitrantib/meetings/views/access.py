"""The access helpers of the meeting pages: one per object, outside the viewer's scope -> 404."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from sitrantib.meetings.models import ActionItem, Meeting
from sitrantib.meetings.selectors import (
    action_items_visible_to,
    can_manage_meetings,
    meetings_visible_to,
    with_follow_up_flags,
)


def meeting_for(request: HttpRequest, pk: int) -> Meeting:
    """The one access helper for meetings: outside the viewer's scope -> 404."""
    return get_object_or_404(
        meetings_visible_to(user=request.user).select_related("kind", "district"), pk=pk
    )


def managed_meeting_for(request: HttpRequest, pk: int) -> Meeting:
    meeting = meeting_for(request, pk)
    if not can_manage_meetings(user=request.user):
        raise PermissionDenied
    return meeting


def item_for(request: HttpRequest, pk: int) -> ActionItem:
    return get_object_or_404(
        with_follow_up_flags(
            action_items_visible_to(user=request.user), today=timezone.localdate()
        ).select_related(
            "district", "meeting__kind", "owner_institution", "owner_person", "decision"
        ),
        pk=pk,
    )


def error_text(exc: ValidationError | PermissionDenied) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc) or _("Anda tidak berhak melakukan tindakan ini.")


def require_manager(request: HttpRequest) -> None:
    if not can_manage_meetings(user=request.user):
        raise PermissionDenied
