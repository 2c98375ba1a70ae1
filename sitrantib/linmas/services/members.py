"""Members: register, change, move their status (MEMBER_WORKFLOW), their photo, the date they
last trained, and the audit entry of a register download.
"""

import datetime as dt
import json
import secrets
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sitrantib.accounts.models import User
from sitrantib.core.audit import record_change, save_changes, save_new
from sitrantib.core.enums import AuditAction
from sitrantib.core.formatting import format_date_id
from sitrantib.core.scoping import scope_of
from sitrantib.core.uploads import UploadKind, check_upload, prepare_photo
from sitrantib.core.workflow import (
    MESSAGE_DATE_BEFORE_PREVIOUS,
    MESSAGE_DATE_FUTURE,
    MESSAGE_MOVE_NOT_ALLOWED,
    MESSAGE_NOTE_REQUIRED,
    Attempt,
    Move,
    Workflow,
    apply_transition,
)
from sitrantib.linmas.enums import MemberStatus
from sitrantib.linmas.models import Member
from sitrantib.linmas.nik import normalise_nik
from sitrantib.linmas.rules import member_errors, normalise_card_number
from sitrantib.linmas.selectors import refresh_readiness
from sitrantib.linmas.services.cards import card_issue_errors, issue_card_number
from sitrantib.linmas.services.common import (
    members_changed,
    raise_errors,
    refuse_anonymised,
    require_village,
)
from sitrantib.regions.models import Village

# The shared workflow messages (core/workflow.py), named as the register's tests know them.
MESSAGE_TRANSITION_NOT_ALLOWED = MESSAGE_MOVE_NOT_ALLOWED
MESSAGE_REASON_REQUIRED = MESSAGE_NOTE_REQUIRED
MESSAGE_STATUS_DATE_FUTURE = MESSAGE_DATE_FUTURE
MESSAGE_STATUS_DATE_BEFORE_PREVIOUS = MESSAGE_DATE_BEFORE_PREVIOUS
MESSAGE_STATUS_DATE_BEFORE_BIRTH = gettext_noop(
    "Tanggal perubahan status tidak boleh sebelum tanggal lahir anggota (%(date)s)."
)

# Fields a form, the API or an import may set on a member (village and status have their own paths).
MEMBER_FIELDS = (
    "nik", "name", "sex", "birth_place", "birth_date", "hamlet", "address", "rt", "rw",
    "resides_in_village", "phone", "education", "marital_status", "occupation", "position",
    "squad", "decree_number", "decree_date", "card_number", "card_valid_until", "photo",
)  # fmt: skip
_NULLABLE = frozenset({"hamlet", "squad", "birth_date", "decree_date", "card_valid_until"})
# A member's photo is stored at most this many pixels on its longer side (a card needs ~600).
PHOTO_MAX_SIDE = 1200
# The note/date form and API keys of a status move.
REASON_KEY = "reason"
DATE_KEY = "on_date"


def _not_before_birth(member: Member, attempt: Attempt) -> str | None:
    """The move's date may not precede the member's birth (shown under the date field)."""
    if attempt.on_date is not None and member.birth_date and attempt.on_date < member.birth_date:
        message = _(MESSAGE_STATUS_DATE_BEFORE_BIRTH) % {"date": format_date_id(member.birth_date)}
        raise ValidationError({DATE_KEY: [message]})
    return None


def _move(source: str, target: str) -> Move:
    # Every move needs a written reason, reactivation included (ADR 0010): the register says why.
    return Move(source, target, needs_note=True, check=_not_before_birth)


# The member status table: who may move is checked by the service (writers of the desa).
MEMBER_WORKFLOW = Workflow(
    labels=MemberStatus,
    moves=(
        _move(MemberStatus.AKTIF, MemberStatus.NONAKTIF),
        _move(MemberStatus.AKTIF, MemberStatus.BERHENTI),
        _move(MemberStatus.AKTIF, MemberStatus.MENINGGAL),
        _move(MemberStatus.NONAKTIF, MemberStatus.AKTIF),
        _move(MemberStatus.NONAKTIF, MemberStatus.BERHENTI),
        _move(MemberStatus.NONAKTIF, MemberStatus.MENINGGAL),
        _move(MemberStatus.BERHENTI, MemberStatus.AKTIF),
    ),
    note_field="status_reason",
    date_field="status_date",
    note_key=REASON_KEY,
    date_key=DATE_KEY,
)


# The audit action of a download (as core.exporting audits the register XLSX).
AUDIT_EXPORT = AuditAction.EXPORT


def record_export(*, actor: User, filename: str, filters: Mapping[str, Any]) -> None:
    """One audit entry for a download with personal data (issue 15 A9): who, which file, with
    which filter; the time is the entry's. Shown to the kecamatan of a single-kecamatan viewer."""
    scope = scope_of(actor)
    codes = sorted(scope.district_codes)
    village = str(filters.get("village") or filters.get("desa") or "")
    district = village[:8] if village else (codes[0] if len(codes) == 1 else "")
    record_change(
        actor=actor,
        action=AUDIT_EXPORT,
        object_type=Member._meta.label_lower,
        object_repr=filename,
        district_code=district,
        # The filter as JSON, as core.exporting notes the register XLSX's downloads, without the
        # searched name or NIK (`q`): the audit log holds no personal data.
        note=json.dumps(
            {k: v for k, v in filters.items() if v and k != "q"}, ensure_ascii=False, sort_keys=True
        )[:500],
    )


def new_verification_code() -> str:
    """A random, unguessable code for the card's QR link (never the NIK or the id)."""
    return secrets.token_urlsafe(12)


def _photo(value: Any) -> Any:
    """An uploaded photo checked by content, upright, resized and without its metadata."""
    if not isinstance(value, File):
        return value
    try:
        check_upload(value, kind=UploadKind.PHOTO)
        return prepare_photo(value, max_side=PHOTO_MAX_SIDE)
    except ValidationError as exc:
        raise ValidationError({"photo": exc.messages}) from exc


def member_values(data: Mapping[str, Any]) -> dict[str, Any]:
    """The model values of the member fields in `data`, as `create_member` would set them."""
    return _member_changes(data)


def _member_changes(data: Mapping[str, Any]) -> dict[str, Any]:
    """The model values of the member fields present in `data` (NIK normalised, photo prepared).

    A photo of False (the form's "hapus" box) removes it; an empty one keeps the current photo.
    """
    changes: dict[str, Any] = {}
    for name in MEMBER_FIELDS:
        if name not in data:
            continue
        value = data[name]
        if name == "nik":
            value = normalise_nik(value)
        elif name == "card_number":
            value = normalise_card_number(value)
        elif name == "photo":
            if value is False:
                value = ""
            elif not value or isinstance(value, FieldFile):  # nothing new uploaded
                continue
            else:
                value = _photo(value)
        elif value is None and name not in _NULLABLE:
            value = ""
        changes[name] = value
    return changes


@transaction.atomic
def create_member(
    *,
    village: Village,
    data: Mapping[str, Any],
    actor: User,
    action: str = AuditAction.CREATE,
    issue_card: bool = False,
) -> Member:
    """Register a new member in `village` (audited as `action`); with `issue_card` its KTA
    number is issued in the same transaction (`issue_card_number`).

    Refuses (PermissionDenied) an actor who may not write in the desa, and (ValidationError by
    field) what `rules.member_errors` refuses: a NIK that is malformed, registered elsewhere or
    contradicting sex/birth date, a squad or dusun of another desa, future dates, a KTA number
    typed by hand that another member holds, ...
    """
    require_village(actor, village.code)
    errors = member_errors(data, village=village, today=timezone.localdate(), issue_card=issue_card)
    if issue_card:
        card_issue_errors(data, errors)
    raise_errors(errors)
    member = Member(
        village=village,
        verification_code=new_verification_code(),
        created_by=actor,
        updated_by=actor,
    )
    for name, value in _member_changes(data).items():
        setattr(member, name, value)
    save_new(member, actor=actor, action=action)
    if issue_card:
        member = issue_card_number(member=member, actor=actor)
    members_changed(village_codes=[village.code])
    return member


@transaction.atomic
def update_member(
    *,
    member: Member,
    data: Mapping[str, Any],
    actor: User,
    action: str = AuditAction.UPDATE,
    expected_version: int | None = None,
    issue_card: bool = False,
) -> tuple[Member, bool]:
    """Change a member's data; returns (member, changed). An unchanged member is not saved.
    With `issue_card` the KTA number is issued in the same transaction (`issue_card_number`).

    Refuses what `create_member` refuses, a changed NIK, a changed KTA number SITRANTIB issued,
    and (StaleVersion) a save against a version older than the current one. A replaced or
    removed photo file is deleted on commit.
    """
    require_village(actor, member.village_id)
    current = Member.objects.select_for_update().get(pk=member.pk)
    refuse_anonymised(current)
    merged = {name: getattr(current, name) for name in MEMBER_FIELDS} | dict(data)
    errors = member_errors(
        merged,
        village=current.village,
        instance=current,
        today=timezone.localdate(),
        issue_card=issue_card,
    )
    if issue_card:
        card_issue_errors(merged, errors, current=current)
    raise_errors(errors)
    old_photo = current.photo.name or ""
    changed = save_changes(
        current,
        _member_changes(data),
        actor=actor,
        expected_version=expected_version,
        action=action,
        lock=False,
    )
    if issue_card:
        issue_card_number(member=current, actor=actor, lock=False)
        changed = True
    if changed:
        members_changed(village_codes=[current.village_id])
    if changed and old_photo and current.photo.name != old_photo:
        storage = current.photo.storage
        transaction.on_commit(lambda: storage.delete(old_photo))
    return current, changed


@transaction.atomic
def transition_member(
    *,
    member: Member,
    status: str,
    reason: str,
    actor: User,
    on_date: dt.date | None = None,
    expected_version: int | None = None,
) -> Member:
    """Move a member's status along MEMBER_WORKFLOW, storing the reason and date of the move.

    Refuses (PermissionDenied) an actor who may not write in the desa; (ValidationError) a move
    not in the table, an empty reason, a date after today, before the member's birth or before the
    current status date; (StaleVersion) a move made on an older version.
    """
    require_village(actor, member.village_id)
    refuse_anonymised(member)
    moved = apply_transition(
        workflow=MEMBER_WORKFLOW,
        instance=member,
        target=status,
        actor=actor,
        note=reason,
        on_date=on_date,
        expected_version=expected_version,
    )
    members_changed(village_codes=[member.village_id])
    return moved


def record_trained(dates: Mapping[int, dt.date | None]) -> None:
    """Store when these members last completed a training (member id -> end date, None: never)
    and recount the readiness of their desa. Called by the trainings module whenever completion
    or a training's status changes; two queries plus the readiness refresh, whatever the count."""
    if not dates:
        return
    members = list(Member.objects.filter(pk__in=list(dates)).only("pk", "village_id", "trained_on"))
    changed = [m for m in members if m.trained_on != dates[m.pk]]
    for member in changed:
        member.trained_on = dates[member.pk]
    if changed:
        Member.objects.bulk_update(changed, ["trained_on"], batch_size=1000)
        refresh_readiness(village_codes=sorted({m.village_id for m in changed}))
