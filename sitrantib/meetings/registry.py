"""What meetings offers to the shared pieces: its searches (core.autocomplete). Imported by
MeetingsConfig.ready."""

from django.utils import timezone

from sitrantib.core.autocomplete import register_search
from sitrantib.meetings.models import Meeting
from sitrantib.meetings.selectors import ledger_districts, meetings_visible_to
from sitrantib.regions.models import District

SEARCH_MEETINGS = "meetings.meetings"
# The kecamatan a wide scope opens in the follow-up ledger and indicator (issue 16 A2).
SEARCH_DISTRICTS = "meetings.districts"


def meeting_label(meeting: Meeting) -> str:
    return f"{meeting.title} ({timezone.localtime(meeting.starts_at):%d-%m-%Y})"


register_search(
    SEARCH_MEETINGS,
    queryset_for=lambda user: meetings_visible_to(user=user),
    label=meeting_label,
    search_fields=("title",),
    ordering=("-starts_at", "-pk"),
)


def district_label(district: District) -> str:
    return f"{district.name} ({district.code})"


register_search(
    SEARCH_DISTRICTS,
    queryset_for=lambda user: ledger_districts(user=user),
    label=district_label,
    search_fields=("name",),
    code_field="code",
    ordering=("name", "code"),
)
