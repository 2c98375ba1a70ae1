"""`{% load meetings_text %}`: `{% for p in text|paragraphs %}` (see meetings/minutes_text.py) and
`{{ meeting|waktu_rapat }}`: "Selasa, 10 Februari 2026, 09.00 - 11.30 WIB" (with its end time)."""

from typing import Any

from django import template

from sitrantib.core import localization
from sitrantib.meetings.documents import meeting_time_text
from sitrantib.meetings.minutes_text import paragraphs as split_paragraphs

register = template.Library()


@register.filter
def paragraphs(text: str) -> list[str]:
    return split_paragraphs(text)


@register.filter
def waktu_rapat(meeting: Any) -> str:
    """The day and the time span of a meeting, the end time included when there is one."""
    day = localization.long_date(meeting.starts_at, with_weekday=True)
    return f"{day}, {meeting_time_text(meeting)}"
