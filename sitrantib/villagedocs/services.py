"""Village documents: obligations made, documents received, accepted or returned (docs/adr/0090).

Every write checks scope, validates, and writes its audit entry in the same transaction. The
receipt time of a submission is the moment it is recorded; no form or API field sets it.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from sitrantib.core.audit import record_change, save_changes, save_new
from sitrantib.core.enums import AuditAction
from sitrantib.core.scoping import scope_of
from sitrantib.core.uploads import UploadKind, check_upload, client_file_name
from sitrantib.regions.enums import VillageKind
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
MESSAGE_TYPE_DEFAULT = gettext_noop(
    "Jenis dokumen bawaan berlaku untuk semua kecamatan dan tidak dapat diubah di sini; buat "
    "jenis milik kecamatan dengan kode yang sama untuk menggantinya."
)


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
    """Set the kecamatan's on-time basis and reminder days (admin of the kecamatan only). A new
    basis decides every obligation's "on time" again, in one batch (recompute_obligations)."""
    _require(access.can_manage(scope_of(actor), district.code), MESSAGE_NOT_MANAGER)
    try:
        with transaction.atomic():
            row, _created = DocumentSettings.objects.get_or_create(district=district)
    except IntegrityError:
        row = DocumentSettings.objects.get(district=district)
    before = row.on_time_basis
    save_changes(
        row,
        {k: data[k] for k in ("on_time_basis", "reminder_days") if k in data},
        actor=actor,
        expected_version=expected_version,
    )
    if row.on_time_basis != before:
        recompute_obligations(
            Obligation.objects.filter(district=district).exclude(status=ObligationStatus.OPEN),
            basis=row.on_time_basis,
        )
    return row


def types_for(district_code: str) -> list[DocumentType]:
    """The active document types of a kecamatan: its own, and the defaults it has no own type
    with the same code for (an inactive own type switches the default of its code off)."""
    rows = DocumentType.objects.filter(
        Q(district_id=district_code) | Q(district__isnull=True)
    ).order_by(F("district_id").asc(nulls_last=True), "pk")
    chosen: dict[str, DocumentType] = {}
    for row in rows:
        chosen.setdefault(row.code, row)
    return sorted(
        (t for t in chosen.values() if t.is_active), key=lambda t: (t.order, t.name, t.pk)
    )


TYPE_FIELDS = (
    "code",
    "name",
    "basis",
    "frequency",
    "due_month",
    "due_day",
    "year_offset",
    "due_days_after_event",
    "due_months_after_event",
    "semester",
    "counts_for_indicator",
    "order",
    "is_active",
)


@transaction.atomic
def create_document_type(
    *, district: District, data: Mapping[str, Any], actor: Any
) -> DocumentType:
    """A document type of the kecamatan (admin only). Its rule is validated for its frequency;
    a code already used by the kecamatan is refused. A type with the code of a default replaces
    that default for this kecamatan (types_for)."""
    _require(access.can_manage(scope_of(actor), district.code), MESSAGE_NOT_MANAGER)
    row = DocumentType(district=district, **{k: data[k] for k in TYPE_FIELDS if k in data})
    return save_new(row, actor=actor)


@transaction.atomic
def update_document_type(
    *,
    document_type: DocumentType,
    changes: Mapping[str, Any],
    actor: Any,
    expected_version: int | None = None,
) -> DocumentType:
    """Change a kecamatan's own type (admin of that kecamatan); the defaults for every kecamatan
    are not changed here (a kecamatan makes its own type with the same code instead). Deadlines
    of obligations already made stay as they were made."""
    if document_type.district_id is None:
        raise PermissionDenied(gettext(MESSAGE_TYPE_DEFAULT))
    _require(access.can_manage(scope_of(actor), document_type.district_id), MESSAGE_NOT_MANAGER)
    save_changes(
        document_type,
        {k: changes[k] for k in TYPE_FIELDS if k in changes},
        actor=actor,
        expected_version=expected_version,
    )
    return document_type


@transaction.atomic
def generate_obligations(*, district: District, year: int, actor: Any) -> int:
    """Create the year's obligations of every desa for every rule-driven type (idempotent: those
    already made stay as they are); returns how many were made. One audit entry for the batch."""
    _require(access.can_manage(scope_of(actor), district.code), MESSAGE_NOT_MANAGER)
    # Kelurahan keep no village government documents (no APBDes, no Kepala Desa): desa only.
    villages = list(
        Village.objects.filter(district=district)
        .exclude(kind=VillageKind.KELURAHAN)
        .order_by("code")
        .values_list("code", flat=True)
    )
    wanted = [
        (t, key, number, village)
        for t in types_for(district.code)
        if t.frequency != Frequency.EVENT
        for key, number in periods_of(t, year)
        for village in villages
    ]
    existing = set(
        Obligation.objects.filter(
            district=district,
            document_type__in=sorted({w[0].pk for w in wanted}),
            period_key__in=sorted({w[1] for w in wanted}),
        )
        .values_list("document_type_id", "village_id", "period_key")
        .order_by()
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


def decide(
    obligation: Obligation, submissions: list[Submission], basis: str
) -> tuple[str, dt.datetime | None, bool | None]:
    """(status, counted receipt, on time) of an obligation from its submissions in receipt order.

    Status: waived stays waived; accepted once a submission is accepted; submitted while the
    latest one waits for the check; returned when every one was returned; open without any.
    The counted receipt is known once the document is accepted: under the basis "accepted" the
    receipt of the submission accepted, under "first" the receipt of the first submission (a
    returned document sent again keeps its first date). On time: that receipt's date in the
    site's time zone (WIB) is on or before the due date — 23:59 WIB on the due date is on time,
    00:01 the next day is late.
    """
    if obligation.status == ObligationStatus.WAIVED:
        return ObligationStatus.WAIVED, None, None
    accepted = [s for s in submissions if s.verdict == Verdict.ACCEPTED]
    if accepted:
        status = ObligationStatus.ACCEPTED
    elif submissions and submissions[-1].verdict == Verdict.PENDING:
        status = ObligationStatus.SUBMITTED
    elif submissions:
        status = ObligationStatus.RETURNED
    else:
        status = ObligationStatus.OPEN
    if not accepted:
        return status, None, None
    counted = submissions[0].received_at if basis == OnTimeBasis.FIRST else accepted[0].received_at
    return status, counted, local_date(counted) <= obligation.due_date


def local_date(moment: dt.datetime) -> dt.date:
    """The calendar date of a moment in the site's time zone (Asia/Jakarta), whatever zone the
    request activated."""
    return timezone.localtime(moment, timezone.get_default_timezone()).date()


def refresh_obligation(obligation: Obligation, *, basis: str | None = None) -> Obligation:
    """Recompute an obligation's status, counted receipt and on-time flag from its submissions
    (called by every submission and verdict). Two queries: the settings and the submissions."""
    basis = basis or settings_for(obligation.district_id).on_time_basis
    submissions = list(
        Submission.objects.filter(obligation_id=obligation.pk).order_by("received_at", "pk")
    )
    status, counted, on_time = decide(obligation, submissions, basis)
    Obligation.objects.filter(pk=obligation.pk).update(
        status=status, counted_received_at=counted, on_time=on_time
    )
    obligation.status, obligation.counted_received_at, obligation.on_time = status, counted, on_time
    return obligation


def recompute_obligations(obligations: QuerySet[Obligation], *, basis: str) -> int:
    """Decide many obligations again under `basis` in a fixed number of queries (the
    obligations, their submissions, one batched update of those that changed); returns how
    many changed."""
    rows = list(obligations.order_by("pk"))
    by_obligation: dict[int, list[Submission]] = defaultdict(list)
    for submission in Submission.objects.filter(obligation__in=[o.pk for o in rows]).order_by(
        "obligation_id", "received_at", "pk"
    ):
        by_obligation[submission.obligation_id].append(submission)
    changed = []
    for row in rows:
        decided = decide(row, by_obligation[row.pk], basis)
        if decided != (row.status, row.counted_received_at, row.on_time):
            row.status, row.counted_received_at, row.on_time = decided
            changed.append(row)
    Obligation.objects.bulk_update(
        changed, ["status", "counted_received_at", "on_time"], batch_size=500
    )
    return len(changed)


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
        submission.file.save(f"dokumen{checked.suffix}", File(file), save=False)
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
    if accept and locked.obligation.status == ObligationStatus.ACCEPTED:
        raise ValidationError(gettext(MESSAGE_ALREADY_ACCEPTED))
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
