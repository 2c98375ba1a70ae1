"""Citizen reports (pengaduan): submitted on the public form, verified into an incident or
rejected with a reason by the section; the reporter follows the status by its code
(docs/adr/0082)."""

import datetime as dt
import secrets
import uuid
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from sitrantib.core.audit import record_change, save_changes, save_new
from sitrantib.core.enums import AuditAction
from sitrantib.fieldwork.enums import CitizenReportStatus, IncidentSource, IncidentStatus
from sitrantib.fieldwork.models import (
    CitizenReport,
    FieldPhoto,
    Incident,
    IncidentCategory,
    IncidentTransition,
)
from sitrantib.fieldwork.services.common import require_manager
from sitrantib.fieldwork.services.photos import store_photo
from sitrantib.fieldwork.services.visits import CLOCK_SKEW, is_duplicate
from sitrantib.regions.models import Village

# Letters and digits that cannot be mistaken for each other when read aloud or copied by hand.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10

MESSAGE_FUTURE = gettext_noop("Waktu kejadian tidak boleh di masa depan.")
MESSAGE_TOO_OLD = gettext_noop("Laporan hanya untuk kejadian 90 hari terakhir.")
MESSAGE_CATEGORY_INACTIVE = gettext_noop("Pilih kategori yang tersedia.")
MESSAGE_ALREADY_MODERATED = gettext_noop("Laporan ini sudah diperiksa (%(status)s).")
MESSAGE_REASON_REQUIRED = gettext_noop("Tulis alasan penolakan; pelapor akan membacanya.")
MESSAGE_PHONE = gettext_noop("Nomor HP hanya berisi angka, boleh diawali +, 8-15 digit.")

OLDEST = dt.timedelta(days=90)


@dataclass
class ReportInput:
    village: Village
    category: IncidentCategory
    place: str
    occurred_at: dt.datetime
    description: str
    contact_name: str = ""
    contact_phone: str = ""


def new_tracking_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str:
    """What a reporter typed, as a code: upper case, without spaces or dashes."""
    return "".join(ch for ch in (text or "").upper() if ch.isalnum())[:CODE_LENGTH]


def _check(data: ReportInput) -> None:
    errors: dict[str, str] = {}
    now = timezone.now()
    if data.occurred_at > now + CLOCK_SKEW:
        errors["occurred_at"] = gettext(MESSAGE_FUTURE)
    elif data.occurred_at < now - OLDEST:
        errors["occurred_at"] = gettext(MESSAGE_TOO_OLD)
    if not data.category.is_active:
        errors["category"] = gettext(MESSAGE_CATEGORY_INACTIVE)
    phone = data.contact_phone.replace(" ", "").replace("-", "")
    digits = phone[1:] if phone.startswith("+") else phone
    if phone and not (digits.isdigit() and 8 <= len(digits) <= 15):
        errors["contact_phone"] = gettext(MESSAGE_PHONE)
    if errors:
        raise ValidationError(errors)


def first_report(client_id: uuid.UUID) -> CitizenReport | None:
    """The report a client id already made, if any."""
    return CitizenReport.objects.filter(client_id=client_id).first()


def submit_report(
    *,
    data: ReportInput,
    client_id: uuid.UUID,
    photo: IO[bytes] | None = None,
    keep_location: bool = False,
) -> tuple[CitizenReport, bool]:
    """Store a citizen report once per client id; returns (report, created). A resend (the
    same client id: a double tap, a reload, a flaky network) returns the first report."""
    found = first_report(client_id)
    if found is not None:
        return found, False
    _check(data)
    phone = data.contact_phone.replace(" ", "").replace("-", "")
    try:
        with transaction.atomic():
            report = CitizenReport(
                client_id=client_id,
                tracking_code=new_tracking_code(),
                district_id=data.village.district_id,
                village=data.village,
                category=data.category,
                place=data.place,
                occurred_at=data.occurred_at,
                description=data.description,
                contact_name=data.contact_name,
                contact_phone=phone,
            )
            save_new(report, actor=None, note=gettext_noop("Pengaduan warga dari formulir publik"))
            if photo is not None:
                store_photo(owner=report, file=photo, keep_location=keep_location)
    except (IntegrityError, ValidationError) as exc:
        # A resend that arrived together with the first: the unique constraint (or the model's
        # own unique check, which saw the first once committed) decides (docs/adr/0081).
        found = first_report(client_id) if is_duplicate(exc) else None
        if found is None:
            raise  # or a tracking code drawn twice (1 in 10^15): the reporter sends again
        return found, False
    return report, True


def _require_waiting(report: CitizenReport) -> CitizenReport:
    locked = CitizenReport.objects.select_for_update().get(pk=report.pk)
    if locked.status != CitizenReportStatus.RECEIVED:
        raise ValidationError(
            gettext(MESSAGE_ALREADY_MODERATED)
            % {"status": CitizenReportStatus(locked.status).label}
        )
    return locked


@transaction.atomic
def verify_report(
    *,
    report: CitizenReport,
    actor: Any,
    category: IncidentCategory | None = None,
    note: str = "",
) -> Incident:
    """Turn a citizen report into a verified incident (its photos move with it)."""
    require_manager(actor, report.district_id)
    locked = _require_waiting(report)
    chosen = category or locked.category
    incident = Incident(
        district_id=locked.district_id,
        village=locked.village,
        place=locked.place,
        category=chosen,
        occurred_at=locked.occurred_at,
        description=locked.description,
        source=IncidentSource.CITIZEN,
        is_serious=chosen.is_serious,
        status=IncidentStatus.VERIFIED,
        status_note=note,
    )
    save_new(
        incident,
        actor=actor,
        note=gettext_noop("Dari pengaduan warga %(code)s") % {"code": locked.tracking_code},
    )
    IncidentTransition.objects.create(
        incident=incident,
        from_status=IncidentStatus.REPORTED,
        to_status=IncidentStatus.VERIFIED,
        note=note,
        actor=actor if getattr(actor, "pk", None) else None,
    )
    FieldPhoto.objects.filter(citizen_report=locked).update(citizen_report=None, incident=incident)
    save_changes(
        locked,
        {
            "status": CitizenReportStatus.VERIFIED,
            "incident": incident,
            "moderated_by": actor,
            "moderated_at": timezone.now(),
        },
        actor=actor,
        action=AuditAction.TRANSITION,
        lock=False,
    )
    report.status, report.incident = locked.status, incident
    return incident


@transaction.atomic
def reject_report(*, report: CitizenReport, reason: str, actor: Any) -> CitizenReport:
    """Reject a citizen report with a reason the reporter reads when following its code."""
    require_manager(actor, report.district_id)
    locked = _require_waiting(report)
    if not reason.strip():
        raise ValidationError({"reason": gettext(MESSAGE_REASON_REQUIRED)})
    save_changes(
        locked,
        {
            "status": CitizenReportStatus.REJECTED,
            "reason": reason.strip(),
            "moderated_by": actor,
            "moderated_at": timezone.now(),
        },
        actor=actor,
        action=AuditAction.TRANSITION,
        note=reason.strip(),
        lock=False,
    )
    report.status, report.reason = locked.status, locked.reason
    return locked


# Retention --------------------------------------------------------------------------------------

# UNVERIFIED default (docs/adr/0082): the reporter's contact is kept this long after moderation.
DEFAULT_CONTACT_DAYS = 90


def contact_days() -> int:
    return int(getattr(settings, "SITRANTIB_CITIZEN_REPORT_CONTACT_DAYS", DEFAULT_CONTACT_DAYS))


@transaction.atomic
def forget_old_contacts(*, now: dt.datetime | None = None, days: int | None = None) -> int:
    """Erase the reporter's name and number from reports moderated more than `days` ago (one
    UPDATE, one audit entry per kecamatan with the count, never the contacts themselves);
    returns how many reports lost their contact. Idempotent: a rerun finds nothing left."""
    moment = now or timezone.now()
    cutoff = moment - dt.timedelta(days=contact_days() if days is None else days)
    old = CitizenReport.objects.filter(moderated_at__lt=cutoff).exclude(
        contact_name="", contact_phone=""
    )
    per_district = dict(
        old.values_list("district_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("district_id", "n")
    )
    erased = old.update(contact_name="", contact_phone="")
    for district_code, count in sorted(per_district.items()):
        record_change(
            actor=None,
            action=AuditAction.UPDATE,
            object_type=CitizenReport._meta.label_lower,
            object_repr=gettext_noop("Kontak pelapor dihapus (masa simpan habis)"),
            district_code=district_code,
            after={"contacts_erased": count, "moderated_before": cutoff.isoformat()},
        )
    return erased
