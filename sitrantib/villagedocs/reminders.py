"""Reminders to the village operators: a document due soon, and a document late (docs/adr/0090).

"Soon": an obligation with nothing received or only a returned document whose deadline falls
within the kecamatan's `DocumentSettings.reminder_days` (7 by default; 0 switches these off),
bucket = its due date, so once per deadline. "Late": past its deadline in the same state,
bucket = the Monday of the current week, so once a week while it stays late. A document waiting
for the section's check, accepted or waived gets none.

Each active village operator of the desa with an e-mail address gets one message per run
listing their documents; every (obligation, kind, person, bucket) is recorded in
SentDocumentReminder in the same transaction as the sending, so a rerun sends nothing twice and a
failed sending (logged, counted) is retried by the next run. E-mail goes through Django's mail
settings, as the follow-up reminders of meetings do (the messaging gateway is not used here).
"""

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils.translation import gettext, gettext_noop

from sitrantib.accounts.models import User
from sitrantib.core.enums import Role
from sitrantib.core.formatting import format_date_id
from sitrantib.core.links import public_url
from sitrantib.villagedocs.models import (
    DEFAULT_REMINDER_DAYS,
    LATE_STATUSES,
    DocumentSettings,
    Obligation,
    SentDocumentReminder,
)

logger = logging.getLogger(__name__)

SOON = "soon"
LATE = "late"
MAX_REMINDER_DAYS = 60  # DocumentSettings.reminder_days is at most 60

SUBJECT = gettext_noop("Pengingat dokumen desa %(desa)s")
GREETING = gettext_noop("Yth. Operator Desa %(desa)s,\n\n")
LINE_SOON = gettext_noop("- %(document)s (%(period)s): batas waktu %(date)s.\n  %(url)s\n")
LINE_LATE = gettext_noop(
    "- %(document)s (%(period)s): TERLAMBAT, batas waktu %(date)s sudah lewat.\n  %(url)s\n"
)
HEAD_SOON = gettext_noop("Dokumen yang segera jatuh tempo:\n")
HEAD_LATE = gettext_noop("Dokumen yang terlambat:\n")
CLOSING = gettext_noop(
    "\nMohon unggah dokumennya di SiTrantib atau serahkan ke kantor kecamatan.\n"
)


@dataclass(frozen=True)
class ReminderResult:
    sent: int  # e-mails sent
    reminders: int  # (obligation, person) reminders recorded
    skipped_no_recipient: int  # obligations whose desa has no operator with an e-mail
    failed: int = 0  # e-mails that failed (logged; retried by the next run)


def bucket_for(kind: str, obligation: Obligation, today: dt.date) -> dt.date:
    if kind == SOON:
        return obligation.due_date
    return today - dt.timedelta(days=today.weekday())


def due_obligations(*, today: dt.date) -> list[tuple[Obligation, str]]:
    """Every obligation that needs a reminder today, with its kind (two queries)."""
    days_by_district = dict(
        DocumentSettings.objects.values_list("district_id", "reminder_days").order_by()
    )
    rows = (
        Obligation.objects.filter(
            status__in=LATE_STATUSES,
            due_date__lte=today + dt.timedelta(days=MAX_REMINDER_DAYS),
        )
        .select_related("document_type", "village")
        .order_by("due_date", "village_id", "pk")
    )
    wanted = []
    for obligation in rows:
        if obligation.due_date < today:
            wanted.append((obligation, LATE))
            continue
        days = days_by_district.get(obligation.district_id, DEFAULT_REMINDER_DAYS)
        if (obligation.due_date - today).days <= days and days > 0:
            wanted.append((obligation, SOON))
    return wanted


def operators_by_village(codes: list[str]) -> dict[str, list[tuple[int, str]]]:
    """(user id, e-mail) of the active operators of each desa who have an address (one query)."""
    found: dict[str, list[tuple[int, str]]] = defaultdict(list)
    rows = (
        User.objects.filter(
            role=Role.VILLAGE_OPERATOR, is_active=True, villages__in=codes, email__gt=""
        )
        .values_list("pk", "email", "villages")
        .order_by("pk")
    )
    for pk, email, village in rows:
        found[village].append((pk, email))
    return found


def _line(obligation: Obligation, kind: str, base_url: str) -> str:
    path = obligation.get_absolute_url()
    return gettext(LINE_SOON if kind == SOON else LINE_LATE) % {
        "document": obligation.document_type.name,
        "period": obligation.period_key,
        "date": format_date_id(obligation.due_date),
        "url": f"{base_url.rstrip('/')}{path}" if base_url else public_url(None, path),
    }


def message_for(
    village_name: str, items: list[tuple[Obligation, str, dt.date]], base_url: str
) -> tuple[str, str]:
    """The subject and body of one operator's reminder: late documents first, then soon."""
    late = [_line(o, k, base_url) for o, k, _b in items if k == LATE]
    soon = [_line(o, k, base_url) for o, k, _b in items if k == SOON]
    body = gettext(GREETING) % {"desa": village_name}
    if late:
        body += gettext(HEAD_LATE) + "".join(late) + "\n"
    if soon:
        body += gettext(HEAD_SOON) + "".join(soon)
    body += gettext(CLOSING)
    return gettext(SUBJECT) % {"desa": village_name}, body


def _record_and_send(
    user_id: int, email: str, items: list[tuple[Obligation, str, dt.date]], base_url: str
) -> str:
    """Record one person's reminders and send their e-mail in one transaction: "sent", "done"
    (another run recorded them meanwhile) or "failed" (logged; rolled back, retried next run)."""
    village_name = items[0][0].village.name
    subject, body = message_for(village_name, items, base_url)
    try:
        with transaction.atomic():
            SentDocumentReminder.objects.bulk_create(
                [
                    SentDocumentReminder(
                        obligation=obligation, kind=kind, user_id=user_id, bucket=bucket
                    )
                    for obligation, kind, bucket in items
                ]
            )
            send_mail(subject, body, None, [email])
    except IntegrityError:
        return "done"
    except (OSError, ValueError):
        # SMTP errors and timeouts are OSErrors: logged, counted, retried by the next run.
        logger.exception("Pengingat dokumen desa ke pengguna %s gagal dikirim", user_id)
        return "failed"
    return "sent"


def send_reminders(*, today: dt.date, base_url: str = "") -> ReminderResult:
    """Send every reminder not sent before (see the module's docstring).

    Queries: the settings, the obligations, the records already sent and the operators, whatever
    the number of obligations; then one insert per e-mail sent.
    """
    wanted = [(o, kind, bucket_for(kind, o, today)) for o, kind in due_obligations(today=today)]
    done = set(
        SentDocumentReminder.objects.filter(obligation_id__in=[o.pk for o, _k, _b in wanted])
        .values_list("obligation_id", "kind", "user_id", "bucket")
        .order_by()
    )
    operators = operators_by_village(sorted({o.village_id for o, _k, _b in wanted}))
    per_person: dict[tuple[int, str, str], list[tuple[Obligation, str, dt.date]]] = defaultdict(
        list
    )
    skipped = 0
    for obligation, kind, bucket in wanted:
        people = operators.get(obligation.village_id, [])
        if not people:
            skipped += 1
            continue
        for user_id, email in people:
            if (obligation.pk, kind, user_id, bucket) not in done:
                per_person[(user_id, email, obligation.village_id)].append(
                    (obligation, kind, bucket)
                )
    sent = recorded = failed = 0
    for (user_id, email, _village), items in per_person.items():
        outcome = _record_and_send(user_id, email, items, base_url)
        if outcome == "sent":
            sent += 1
            recorded += len(items)
        failed += outcome == "failed"
    return ReminderResult(
        sent=sent, reminders=recorded, skipped_no_recipient=skipped, failed=failed
    )
