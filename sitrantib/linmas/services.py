"""Writes of the LINMAS register. Web pages, the API and commands all call these functions."""

import datetime as dt
import secrets
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sitrantib.core.audit import record_change, save_new, snapshot
from sitrantib.core.enums import AuditAction
from sitrantib.core.formatting import format_date_id
from sitrantib.core.scoping import scope_of
from sitrantib.linmas.enums import MemberStatus
from sitrantib.linmas.models import EquipmentIssue, EquipmentType, Member, Squad, VillageEquipment
from sitrantib.linmas.nik import normalise_nik
from sitrantib.linmas.rules import member_errors
from sitrantib.linmas.selectors import can_write
from sitrantib.regions.models import Village

MESSAGE_NOT_ALLOWED = gettext_noop("Anda tidak berwenang mengubah data LINMAS desa ini.")
MESSAGE_TRANSITION_NOT_ALLOWED = gettext_noop(
    "Status %(current)s tidak dapat diubah menjadi %(target)s."
)
MESSAGE_REASON_REQUIRED = gettext_noop("Alasan wajib diisi untuk setiap perubahan status.")
MESSAGE_STATUS_DATE_FUTURE = gettext_noop("Tanggal perubahan status tidak boleh sesudah hari ini.")
MESSAGE_STATUS_DATE_BEFORE_BIRTH = gettext_noop(
    "Tanggal perubahan status tidak boleh sebelum tanggal lahir anggota (%(date)s)."
)
MESSAGE_STATUS_DATE_BEFORE_PREVIOUS = gettext_noop(
    "Tanggal perubahan status tidak boleh sebelum tanggal status sekarang (%(date)s)."
)
MESSAGE_LEADER_OTHER_VILLAGE = gettext_noop("Komandan regu harus anggota desa yang sama.")

# Fields a form, the API or an import may set on a member (village and status have their own paths).
MEMBER_FIELDS = (
    "nik", "name", "sex", "birth_place", "birth_date", "hamlet", "address", "rt", "rw",
    "resides_in_village", "phone", "education", "marital_status", "occupation", "position",
    "squad", "decree_number", "decree_date", "card_number", "card_valid_until", "photo",
)  # fmt: skip

# status -> the statuses it may move to.
TRANSITIONS: dict[str, frozenset[str]] = {
    MemberStatus.AKTIF: frozenset(
        {MemberStatus.NONAKTIF, MemberStatus.BERHENTI, MemberStatus.MENINGGAL}
    ),
    MemberStatus.NONAKTIF: frozenset(
        {MemberStatus.AKTIF, MemberStatus.BERHENTI, MemberStatus.MENINGGAL}
    ),
    MemberStatus.BERHENTI: frozenset({MemberStatus.AKTIF}),
    MemberStatus.MENINGGAL: frozenset(),
}
# Every move needs a written reason, reactivation included (ADR 0010): the register must say why.


def _require_village(actor: Any, village_code: str) -> None:
    scope = scope_of(actor)
    if not (can_write(scope) and scope.covers_village(village_code)):
        raise PermissionDenied(_(MESSAGE_NOT_ALLOWED))


def new_verification_code() -> str:
    """A random, unguessable code for the card's QR link (never the NIK or the id)."""
    return secrets.token_urlsafe(12)


def _apply(member: Member, data: Mapping[str, Any]) -> None:
    for name in MEMBER_FIELDS:
        if name not in data:
            continue
        value = data[name]
        if name == "nik":
            value = normalise_nik(value)
        elif name == "photo":
            if value is False:  # the form's "hapus" checkbox
                value = ""
            elif not value:  # nothing uploaded: keep the current photo
                continue
        elif value is None and name not in {
            "hamlet",
            "squad",
            "birth_date",
            "decree_date",
            "card_valid_until",
        }:
            value = ""
        setattr(member, name, value)


def _raise_errors(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_member(
    *, village: Village, data: Mapping[str, Any], actor: Any, action: str = AuditAction.CREATE
) -> Member:
    _require_village(actor, village.code)
    today = timezone.localdate()
    _raise_errors(member_errors(data, village=village, today=today))
    member = Member(
        village=village,
        verification_code=new_verification_code(),
        created_by=actor,
        updated_by=actor,
    )
    _apply(member, data)
    member.full_clean()
    member.save()
    record_change(actor=actor, action=action, instance=member, after=snapshot(member))
    return member


@transaction.atomic
def update_member(
    *, member: Member, data: Mapping[str, Any], actor: Any, action: str = AuditAction.UPDATE
) -> tuple[Member, bool]:
    """Apply changes; returns (member, changed). Unchanged members are neither saved nor audited."""
    _require_village(actor, member.village_id)
    member = Member.objects.select_for_update().get(pk=member.pk)
    before = snapshot(member)
    today = timezone.localdate()
    merged = {name: getattr(member, name) for name in MEMBER_FIELDS} | dict(data)
    _raise_errors(member_errors(merged, village=member.village, instance=member, today=today))
    old_photo = member.photo.name or ""
    _apply(member, data)
    after = snapshot(member)
    ignored = {"updated_at", "updated_by_id"}
    if {k: v for k, v in before.items() if k not in ignored} == {
        k: v for k, v in after.items() if k not in ignored
    }:
        return member, False
    member.updated_by = actor
    member.full_clean()
    member.save()
    record_change(
        actor=actor, action=action, instance=member, before=before, after=snapshot(member)
    )
    if old_photo and member.photo.name != old_photo:
        storage = member.photo.storage
        transaction.on_commit(lambda: storage.delete(old_photo))
    return member, True


@transaction.atomic
def transition_member(
    *, member: Member, status: str, reason: str, actor: Any, on_date: dt.date | None = None
) -> Member:
    """Move a member's status along TRANSITIONS, with the date and reason of the move."""
    _require_village(actor, member.village_id)
    member = Member.objects.select_for_update().get(pk=member.pk)
    if status not in TRANSITIONS.get(member.status, frozenset()):
        target = MemberStatus(status).label if status in MemberStatus.values else status
        raise ValidationError(
            {
                "status": [
                    _(MESSAGE_TRANSITION_NOT_ALLOWED)
                    % {"current": member.get_status_display(), "target": target}
                ]
            }
        )
    reason = (reason or "").strip()
    errors: dict[str, list[str]] = {}
    if not reason:
        errors["reason"] = [_(MESSAGE_REASON_REQUIRED)]
    today = timezone.localdate()
    on_date = on_date or today
    if on_date > today:
        errors["on_date"] = [_(MESSAGE_STATUS_DATE_FUTURE)]
    elif member.birth_date and on_date < member.birth_date:
        errors["on_date"] = [
            _(MESSAGE_STATUS_DATE_BEFORE_BIRTH) % {"date": format_date_id(member.birth_date)}
        ]
    elif member.status_date and on_date < member.status_date:
        errors["on_date"] = [
            _(MESSAGE_STATUS_DATE_BEFORE_PREVIOUS) % {"date": format_date_id(member.status_date)}
        ]
    _raise_errors(errors)
    before = snapshot(member)
    member.status = status
    member.status_reason = reason
    member.status_date = on_date
    member.updated_by = actor
    member.full_clean()
    member.save()
    record_change(
        actor=actor,
        action=AuditAction.TRANSITION,
        instance=member,
        before=before,
        after=snapshot(member),
        note=reason,
    )
    return member


@transaction.atomic
def save_squad(
    *,
    village: Village,
    name: str,
    order: int = 0,
    leader: Member | None = None,
    actor: Any,
    squad: Squad | None = None,
) -> Squad:
    _require_village(actor, village.code)
    if leader is not None and leader.village_id != village.code:
        raise ValidationError({"leader": [_(MESSAGE_LEADER_OTHER_VILLAGE)]})
    before = snapshot(squad) if squad else None
    squad = squad or Squad(village=village, created_by=actor)
    squad.name, squad.order, squad.leader, squad.updated_by = name.strip(), order, leader, actor
    squad.full_clean()
    squad.save()
    record_change(
        actor=actor,
        action=AuditAction.UPDATE if before else AuditAction.CREATE,
        instance=squad,
        before=before,
        after=snapshot(squad),
    )
    return squad


@transaction.atomic
def set_equipment(
    *,
    village: Village,
    item_type: EquipmentType,
    good: int,
    damaged: int,
    required: int,
    actor: Any,
    note: str = "",
) -> VillageEquipment:
    """Record the stock (by condition) and the need for one item type in one desa."""
    _require_village(actor, village.code)
    stock = (
        VillageEquipment.objects.select_for_update()
        .filter(village=village, item_type=item_type)
        .first()
    )
    before = snapshot(stock) if stock else None
    stock = stock or VillageEquipment(village=village, item_type=item_type, created_by=actor)
    stock.good, stock.damaged, stock.required, stock.note, stock.updated_by = (
        good,
        damaged,
        required,
        note,
        actor,
    )
    stock.full_clean()
    stock.save()
    record_change(
        actor=actor,
        action=AuditAction.UPDATE if before else AuditAction.CREATE,
        instance=stock,
        before=before,
        after=snapshot(stock),
    )
    return stock


@transaction.atomic
def issue_equipment(
    *, member: Member, item_type: EquipmentType, quantity: int, issued_on: dt.date, actor: Any
) -> EquipmentIssue:
    _require_village(actor, member.village_id)
    issue = EquipmentIssue(
        member=member,
        item_type=item_type,
        quantity=quantity,
        issued_on=issued_on,
    )
    save_new(issue, actor=actor)
    return issue


@transaction.atomic
def return_equipment(*, issue: EquipmentIssue, returned_on: dt.date, actor: Any) -> EquipmentIssue:
    _require_village(actor, issue.member.village_id)
    before = snapshot(issue)
    issue.returned_on, issue.updated_by = returned_on, actor
    issue.full_clean()
    issue.save()
    record_change(
        actor=actor, action=AuditAction.UPDATE, instance=issue, before=before, after=snapshot(issue)
    )
    return issue
