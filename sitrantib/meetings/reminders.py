"""Reminders to the owners of follow-ups: due within 7 days, and overdue.

Idempotent: each (item, kind, bucket, channel) is recorded in SentReminder and never sent again.
The bucket of a "due soon" reminder is the due date (one reminder per due date); the bucket of an
"overdue" reminder is the Monday of the current week (one reminder per week while the item stays
overdue). E-mail and the messaging gateway are recorded separately: the e-mail record is committed
before the gateway is tried, so a gateway failure never makes a rerun send the e-mail again.
A failure is logged and counted; the run goes on with the next item.
See docs/adr/0023-reminders-and-evidence-files.md.
"""

import datetime as dt
import json
import logging
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext, gettext_noop

from sitrantib.accounts.models import User
from sitrantib.core.enums import Role
from sitrantib.core.formatting import format_date_id
from sitrantib.core.links import public_url
from sitrantib.meetings.enums import PENDING_STATUSES, ReminderChannel, ReminderKind
from sitrantib.meetings.models import ActionItem, SentReminder
from sitrantib.meetings.origins import Origin, origins_of
from sitrantib.regions.enums import InstitutionKind

RECIPIENTS_LENGTH = SentReminder._meta.get_field("recipients").max_length or 0
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
# An item without a meeting (from a field visit, docs/adr/0083) names its origin instead.
BODY_ORIGIN = gettext_noop(
    "Yth. %(institution)s,\n\n"
    "Tindak lanjut dari %(origin)s:\n%(description)s\n\n"
    "Batas waktu: %(date)s. Status: %(status)s.\n"
    "Mohon perbarui status dan unggah bukti tindak lanjut di SiTrantib: %(url)s\n"
)


@dataclass(frozen=True)
class ReminderResult:
    sent: int
    skipped_no_recipient: int
    failed: int = 0


def bucket_for(kind: str, item: ActionItem, today: dt.date) -> dt.date:
    if kind == ReminderKind.DUE_SOON:
        return item.due_date
    return today - dt.timedelta(days=today.weekday())


@dataclass
class _Person:
    institution_id: int | None
    district_id: str | None
    role: str
    email: str
    phone: str
    villages: set[str] = field(default_factory=set)


def recipients_by_item(items: list[ActionItem]) -> dict[int, tuple[list[str], list[str]]]:
    """(e-mail addresses, phone numbers) of the people who answer for each item (one query).

    The active users of the owning institution; for a desa government also the operators of that
    desa; and the phone of the named owner person.
    """
    institutions = {item.owner_institution_id: item.owner_institution for item in items}
    desa_codes = sorted(
        {
            i.village_id
            for i in institutions.values()
            if i.kind == InstitutionKind.VILLAGE_GOVERNMENT and i.village_id
        }
    )
    who = Q(institution_id__in=sorted(institutions))
    if desa_codes:
        who |= Q(role=Role.VILLAGE_OPERATOR, villages__in=desa_codes)
    people: dict[int, _Person] = {}
    rows = (
        User.objects.filter(who, is_active=True)
        .values_list("pk", "institution_id", "district_id", "role", "email", "phone", "villages")
        .order_by("pk")
    )
    for pk, institution_id, district_id, role, email, phone, village in rows:
        person = people.setdefault(
            pk, _Person(institution_id, district_id, role, email or "", phone or "")
        )
        if village:
            person.villages.add(village)
    result: dict[int, tuple[list[str], list[str]]] = {}
    for item in items:
        owner = item.owner_institution
        answering = [
            p
            for p in people.values()
            if p.district_id == owner.district_id
            and (
                p.institution_id == owner.pk
                or (
                    owner.kind == InstitutionKind.VILLAGE_GOVERNMENT
                    and p.role == Role.VILLAGE_OPERATOR
                    and owner.village_id in p.villages
                )
            )
        ]
        emails = sorted({p.email for p in answering if p.email})
        phones = {p.phone for p in answering if p.phone}
        if item.owner_person and item.owner_person.phone:
            phones.add(item.owner_person.phone)
        result[item.pk] = (emails, sorted(phones))
    return result


def _message(
    item: ActionItem, kind: str, base_url: str, origins: dict[int, Origin] | None = None
) -> tuple[str, str]:
    date_text = format_date_id(item.due_date)
    subject_template = SUBJECT_DUE_SOON if kind == ReminderKind.DUE_SOON else SUBJECT_OVERDUE
    subject = gettext(subject_template) % {"date": date_text}
    if item.meeting is not None:
        body_template, names = BODY, {"meeting": item.meeting.title}
    else:
        origin = (origins or {}).get(item.pk) or origins_of([item])[item.pk]
        body_template, names = BODY_ORIGIN, {"origin": origin.label}
    body = gettext(body_template) % {
        **names,
        "institution": item.owner_institution.name,
        "description": item.description,
        "date": date_text,
        "status": item.get_status_display(),
        "url": (
            f"{base_url.rstrip('/')}{item.get_absolute_url()}"
            if base_url
            else public_url(None, item.get_absolute_url())
        ),
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
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310  # nosec B310  # the operator-set gateway URL
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


def _record_and_send(
    *,
    item: ActionItem,
    kind: str,
    bucket: dt.date,
    channel: str,
    recipients: list[str],
    send: Callable[[], object],
) -> str:
    """Record one channel's reminder and send it in one transaction: "sent", "done" (another
    run recorded it meanwhile) or "failed" (logged; rolled back so the next run retries)."""
    try:
        with transaction.atomic():
            SentReminder.objects.create(
                item=item,
                kind=kind,
                bucket=bucket,
                channel=channel,
                # A record of who was reminded: an office with hundreds of addresses is cut at
                # the field's limit rather than refused (the message still goes to all of them).
                recipients=", ".join(recipients)[:RECIPIENTS_LENGTH],
            )
            send()
    except IntegrityError:
        return "done"
    except (OSError, ValueError):
        # SMTP errors, URLError/HTTPError and timeouts are OSErrors; a bad gateway URL is a
        # ValueError. Logged with the item, counted in the result, retried on the next run.
        logger.exception("Pengingat %s tindak lanjut %s lewat %s gagal", kind, item.pk, channel)
        return "failed"
    return "sent"


def send_reminders(*, today: dt.date, base_url: str = "") -> ReminderResult:
    """Send each reminder not sent before, channel by channel.

    Each channel's record is committed together with its sending; a failing channel is logged,
    counted in `failed` and retried by the next run, while the run goes on with the next item.
    Queries: the items, the records already sent, the recipients and the origins of items
    without a meeting (one per registered origin), whatever the item count;
    then only the writes of what is actually sent.
    """
    gateway_on = bool(getattr(settings, "SITRANTIB_MESSAGING_URL", ""))
    wanted = [(item, kind, bucket_for(kind, item, today)) for item, kind in due_items(today=today)]
    done = set(
        SentReminder.objects.filter(item_id__in=[item.pk for item, _kind, _bucket in wanted])
        .values_list("item_id", "kind", "bucket", "channel")
        .order_by()
    )
    pending = [
        (item, kind, bucket)
        for item, kind, bucket in wanted
        if (item.pk, kind, bucket, ReminderChannel.EMAIL) not in done
        or (gateway_on and (item.pk, kind, bucket, ReminderChannel.GATEWAY) not in done)
    ]
    recipients = recipients_by_item([item for item, _kind, _bucket in pending])
    origins = origins_of([item for item, _kind, _bucket in pending if item.meeting_id is None])
    sent = skipped = failed = 0
    for item, kind, bucket in pending:
        emails, phones = recipients[item.pk]
        channels: list[tuple[str, list[str]]] = []
        if emails and (item.pk, kind, bucket, ReminderChannel.EMAIL) not in done:
            channels.append((ReminderChannel.EMAIL, emails))
        if gateway_on and phones and (item.pk, kind, bucket, ReminderChannel.GATEWAY) not in done:
            channels.append((ReminderChannel.GATEWAY, phones))
        if not channels:
            if not emails and not (gateway_on and phones):
                skipped += 1
            continue
        subject, body = _message(item, kind, base_url, origins)
        outcomes = []
        for channel, to in channels:
            send: Callable[[], object] = (
                partial(send_mail, subject, body, None, to)
                if channel == ReminderChannel.EMAIL
                else partial(post_to_gateway, phones=to, text=f"{subject}\n\n{body}")
            )
            outcomes.append(
                _record_and_send(
                    item=item, kind=kind, bucket=bucket, channel=channel, recipients=to, send=send
                )
            )
        sent += "sent" in outcomes
        failed += "failed" in outcomes
    return ReminderResult(sent=sent, skipped_no_recipient=skipped, failed=failed)
