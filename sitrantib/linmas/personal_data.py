"""A member's rights over their personal data (UU 27/2022, docs/adr/0016): everything SiTrantib
holds about one member, as one JSON file, and the anonymisation of the member on request.

Modules above the register add what they hold about a member without linmas importing them (as
`member_sections` does for the page). A module registers a provider once, in its
`AppConfig.ready`:

    register_personal_data("trainings", trainings_of_member)

`provider(member)` returns a `MemberData`: the module's records about the member as JSON-safe
data, the audit entries about them (object type -> ids) and the records still in progress that
make an anonymisation wait (an ongoing training, say). A provider runs a fixed number of queries.
"""

import base64
import datetime as dt
import json
import mimetypes
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sitrantib.accounts.models import User
from sitrantib.core.audit import REDACTED_VALUE, record_change, redact_entries, snapshot
from sitrantib.core.enums import AuditAction
from sitrantib.core.models import AuditEntry
from sitrantib.core.scoping import scope_of
from sitrantib.linmas.enums import MemberStatus
from sitrantib.linmas.models import ANONYMOUS_NIK_PREFIX, EquipmentIssue, Member
from sitrantib.linmas.services import members_changed

MESSAGE_NOT_ADMIN = gettext_noop(
    "Hanya administrator Trantib kecamatan anggota ini yang dapat mengunduh atau menganonimkan "
    "data pribadinya."
)
MESSAGE_REASON_REQUIRED = gettext_noop(
    "Tuliskan dasar permintaan (mis. tanggal dan nomor surat permohonan anggota)."
)
MESSAGE_ALREADY_ANONYMISED = gettext_noop("Data pribadi anggota ini sudah dianonimkan.")
MESSAGE_OPEN_RECORDS = gettext_noop(
    "Anggota ini masih tercatat pada kegiatan yang belum selesai: %(items)s. Anonimkan setelah "
    "kegiatan itu selesai atau setelah anggota dikeluarkan darinya."
)
MESSAGE_CONFIRM = gettext_noop("Centang persetujuan untuk menganonimkan anggota ini.")
# Stored in the register and the audit log in Bahasa Indonesia, whatever the page's language.
ANONYMOUS_NAME = "Anonim #%(id)s"
STATUS_REASON = "Data pribadi dianonimkan atas permintaan (UU 27/2022): %(reason)s"
AUDIT_NOTE = "Anonimisasi data pribadi atas permintaan: %(reason)s"
EXPORT_NOTE = "Unduh data pribadi anggota (UU 27/2022)"

# What the anonymisation erases (docs/adr/0016), with the value left in its place; the birth date
# keeps its year only. What the office must keep stays: desa, position, squad, SK, KTA number and
# validity, status history, equipment handed out, trainings and certificates.
ERASED_FIELDS = (
    "name", "nik", "birth_place", "birth_date", "hamlet", "address", "rt", "rw", "phone",
    "education", "marital_status", "occupation", "photo",
)  # fmt: skip
# The same, as the audit log's snapshots name them (a foreign key by its column).
AUDIT_REDACTED_FIELDS = frozenset(
    field.attname for field in Member._meta.concrete_fields if field.name in ERASED_FIELDS
) | (frozenset(Member.audit_personal_fields) - {"verification_code"})


@dataclass(frozen=True)
class MemberData:
    """What one module holds about one member."""

    data: Any
    # Audit entries about the member's records in this module: object type -> object ids.
    audit: Mapping[str, Sequence[str]] = field(default_factory=dict)
    # Records still in progress (shown by name): the member may not be anonymised yet.
    open_items: Sequence[str] = ()


DataProvider = Callable[[Member], MemberData]
_PROVIDERS: dict[str, DataProvider] = {}


def register_personal_data(key: str, provider: DataProvider) -> None:
    """Add a module's data about a member under `key` (once; the same again is a no-op)."""
    existing = _PROVIDERS.get(key)
    if existing is not None and existing is not provider:
        raise ValueError(f"Personal data provider {key!r} is registered twice")
    _PROVIDERS[key] = provider


def unregister_personal_data(key: str) -> None:
    """Remove a provider (tests register their own and remove it again)."""
    _PROVIDERS.pop(key, None)


def registered_providers() -> list[str]:
    return sorted(_PROVIDERS)


def can_manage_personal_data(user: Any, member: Member) -> bool:
    """The Admin Seksi Trantib of the member's kecamatan (or a national administrator)."""
    scope = scope_of(user)
    return scope.is_admin and scope.covers_district(member.village_id[:8])


def _require_admin(user: Any, member: Member) -> None:
    if not can_manage_personal_data(user, member):
        raise PermissionDenied(_(MESSAGE_NOT_ADMIN))


def _photo(member: Member) -> dict[str, str | None] | None:
    if not member.photo:
        return None
    kind, _encoding = mimetypes.guess_type(member.photo.name or "")
    try:
        with member.photo.open("rb") as handle:
            content: str | None = base64.b64encode(handle.read()).decode("ascii")
    except OSError:  # the file is gone from the storage: say so rather than fail the download
        content = None
    return {"content_type": kind or "application/octet-stream", "base64": content}


def _register_data(member: Member) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The register's own records of the member and the audit entries about them."""
    values = snapshot(member)
    values["photo"] = _photo(member)
    village = member.village
    issues = list(
        EquipmentIssue.objects.filter(member=member)
        .select_related("item_type")
        .order_by("issued_on", "pk")
    )
    data = {
        "member": values,
        "village": {"code": village.code, "name": village.name},
        "hamlet": member.hamlet.name if member.hamlet_id and member.hamlet else None,
        "squad": member.squad.name if member.squad_id and member.squad else None,
        "equipment": [
            {
                "id": issue.pk,
                "item": issue.item_type.name,
                "quantity": issue.quantity,
                "issued_on": issue.issued_on,
                "returned_on": issue.returned_on,
            }
            for issue in issues
        ],
    }
    audit = {
        Member._meta.label_lower: [str(member.pk)],
        EquipmentIssue._meta.label_lower: [str(issue.pk) for issue in issues],
    }
    return data, audit


def _collect(member: Member) -> tuple[dict[str, Any], dict[str, list[str]], list[str]]:
    data, audit = _register_data(member)
    sections: dict[str, Any] = {"linmas": data}
    open_items: list[str] = []
    for key in registered_providers():
        given = _PROVIDERS[key](member)
        sections[key] = given.data
        for object_type, ids in given.audit.items():
            audit.setdefault(object_type, []).extend(str(i) for i in ids)
        open_items.extend(given.open_items)
    return sections, audit, open_items


def audit_entries_about(audit: Mapping[str, Sequence[str]]) -> QuerySet[AuditEntry]:
    """The audit entries about these records (object type -> ids), oldest first."""
    match = Q(pk__in=[])
    for object_type, ids in audit.items():
        if ids:
            match |= Q(object_type=object_type, object_id__in=list(ids))
    return AuditEntry.objects.filter(match).order_by("at", "pk")


def member_record(member: Member) -> dict[str, Any]:
    """Everything SiTrantib holds about the member: the register, every registered module's
    records, and the audit entries about them (JSON-safe with `DjangoJSONEncoder`)."""
    sections, audit, _open = _collect(member)
    entries = [
        {
            "at": entry.at,
            "actor": entry.actor_name,
            "action": entry.action,
            "object_type": entry.object_type,
            "object_id": entry.object_id,
            "object": entry.object_repr,
            "before": entry.before,
            "after": entry.after,
            "note": entry.note,
        }
        for entry in audit_entries_about(audit)
    ]
    return {
        "generated_at": timezone.now(),
        "law": "UU 27/2022 tentang Pelindungan Data Pribadi",
        "member_id": member.pk,
        **sections,
        "audit": entries,
    }


def export_filename(member: Member) -> str:
    # The id only: a file name travels in mail and logs, a person's name should not.
    return f"data-pribadi-anggota-{member.pk}.json"


@transaction.atomic
def export_member_data(*, member: Member, actor: User) -> bytes:
    """The member's data as JSON for the member (audited as an export). Refuses (PermissionDenied)
    anyone but the Admin Seksi Trantib of the member's kecamatan."""
    _require_admin(actor, member)
    content = json.dumps(
        member_record(member), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2
    ).encode()
    record_change(
        actor=actor,
        action=AuditAction.EXPORT,
        object_type=Member._meta.label_lower,
        object_id=str(member.pk),
        object_repr=export_filename(member),
        district_code=member.audit_district_code,
        note=EXPORT_NOTE,
    )
    return content


def anonymous_nik(member_id: int) -> str:
    """A NIK placeholder that can never be a person's: province code 00 does not exist (input
    refuses it), and the rest is the member's id, so two anonymised members never collide."""
    return f"{ANONYMOUS_NIK_PREFIX}{member_id:014d}"


def open_records(member: Member) -> list[str]:
    """The records still in progress that make the anonymisation of the member wait."""
    return _collect(member)[2]


@transaction.atomic
def anonymise_member(*, member: Member, reason: str, actor: User) -> Member:
    """Erase the member's personal data on their request (docs/adr/0016).

    Name becomes "Anonim #id", the NIK a placeholder that no person has, the birth date its year
    (1 January), birth place, dusun, address, RT/RW, phone, education, marital status, occupation
    and photo are cleared (the photo file is deleted on commit); an active member becomes
    nonaktif with the reason. Earlier audit entries about the member keep who, when and which
    field but lose the values; the new entry records that it happened, not what was erased.
    Refuses (PermissionDenied) anyone but the Admin Seksi Trantib of the kecamatan, and
    (ValidationError) an empty reason, a member already anonymised, or one still in a record in
    progress (an ongoing training).
    """
    _require_admin(actor, member)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_(MESSAGE_REASON_REQUIRED)]})
    current = Member.objects.select_for_update().select_related("village").get(pk=member.pk)
    if current.is_anonymised:
        raise ValidationError(_(MESSAGE_ALREADY_ANONYMISED))
    _sections, audit, open_items = _collect(current)
    if open_items:
        raise ValidationError(_(MESSAGE_OPEN_RECORDS) % {"items": "; ".join(open_items)})
    today = timezone.localdate()
    old_name, old_photo = current.name, current.photo.name or ""
    storage = current.photo.storage
    before = snapshot(current)
    new_name = ANONYMOUS_NAME % {"id": current.pk}
    current.name = new_name
    current.nik = anonymous_nik(current.pk)
    current.birth_date = dt.date(current.birth_date.year, 1, 1)
    current.hamlet = None
    for name in ("birth_place", "address", "rt", "rw", "phone", "education", "marital_status"):
        setattr(current, name, "")
    current.occupation = ""
    current.photo = ""
    if current.status == MemberStatus.AKTIF:
        current.status = MemberStatus.NONAKTIF
    current.status_date = today
    current.status_reason = (STATUS_REASON % {"reason": reason})[:255]
    current.updated_by = actor
    current.version += 1
    # Not full_clean: the birth place the form requires is gone on purpose. The database still
    # checks the NIK (16 digits, unique).
    current.save()
    # Earlier entries first: the new one holds no erased value.
    redact_entries(
        audit_entries_about(audit), fields=AUDIT_REDACTED_FIELDS, replace={old_name: new_name}
    )
    after = snapshot(current)
    record_change(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=current,
        before={
            k: (REDACTED_VALUE if k in AUDIT_REDACTED_FIELDS and v not in (None, "") else v)
            for k, v in before.items()
            if k != "verification_code"
        },
        after={k: v for k, v in after.items() if k != "verification_code"},
        note=(AUDIT_NOTE % {"reason": reason})[:500],
    )
    members_changed(village_codes=[current.village_id])
    if old_photo:
        transaction.on_commit(lambda: storage.delete(old_photo))
    return current
