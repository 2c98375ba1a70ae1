"""Deadlines and periods of village documents, from a type's rule (docs/adr/0090)."""

import calendar
import datetime as dt
from collections.abc import Iterator

from sitrantib.villagedocs.enums import Frequency
from sitrantib.villagedocs.models import DocumentType

DEFAULT_MONTHLY_DAY = 10  # UNVERIFIED kecamatan practice: the 10th of the following month


def _on(year: int, month: int, day: int) -> dt.date:
    """The date, or the month's last day when `day` is past it."""
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def periods_of(document_type: DocumentType, year: int) -> Iterator[tuple[str, int]]:
    """The (period key, number) pairs of a type in a year; none for an event-driven type."""
    if document_type.frequency == Frequency.MONTHLY:
        for month in range(1, 13):
            yield f"{year}-{month:02d}", month
    elif document_type.frequency == Frequency.SEMESTER:
        for half in (1, 2):
            if document_type.semester in (None, half):
                yield f"{year}-S{half}", half
    elif document_type.frequency == Frequency.YEARLY:
        yield str(year), 0


def due_date(document_type: DocumentType, year: int, number: int = 0) -> dt.date:
    """The deadline of the period `number` (month 1-12, semester 1-2, 0 for a year) of `year`."""
    if document_type.frequency == Frequency.MONTHLY:
        # The month after the period: January's summary is due in February, December's in the
        # January of the next year.
        month = number % 12 + 1
        next_year = year + (1 if number == 12 else 0)
        return _on(next_year, month, document_type.due_day or DEFAULT_MONTHLY_DAY)
    if document_type.frequency == Frequency.SEMESTER:
        # `due_month` is the first half's deadline month (7: July); the second half's falls six
        # months later. Without one: the month after the half year.
        month = (document_type.due_month or 7) + 6 * (number - 1)
        return _on(year + (month - 1) // 12, (month - 1) % 12 + 1, document_type.due_day or 31)
    if document_type.frequency == Frequency.YEARLY:
        return _on(
            year + document_type.year_offset,
            document_type.due_month or 12,
            document_type.due_day or 31,
        )
    raise ValueError("an event-driven document's deadline follows its event: use due_after_event")


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months later, or that month's last day when it is shorter
    (30 November + 3 months = 28 or 29 February)."""
    index = day.year * 12 + day.month - 1 + months
    return _on(index // 12, index % 12 + 1, day.day)


def due_after_event(document_type: DocumentType, event_date: dt.date) -> dt.date:
    """The deadline of an event-driven document: calendar months after the event when the type
    sets them (RPJMDes: 3), otherwise days (the draft APBDes: 3 days after the BPD's agreement)."""
    if document_type.due_months_after_event:
        return add_months(event_date, document_type.due_months_after_event)
    return event_date + dt.timedelta(days=document_type.due_days_after_event or 0)
