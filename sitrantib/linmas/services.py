"""Writes of the LINMAS register. Web pages, the API, the import and commands call these functions.

Every update goes through `core.audit.save_changes` (validation, version, one audit entry) and
every insert through `save_new`; member status moves through `MEMBER_WORKFLOW` and
`core.workflow.apply_transition`.
"""

import datetime as dt
import json
import secrets
from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sitrantib.accounts.models import User
from sitrantib.core.audit import record_change, save_changes, save_new, snapshot
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
from sitrantib.linmas.models import (
    CardSerial,
    EquipmentIssue,
    EquipmentType,
    Member,
    ReadinessSettings,
    ReadinessTarget,
    Squad,
    VillageEquipment,
    VillageReadiness,
)
from sitrantib.linmas.nik import normalise_nik
from sitrantib.linmas.rules import member_errors, normalise_card_number
from sitrantib.linmas.selectors import FIGURES, can_write, fresh_readiness
from sitrantib.regions.models import District, Village

MESSAGE_NOT_ALLOWED = gettext_noop("Anda tidak berwenang mengubah data LINMAS desa ini.")
# The shared workflow messages (core/workflow.py), named as the register's tests know them.
MESSAGE_TRANSITION_NOT_ALLOWED = MESSAGE_MOVE_NOT_ALLOWED
MESSAGE_REASON_REQUIRED = MESSAGE_NOTE_REQUIRED
MESSAGE_STATUS_DATE_FUTURE = MESSAGE_DATE_FUTURE
MESSAGE_STATUS_DATE_BEFORE_PREVIOUS = MESSAGE_DATE_BEFORE_PREVIOUS
MESSAGE_STATUS_DATE_BEFORE_BIRTH = gettext_noop(
    "Tanggal perubahan status tidak boleh sebelum tanggal lahir anggota (%(date)s)."
)
# KTA numbers issued by SITRANTIB (docs/adr/0106).
MESSAGE_CARD_ALREADY_ISSUED = gettext_noop(
    "Anggota ini sudah mempunyai nomor KTA terbitan SITRANTIB (%(number)s)."
)
MESSAGE_CARD_TYPED_AND_ISSUED = gettext_noop(
    "Kosongkan nomor KTA bila nomornya diterbitkan SITRANTIB, atau jangan centang "
    '"Terbitkan nomor KTA".'
)
MESSAGE_CARD_NEEDS_VALIDITY = gettext_noop("Isi masa berlaku KTA sebelum nomornya diterbitkan.")
MESSAGE_CARD_NOT_ACTIVE = gettext_noop("Nomor KTA hanya diterbitkan untuk anggota yang aktif.")
MESSAGE_CARD_TYPED_OVER_ISSUED = gettext_noop(
    "Anggota ini sudah mempunyai nomor KTA lama; kosongkan dulu nomor itu bila KTA baru "
    "diterbitkan SITRANTIB."
)
# The KTA number's pattern (setting SITRANTIB_LINMAS_CARD_PATTERN): the kecamatan code and the
# year keep numbers of different kecamatan and years apart; {serial} is zero-padded.
DEFAULT_CARD_PATTERN = "{serial}/KTA-LINMAS/{district_code}/{year}"
CARD_TOKENS = ("{serial}", "{district_code}", "{year}")
CARD_SERIAL_DIGITS = 4
MESSAGE_LEADER_OTHER_VILLAGE = gettext_noop("Komandan regu harus anggota desa yang sama.")
MESSAGE_ANONYMISED = gettext_noop(
    "Data pribadi anggota ini telah dianonimkan atas permintaannya; datanya tidak dapat diubah "
    "dan statusnya tidak dapat dipindah lagi."
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


READINESS_FIELDS = (
    *FIGURES, "rt_count", "need", "need_source", "score", "district", "level", "computed_on",
)  # fmt: skip
MESSAGE_RULE_NOT_ALLOWED = gettext_noop(
    "Aturan dan target kesiapan hanya dapat diubah oleh administrator Trantib kecamatan."
)


def refresh_readiness(
    *,
    village_codes: Sequence[str] | None = None,
    district_code: str = "",
    today: dt.date | None = None,
) -> list[VillageReadiness]:
    """Recount and store the readiness of these desa (or of every desa of `district_code`).

    Five counting queries and one upsert, whatever the number of desa; the stored row then equals
    `selectors.fresh_readiness` of `today` (the rule of ADR 0015). Not audited: the figures are
    derived, the changes that move them are.
    """
    today = today or timezone.localdate()
    figures = fresh_readiness(village_codes=village_codes, district_code=district_code, today=today)
    rows = [
        VillageReadiness(village_id=code, district_id=code[:8], computed_on=today, **values)
        for code, values in sorted(figures.items())
    ]
    if rows:
        VillageReadiness.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["village"],
            update_fields=[name for name in READINESS_FIELDS if name != "district"],
        )
    return rows


def _require_office_admin(actor: User, district_code: str) -> None:
    scope = scope_of(actor)
    if not (scope.is_admin and scope.covers_district(district_code)):
        raise PermissionDenied(_(MESSAGE_RULE_NOT_ALLOWED))


@transaction.atomic
def set_readiness_rule(
    *,
    district: District,
    members_per_rt: Any,
    default_target: int | None,
    actor: User,
    expected_version: int | None = None,
) -> ReadinessSettings:
    """Set the readiness rule's parameters of a kecamatan (audited) and recount its desa.

    Refuses (PermissionDenied) anyone but an administrator of the kecamatan, (ValidationError)
    a ratio below 0 or above 100 or a target below 1, and (StaleVersion) an older version.
    """
    _require_office_admin(actor, district.code)
    values = {"members_per_rt": members_per_rt, "default_target": default_target or None}
    current = ReadinessSettings.objects.filter(district=district).first()
    if current is None:
        current = save_new(ReadinessSettings(district=district, **values), actor=actor)
        changed = True
    else:
        changed = save_changes(current, values, actor=actor, expected_version=expected_version)
    if changed:
        refresh_readiness(district_code=district.code)
    return current


@transaction.atomic
def set_readiness_target(
    *, village: Village, members: int | None, note: str = "", actor: User
) -> ReadinessTarget | None:
    """Set (or, with no `members`, remove) a desa's own target of members; audited; recounts it.

    Refuses (PermissionDenied) anyone but an administrator of the desa's kecamatan and
    (ValidationError) a target below 1.
    """
    _require_office_admin(actor, village.district_id)
    current = ReadinessTarget.objects.filter(village=village).first()
    result: ReadinessTarget | None
    if not members:
        if current is not None:
            before = snapshot(current)
            current.delete()
            record_change(
                actor=actor,
                action=AuditAction.DELETE,
                object_type=ReadinessTarget._meta.label_lower,
                object_id=village.code,
                object_repr=str(village),
                district_code=village.district_id,
                before=before,
            )
        result = None
    elif current is None:
        result = save_new(ReadinessTarget(village=village, members=members, note=note), actor=actor)
    else:
        save_changes(current, {"members": members, "note": note}, actor=actor)
        result = current
    refresh_readiness(village_codes=[village.code])
    return result


def members_changed(*, village_codes: Sequence[str]) -> None:
    """A member or the equipment of these desa changed: their stored readiness is recounted."""
    refresh_readiness(village_codes=sorted(set(village_codes)))


def require_village(actor: User, village_code: str) -> None:
    """PermissionDenied unless `actor` may write the register of the desa `village_code`."""
    scope = scope_of(actor)
    if not (can_write(scope) and scope.covers_village(village_code)):
        raise PermissionDenied(_(MESSAGE_NOT_ALLOWED))


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


def _refuse_anonymised(member: Member) -> None:
    """An anonymised member (docs/adr/0016) is a kept record, not a person to edit or recount."""
    if member.is_anonymised:
        raise ValidationError(_(MESSAGE_ANONYMISED))


def _raise_errors(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)


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
        _card_issue_errors(data, errors)
    _raise_errors(errors)
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
    _refuse_anonymised(current)
    merged = {name: getattr(current, name) for name in MEMBER_FIELDS} | dict(data)
    errors = member_errors(
        merged,
        village=current.village,
        instance=current,
        today=timezone.localdate(),
        issue_card=issue_card,
    )
    if issue_card:
        _card_issue_errors(merged, errors, current=current)
    _raise_errors(errors)
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


def card_pattern() -> str:
    """The KTA number pattern of this install (setting SITRANTIB_LINMAS_CARD_PATTERN).

    Only the plain tokens {serial}, {district_code} and {year} are allowed, and all three are
    required: the kecamatan code and the year keep the numbers of the whole install unique.
    """
    pattern = str(getattr(settings, "SITRANTIB_LINMAS_CARD_PATTERN", "") or DEFAULT_CARD_PATTERN)
    rest = pattern
    for token in CARD_TOKENS:
        rest = rest.replace(token, "")
    if any(token not in pattern for token in CARD_TOKENS) or "{" in rest or "}" in rest:
        raise ImproperlyConfigured(
            "SITRANTIB_LINMAS_CARD_PATTERN needs {serial}, {district_code} and {year} and no "
            "other {token}."
        )
    return pattern


def render_card_number(pattern: str, *, serial: int, district_code: str, year: int) -> str:
    """A KTA number from the pattern; the serial zero-padded to CARD_SERIAL_DIGITS digits."""
    return (
        pattern.replace("{serial}", str(serial).zfill(CARD_SERIAL_DIGITS))
        .replace("{district_code}", district_code)
        .replace("{year}", str(year))
    )


def _next_card_serial(district_code: str, year: int) -> int:
    """The next serial of the kecamatan's year, its counter row locked until the transaction
    ends: two issues at once wait for each other, and a rolled-back issue gives the serial back."""
    CardSerial.objects.get_or_create(district_id=district_code, year=year)
    counter = CardSerial.objects.select_for_update().get(district_id=district_code, year=year)
    counter.last_serial += 1
    counter.save(update_fields=["last_serial"])
    return counter.last_serial


def _card_issue_errors(
    data: Mapping[str, Any], errors: dict[str, list[str]], *, current: Member | None = None
) -> None:
    """Add to `errors` why a KTA number cannot be issued with these values."""
    typed = normalise_card_number(data.get("card_number"))
    if current is not None and current.card_number_issued:
        errors.setdefault("card_number", []).append(
            _(MESSAGE_CARD_ALREADY_ISSUED) % {"number": current.card_number}
        )
    elif current is not None and typed and typed == current.card_number:
        errors.setdefault("card_number", []).append(_(MESSAGE_CARD_TYPED_OVER_ISSUED))
    elif typed:
        errors.setdefault("card_number", []).append(_(MESSAGE_CARD_TYPED_AND_ISSUED))
    if not data.get("card_valid_until"):
        errors.setdefault("card_valid_until", []).append(_(MESSAGE_CARD_NEEDS_VALIDITY))
    if current is not None and current.status != MemberStatus.AKTIF:
        errors.setdefault("card_number", []).append(_(MESSAGE_CARD_NOT_ACTIVE))


@transaction.atomic
def issue_card_number(
    *, member: Member, actor: User, on: dt.date | None = None, lock: bool = True
) -> Member:
    """Give the member the next KTA number of its kecamatan's year (audited, one entry).

    The member row and the kecamatan's counter row (`CardSerial`) are locked in this
    transaction, so numbers have no gap and no repeat however many are issued at once, and the
    same member asked twice at once gets one number. Refuses (PermissionDenied) an actor who may
    not write in the desa; (ValidationError) a member who already has an issued number, still
    has a number typed by hand, is not active or has no validity date.
    """
    require_village(actor, member.village_id)
    current = Member.objects.select_for_update().get(pk=member.pk) if lock else member
    _refuse_anonymised(current)
    errors: dict[str, list[str]] = {}
    _card_issue_errors(
        {"card_number": current.card_number, "card_valid_until": current.card_valid_until},
        errors,
        current=current,
    )
    _raise_errors(errors)
    on = on or timezone.localdate()
    district_code = current.village_id[:8]
    serial = _next_card_serial(district_code, on.year)
    number = render_card_number(
        card_pattern(), serial=serial, district_code=district_code, year=on.year
    )
    save_changes(
        current,
        {
            "card_number": number,
            "card_district_id": district_code,
            "card_year": on.year,
            "card_serial": serial,
            "card_issued_on": on,
        },
        actor=actor,
        lock=False,
    )
    if current is not member:
        for name in ("card_number", "card_district_id", "card_year", "card_serial",
                     "card_issued_on", "version", "updated_by_id", "updated_at"):  # fmt: skip
            setattr(member, name, getattr(current, name))
    return current


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
    _refuse_anonymised(member)
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


@transaction.atomic
def save_squad(
    *,
    village: Village,
    name: str,
    order: int = 0,
    leader: Member | None = None,
    actor: User,
    squad: Squad | None = None,
    expected_version: int | None = None,
) -> Squad:
    """Create a squad in `village`, or change `squad`'s name, order and leader.

    Refuses an actor who may not write in the desa, a leader of another desa, a name already
    used in the desa, and (StaleVersion) a change against an older version.
    """
    require_village(actor, village.code)
    if leader is not None and leader.village_id != village.code:
        raise ValidationError({"leader": [_(MESSAGE_LEADER_OTHER_VILLAGE)]})
    values = {"name": name.strip(), "order": order, "leader": leader}
    if squad is None:
        return save_new(Squad(village=village, **values), actor=actor)
    save_changes(squad, values, actor=actor, expected_version=expected_version)
    return squad


@transaction.atomic
def set_equipment(
    *,
    village: Village,
    item_type: EquipmentType,
    good: int,
    damaged: int,
    required: int,
    actor: User,
    note: str = "",
    expected_version: int | None = None,
) -> VillageEquipment:
    """Record the stock (by condition) and the need for one item type in one desa.

    Creates the row the first time, changes it afterwards. Refuses an actor who may not write in
    the desa and (StaleVersion) a change against an older version.
    """
    require_village(actor, village.code)
    values = {"good": good, "damaged": damaged, "required": required, "note": note}
    stock = VillageEquipment.objects.filter(village=village, item_type=item_type).first()
    if stock is None:
        stock = save_new(
            VillageEquipment(village=village, item_type=item_type, **values), actor=actor
        )
    else:
        save_changes(stock, values, actor=actor, expected_version=expected_version)
    members_changed(village_codes=[village.code])
    return stock


@transaction.atomic
def issue_equipment(
    *, member: Member, item_type: EquipmentType, quantity: int, issued_on: dt.date, actor: User
) -> EquipmentIssue:
    """Record items handed to a member. Refuses an actor who may not write in the desa."""
    require_village(actor, member.village_id)
    issue = EquipmentIssue(
        member=member,
        item_type=item_type,
        quantity=quantity,
        issued_on=issued_on,
    )
    return save_new(issue, actor=actor)


@transaction.atomic
def return_equipment(
    *,
    issue: EquipmentIssue,
    returned_on: dt.date,
    actor: User,
    expected_version: int | None = None,
) -> EquipmentIssue:
    """Record the date the member handed the items back.

    Refuses an actor who may not write in the desa and (StaleVersion) an older version.
    """
    require_village(actor, issue.member.village_id)
    save_changes(
        issue, {"returned_on": returned_on}, actor=actor, expected_version=expected_version
    )
    return issue


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
