"""Village documents: obligations made, documents received, accepted or returned (docs/adr/0090).

Every write checks scope, validates, and writes its audit entry in the same transaction. The
receipt time of a submission is the moment it is recorded; no form or API field sets it.
"""

import datetime as dt
from collections.abc import Mapping
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from sitrantib.core.audit import record_change, save_changes, save_new
from sitrantib.core.enums import AuditAction
from sitrantib.core.scoping import scope_of
from sitrantib.core.uploads import UploadKind, check_upload, client_file_name
from sitrantib.regions.models import District, Village
from sitrantib.villagedocs import access
from sitrantib.villagedocs.deadlines import due_after_event, due_date, periods_of
from sitrantib.villagedocs.enums import (
    Channel,
    Frequency,
    ObligationStatus,
    OnTimeBasis,
    Verdict,
)
from sitrantib.villagedocs.models import DocumentSettings, DocumentType, Obligation, Submission

MESSAGE_NOT_ALLOWED = gettext_noop("Anda tidak berwenang melakukan ini untuk desa ini.")
MESSAGE_NOT_MANAGER = gettext_noop(
    "Hanya Admin Seksi Trantib kecamatan ini yang dapat melakukan ini."
)
MESSAGE_FILE_REQUIRED = gettext_noop("Unggah berkas dokumennya (PDF atau foto).")
MESSAGE_WAIVED = gettext_noop("Kewajiban ini tidak berlaku pada periode ini.")
MESSAGE_ALREADY_ACCEPTED = gettext_noop("Dokumen ini sudah diterima lengkap.")
MESSAGE_NOTHING_PENDING = gettext_noop("Tidak ada kiriman yang menunggu pemeriksaan.")
MESSAGE_REASON_REQUIRED = gettext_noop("Tulis alasan agar desa dapat memperbaikinya.")
MESSAGE_EVENT_ONLY = gettext_noop("Kewajiban ini dibuat otomatis dari aturan jenis dokumennya.")
MESSAGE_EVENT_DATE = gettext_noop("Tanggal peristiwa wajib diisi untuk dokumen ini.")
MESSAGE_TYPE_OTHER = gettext_noop("Jenis dokumen ini bukan milik kecamatan ini.")


def _require(allowed: bool, message: str = MESSAGE_NOT_ALLOWED) -> None:
    if not allowed:
        raise PermissionDenied(gettext(message))


def settings_for(district_code: str) -> DocumentSettings:
    found = DocumentSettings.objects.filter(district_id=district_code).first()
    return found or DocumentSettings(district_id=district_code)


@transaction.atomic
def update_settings(
    *, district: District, data: Mapping[str, Any], actor: Any, expected_version: int | None = None
) -> DocumentSettings:
    _require(access.can_manage(scope_of(actor), district.code), MESSAGE_NOT_MANAGER)
    try:
        with transaction.atomic():
            row, _created = DocumentSettings.objects.get_or_create(district=district)
    except IntegrityError:
        row = DocumentSettings.objects.get(district=district)
    save_changes(
        row,
        {k: data[k] for k in ("on_time_basis", "reminder_days") if k in data},
        actor=actor,
        expected_version=expected_version,
    )
    # The basis decides every obligation's "on time": recompute them.
    for obligation in Obligation.objects.filter(district=district).exclude(
        status=ObligationStatus.OPEN
    ):
        refresh_obligation(obligation, basis=row.on_time_basis)
    return row


def types_for(district_code: str) -> list[DocumentType]:
    """The active document types of a kecamatan: its own, and the defaults it has no own type
    with the same code for."""
    rows = list(
        DocumentType.objects.filter(is_active=True).filter(district_id__in=[district_code])
    ) + list(DocumentType.objects.filter(is_active=True, district__isnull=True))
    chosen: dict[str, DocumentType] = {}
    for row in rows:
        if row.code not in chosen:
            chosen[row.code] = row
    return sorted(chosen.values(), key=lambda t: (t.order, t.name, t.pk))


@transaction.atomic
def generate_obligations(*, district: District, year: int, actor: Any) -> int:
    """Create the year's obligations of every desa for every rule-driven type (idempotent: those
    already made stay as they are); returns how many were made. One audit entry for the batch."""
    _require(access.can_manage(scope_of(actor), district.code), MESSAGE_NOT_MANAGER)
    villages = list(Village.objects.filter(district=district).values_list("code", flat=True))
    wanted = [
        (t, key, number, village)
        for t in types_for(district.code)
        if t.frequency != Frequency.EVENT
        for key, number in periods_of(t, year)
        for village in villages
    ]
    existing = set(
        Obligation.objects.filter(
            district=district, document_type__in=[w[0] for w in wanted]
        ).values_list("document_type_id", "village_id", "period_key")
    )
    rows = [
        Obligation(
            document_type=t,
            district=district,
            village_id=village,
            period_key=key,
            year=year,
            due_date=due_date(t, year, number),
            created_by=actor if getattr(actor, "pk", None) else None,
            updated_by=actor if getattr(actor, "pk", None) else None,
        )
        for t, key, number, village in wanted
        if (t.pk, village, key) not in existing
    ]
    Obligation.objects.bulk_create(rows, ignore_conflicts=True)
    if rows:
        record_change(
            actor=actor,
            action=AuditAction.CREATE,
            object_type=Obligation._meta.label_lower,
            object_repr=gettext("Kewajiban dokumen tahun %(year)d") % {"year": year},
            district_code=district.code,
            after={"year": year, "created": len(rows)},
        )
    return len(rows)


@transaction.atomic
def create_event_obligation(
    *,
    village: Village,
    document_type: DocumentType,
    event_date: dt.date,
    actor: Any,
    note: str = "",
) -> Obligation:
    """An obligation that follows an event (RPJMDes after an inauguration, a draft APBDes after
    the BPD's agreement): its deadline counts from `event_date`."""
    _require(access.can_manage(scope_of(actor), village.district_id), MESSAGE_NOT_MANAGER)
    if document_type.frequency != Frequency.EVENT:
        raise ValidationError({"document_type": gettext(MESSAGE_EVENT_ONLY)})
    if document_type.district_id not in (None, village.district_id):
        raise ValidationError({"document_type": gettext(MESSAGE_TYPE_OTHER)})
    if event_date is None:
        raise ValidationError({"event_date": gettext(MESSAGE_EVENT_DATE)})
    obligation = Obligation(
        document_type=document_type,
        district_id=village.district_id,
        village=village,
        period_key=f"{event_date:%Y}-E{event_date:%m%d}",
        year=event_date.year,
        event_date=event_date,
        due_date=due_after_event(document_type, event_date),
        note=note,
    )
    return save_new(obligation, actor=actor)


def _counted_receipt(obligation: Obligation, basis: str) -> dt.datetime | None:
    submissions = list(obligation.submissions.order_by("received_at", "pk"))
    if not submissions:
        return None
    if basis == OnTimeBasis.FIRST:
        return submissions[0].received_at
    accepted = [s for s in submissions if s.verdict == Verdict.ACCEPTED]
    return accepted[-1].received_at if accepted else None


def refresh_obligation(obligation: Obligation, *, basis: str | None = None) -> Obligation:
    """Recompute an obligation's status, counted receipt and on-time flag from its submissions."""
    basis = basis or settings_for(obligation.district_id).on_time_basis
    submissions = list(obligation.submissions.order_by("received_at", "pk"))
    if obligation.status == ObligationStatus.WAIVED:
        status = ObligationStatus.WAIVED
    elif any(s.verdict == Verdict.ACCEPTED for s in submissions):
        status = ObligationStatus.ACCEPTED
    elif submissions and submissions[-1].verdict == Verdict.PENDING:
        status = ObligationStatus.SUBMITTED
    elif submissions:
        status = ObligationStatus.RETURNED
    else:
        status = ObligationStatus.OPEN
    counted = _counted_receipt(obligation, basis) if status != ObligationStatus.WAIVED else None
    on_time = None
    if counted is not None:
        on_time = timezone.localtime(counted).date() <= obligation.due_date
    Obligation.objects.filter(pk=obligation.pk).update(
        status=status, counted_received_at=counted, on_time=on_time
    )
    obligation.status, obligation.counted_received_at, obligation.on_time = status, counted, on_time
    return obligation


@transaction.atomic
def submit_document(
    *,
    obligation: Obligation,
    actor: Any,
    file: IO[bytes] | None = None,
    note: str = "",
    stamp: bool = False,
) -> Submission:
    """Record a document received: uploaded by the desa (a PDF or photo), or — `stamp` — a paper
    document stamped as received by the kecamatan staff (file optional). The receipt time is now."""
    scope = scope_of(actor)
    locked = Obligation.objects.select_for_update().get(pk=obligation.pk)
    if stamp:
        _require(access.can_receive(scope, locked.district_id))
    else:
        _require(access.can_upload(scope, locked.village_id))
    if locked.status == ObligationStatus.WAIVED:
        raise ValidationError(gettext(MESSAGE_WAIVED))
    if locked.status == ObligationStatus.ACCEPTED:
        raise ValidationError(gettext(MESSAGE_ALREADY_ACCEPTED))
    if file is None and not stamp:
        raise ValidationError({"file": gettext(MESSAGE_FILE_REQUIRED)})
    submission = Submission(
        obligation=locked,
        channel=Channel.STAMP if stamp else Channel.UPLOAD,
        received_by=actor if getattr(actor, "pk", None) else None,
        note=note,
    )
    if file is not None:
        checked = check_upload(file, kind=UploadKind.SCAN)
        submission.original_name = client_file_name(getattr(file, "name", "") or "dokumen")
        submission.size = checked.size
        submission.file.save(f"dokumen{checked.suffix}", file, save=False)
    submission.full_clean(exclude=["file"])
    submission.save()
    record_change(
        actor=actor,
        action=AuditAction.CREATE,
        instance=submission,
        after={"obligation": locked.pk, "channel": submission.channel, "size": submission.size},
    )
    refresh_obligation(locked)
    obligation.status = locked.status
    return submission


@transaction.atomic
def judge_submission(
    *, submission: Submission, accept: bool, actor: Any, reason: str = ""
) -> Submission:
    """Accept a waiting submission, or return it to the desa with a reason."""
    locked = (
        Submission.objects.select_for_update().select_related("obligation").get(pk=submission.pk)
    )
    _require(access.can_receive(scope_of(actor), locked.obligation.district_id))
    if locked.verdict != Verdict.PENDING:
        raise ValidationError(gettext(MESSAGE_NOTHING_PENDING))
    if not accept and not reason.strip():
        raise ValidationError({"reason": gettext(MESSAGE_REASON_REQUIRED)})
    save_changes(
        locked,
        {
            "verdict": Verdict.ACCEPTED if accept else Verdict.RETURNED,
            "verdict_reason": "" if accept else reason.strip(),
            "verdict_at": timezone.now(),
            "verdict_by": actor,
        },
        actor=actor,
        action=AuditAction.TRANSITION,
        note=reason.strip(),
        lock=False,
    )
    refresh_obligation(locked.obligation)
    submission.verdict = locked.verdict
    return locked


@transaction.atomic
def waive_obligation(*, obligation: Obligation, reason: str, actor: Any) -> Obligation:
    """Mark a desa not obliged in this period (left out of the on-time share, not late)."""
    _require(access.can_manage(scope_of(actor), obligation.district_id), MESSAGE_NOT_MANAGER)
    if not reason.strip():
        raise ValidationError({"reason": gettext(MESSAGE_REASON_REQUIRED)})
    save_changes(
        obligation,
        {
            "status": ObligationStatus.WAIVED,
            "note": reason.strip(),
            "counted_received_at": None,
            "on_time": None,
        },
        actor=actor,
        action=AuditAction.TRANSITION,
        note=reason.strip(),
    )
    return obligation
