"""Manual values: the administrator types the realisation of a period and attaches evidence; the
Camat approves it, and only then does it count (value and achievement computed)."""

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from sitrantib.core.audit import save_changes, save_new
from sitrantib.core.uploads import (
    UploadKind,
    check_upload,
    client_file_name,
    prepare_photo,
    stored_name,
)
from sitrantib.indicators.enums import Method, ValueStatus
from sitrantib.indicators.models import IndicatorValue, ManualEvidence
from sitrantib.indicators.services.common import decimal_or_none, require_approver, require_manager
from sitrantib.indicators.services.computing import refresh_values

ERR_NOT_MANUAL = gettext_noop("Nilai indikator ini dihitung dari data; tidak dapat diisi manual.")
ERR_NUMBER = gettext_noop("Isi realisasi berupa angka 0 atau lebih.")
ERR_NO_NUMBER = gettext_noop("Isi realisasinya dahulu sebelum disetujui.")
ERR_NO_EVIDENCE = gettext_noop("Nilai manual harus memiliki sedikitnya satu berkas bukti.")
ERR_ALREADY_APPROVED = gettext_noop("Nilai ini sudah disetujui.")


@transaction.atomic
def enter_manual_value(
    *,
    value: IndicatorValue,
    number: Any,
    note: str,
    actor: Any,
    expected_version: int | None = None,
) -> IndicatorValue:
    """Type the realisation of a manual indicator for one period (administrator only). The value
    goes (back) to draft: it counts only once the Camat approves it with evidence attached."""
    definition = value.definition
    require_manager(actor, definition.district_id)
    if definition.method != Method.MANUAL:
        raise ValidationError(gettext(ERR_NOT_MANUAL))
    try:
        parsed = decimal_or_none(number)
    except ValueError:
        parsed = None
    if parsed is None or parsed < 0 or parsed >= Decimal("1e12"):
        raise ValidationError({"number": gettext(ERR_NUMBER)})
    save_changes(
        value,
        {
            "numerator": parsed,
            "note": note or "",
            "status": ValueStatus.DRAFT,
            "approved_by": None,
            "approved_at": None,
            "value": None,
            "achievement": None,
            "stale": True,
        },
        actor=actor,
        expected_version=expected_version,
    )
    return value


@transaction.atomic
def add_evidence(
    *, value: IndicatorValue, file: UploadedFile, description: str, actor: Any
) -> ManualEvidence:
    """Attach a file proving a manual value (administrator only): a PDF or a photo, checked by
    its content (core.uploads, kind SCAN); a photo is re-encoded without its metadata."""
    definition = value.definition
    require_manager(actor, definition.district_id)
    if definition.method != Method.MANUAL:
        raise ValidationError(gettext(ERR_NOT_MANUAL))
    try:
        checked = check_upload(file, kind=UploadKind.SCAN)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    evidence = ManualEvidence(
        value=value,
        description=(description or "")[:250],
        original_name=client_file_name(file.name or "", max_length=200),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    if checked.is_photo:
        content = prepare_photo(file)
        evidence.size = content.size
        evidence.content_type = (
            "image/png" if (content.name or "").endswith(".png") else "image/jpeg"
        )
        name = content.name or "bukti.jpg"
    else:
        content, name = file, stored_name(checked)  # type: ignore[assignment]
        evidence.size = checked.size
        evidence.content_type = checked.content_type
    evidence.full_clean(exclude=["file"])
    evidence.file.save(name, content, save=False)
    save_new(evidence, actor=actor)
    IndicatorValue.objects.filter(pk=value.pk).update(stale=True)
    return evidence


@transaction.atomic
def approve_value(
    *, value: IndicatorValue, actor: Any, expected_version: int | None = None
) -> IndicatorValue:
    """The Camat approves a manual value: it needs a typed number and at least one evidence
    file; from then on it counts (value and achievement computed)."""
    definition = value.definition
    require_approver(actor, definition.district_id)
    if definition.method != Method.MANUAL:
        raise ValidationError(gettext(ERR_NOT_MANUAL))
    if value.status == ValueStatus.APPROVED:
        raise ValidationError(gettext(ERR_ALREADY_APPROVED))
    if value.numerator is None:
        raise ValidationError(gettext(ERR_NO_NUMBER))
    if not value.evidence.exists():
        raise ValidationError(gettext(ERR_NO_EVIDENCE))
    save_changes(
        value,
        {"status": ValueStatus.APPROVED, "approved_by": actor, "approved_at": timezone.now()},
        actor=actor,
        expected_version=expected_version,
    )
    value.evidence_count = 1  # type: ignore[attr-defined]
    refresh_values([value])
    return value
