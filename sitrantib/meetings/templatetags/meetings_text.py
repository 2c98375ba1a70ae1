"""`{% load meetings_text %}`: `{% for p in text|paragraphs %}` (see meetings/minutes_text.py)."""

from django import template

from sitrantib.meetings.minutes_text import paragraphs as split_paragraphs

register = template.Library()


@register.filter
def paragraphs(text: str) -> list[str]:
    return split_paragraphs(text)
