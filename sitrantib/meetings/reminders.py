"""Reminders to the owners of follow-ups: due within 7 days, and overdue.

Idempotent: each (item, kind, bucket) is recorded in SentReminder and never sent again. The bucket
of a "due soon" reminder is the due date (one reminder per due date); the bucket of an "overdue"
reminder is the Monday of the current week (one reminder per week while the item stays overdue).
See docs/adr/0023-reminders.md.
"""

import datetime as dt
import json
import logging
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext, gettext_noop

from sitrantib.accounts.models import User
from sitrantib.core.formatting import format_date_id
from sitrantib.meetings.enums import PENDING_STATUSES, ReminderKind
from sitrantib.meetings.models import ActionItem, SentReminder
from sitrantib.regions.enums import InstitutionKind

logger = logging.getLogger(__name__)

DUE_SOON_DAYS = 7
SUBJECT_DUE_SOON = gettext_noop("Pengingat: tindak lanjut jatuh tempo %(date)s")
SUBJECT_OVERDUE = gettext_noop("Pengingat: tindak lanjut lewat jatuh tempo sejak %(date)s")
BODY = gettext_noop(
    "Yth. %(institution)s,\n\n"
    'Tindak lanjut hasil rapat "%(meeting)s":\n%(description)s\n\n'
    "Batas waktu: %(date)s. Status: %(status)s.\n"
    "Mohon perbarui status dan unggah bukti tindak lanjut di SiTrantib: %(url)s\n"
)


@dataclass(frozen=True)
class ReminderResult:
    sent: int
    skipped_no_recipient: int


def bucket_for(kind: str, item: ActionItem, today: dt.date) -> dt.date:
    if kind == ReminderKind.DUE_SOON:
        return item.due_date
    return today - dt.timedelta(days=today.weekday())


def recipients_for(item: ActionItem) -> tuple[list[str], list[str]]:
    """(e-mail addresses, phone numbers) of the people who answer for an item.

    The active users of the owning institution; for a desa government also the operators of that
    desa; and the phone of the named owner person.
    """
    owner = item.owner_institution
    who = Q(institution_id=owner.pk)
    if owner.kind == InstitutionKind.VILLAGE_GOVERNMENT and owner.village_id:
        who |= Q(role="village_operator", villages=owner.village_id)
    users = list(
        User.objects.filter(who, is_active=True, district_id=owner.district_id)
        .distinct()
        .order_by("pk")
    )
    emails = sorted({u.email for u in users if u.email})
    phones = sorted(
        {u.phone for u in users if u.phone}
        | ({item.owner_person.phone} if item.owner_person and item.owner_person.phone else set())
    )
    return emails, phones


def _message(item: ActionItem, kind: str, base_url: str) -> tuple[str, str]:
    date_text = format_date_id(item.due_date)
    subject_template = SUBJECT_DUE_SOON if kind == ReminderKind.DUE_SOON else SUBJECT_OVERDUE
    subject = gettext(subject_template) % {"date": date_text}
    body = gettext(BODY) % {
        "institution": item.owner_institution.name,
        "meeting": item.meeting.title,
        "description": item.description,
        "date": date_text,
        "status": item.get_status_display(),
        "url": f"{base_url.rstrip('/')}{item.get_absolute_url()}",
    }
    return subject, body


def post_to_gateway(*, phones: list[str], text: str) -> None:
    """POST the message to the messaging gateway when one is configured (off by default)."""
    url = getattr(settings, "SITRANTIB_MESSAGING_URL", "")
    if not url or not phones:
        return
    token = getattr(settings, "SITRANTIB_MESSAGING_TOKEN", "")
    payload = json.dumps({"to": phones, "message": text}).encode()
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, data=payload, headers=headers, method="POST")  # noqa: S310
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        response.read()


def due_items(*, today: dt.date) -> list[tuple[ActionItem, str]]:
    """Every pending item due within 7 days or overdue, with the kind of reminder it needs."""
    items = (
        ActionItem.objects.filter(
            status__in=sorted(str(s) for s in PENDING_STATUSES),
            due_date__lte=today + dt.timedelta(days=DUE_SOON_DAYS),
        )
        .select_related("meeting", "owner_institution", "owner_person")
        .order_by("due_date", "pk")
    )
    return [
        (item, ReminderKind.OVERDUE if item.due_date < today else ReminderKind.DUE_SOON)
        for item in items
    ]


def send_reminders(*, today: dt.date, base_url: str = "") -> ReminderResult:
    """Send each reminder not sent before; record it in the same transaction as the sending.

    A failure to send (mail server or gateway) rolls the record back, so the next run retries.
    """
    sent = skipped = 0
    for item, kind in due_items(today=today):
        bucket = bucket_for(kind, item, today)
        if SentReminder.objects.filter(item=item, kind=kind, bucket=bucket).exists():
            continue
        emails, phones = recipients_for(item)
        gateway_on = bool(getattr(settings, "SITRANTIB_MESSAGING_URL", ""))
        if not emails and not (gateway_on and phones):
            skipped += 1
            continue
        subject, body = _message(item, kind, base_url)
        try:
            with transaction.atomic():
                SentReminder.objects.create(
                    item=item, kind=kind, bucket=bucket, recipients=", ".join(emails + phones)
                )
                if emails:
                    send_mail(subject, body, None, emails)
                if gateway_on:
                    post_to_gateway(phones=phones, text=f"{subject}\n\n{body}")
        except IntegrityError:
            # Another run recorded it between our check and our insert: it was sent there.
            continue
        sent += 1
    return ReminderResult(sent=sent, skipped_no_recipient=skipped)
