"""What meetings offers to the shared pieces: its searches (core.autocomplete). Imported by
MeetingsConfig.ready."""

from django.utils import timezone

from sitrantib.core.autocomplete import register_search
from sitrantib.meetings.models import Meeting
from sitrantib.meetings.selectors import meetings_visible_to

SEARCH_MEETINGS = "meetings.meetings"


def meeting_label(meeting: Meeting) -> str:
    return f"{meeting.title} ({timezone.localtime(meeting.starts_at):%d-%m-%Y})"


register_search(
    SEARCH_MEETINGS,
    queryset_for=lambda user: meetings_visible_to(user=user),
    label=meeting_label,
    search_fields=("title",),
    ordering=("-starts_at", "-pk"),
)
