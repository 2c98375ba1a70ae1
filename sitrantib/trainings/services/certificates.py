"""Certificates: numbered by the kecamatan's yearly serial, issued to who completed, revoked with a
reason.
"""

import datetime as dt
import secrets
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sitrantib.accounts.models import User
from sitrantib.core.audit import save_changes, save_new
from sitrantib.trainings.enums import COUNTED_STATUSES
from sitrantib.trainings.models import (
    DEFAULT_CERTIFICATE_PATTERN,
    Certificate,
    CertificateSerial,
    Enrolment,
    Training,
)
from sitrantib.trainings.services.common import lock_training, require_manager
from sitrantib.trainings.services.office import settings_for

ERR_NOT_FINISHED = gettext_noop("Sertifikat hanya diterbitkan untuk pelatihan yang sudah selesai.")
ERR_NOT_COMPLETED = gettext_noop("%(name)s belum memenuhi syarat kelulusan: %(reason)s.")
ERR_ALREADY_REVOKED = gettext_noop("Sertifikat ini sudah dicabut.")
ERR_REASON_REQUIRED = gettext_noop("Alasan pencabutan wajib diisi.")


def render_number(pattern: str, *, serial: int, year: int, kind: str, unit_code: str) -> str:
    text = (
        pattern.replace("{serial}", str(serial))
        .replace("{year}", str(year))
        .replace("{kind}", kind.upper())
        .replace("{unit_code}", unit_code)
    )
    # An empty unit code leaves no empty part behind ("12/SERT-LINMAS//2026").
    while "//" in text:
        text = text.replace("//", "/")
    return text.strip("/")


def _next_serial(district_code: str, year: int) -> int:
    CertificateSerial.objects.get_or_create(district_id=district_code, year=year)
    serial = CertificateSerial.objects.select_for_update().get(district_id=district_code, year=year)
    serial.last_serial += 1
    serial.save(update_fields=["last_serial"])
    return serial.last_serial


@transaction.atomic
def issue_certificates(
    *,
    training: Training,
    actor: User,
    on: dt.date | None = None,
    enrolment_ids: Sequence[int] | None = None,
) -> list[Certificate]:
    """Number and issue a certificate to every participant who completed and holds none in force
    (or to `enrolment_ids` only). The yearly serial row is locked, so numbers have no gap and no
    duplicate even when two people issue at once; a second call issues nothing twice.
    Refuses a training not finished (ValidationError) and, for `enrolment_ids`, anyone who did not
    complete."""
    require_manager(actor, training.district_id)
    training = lock_training(training)
    if training.status not in COUNTED_STATUSES:
        raise ValidationError(_(ERR_NOT_FINISHED))
    on = on or timezone.localdate()
    qs = Enrolment.objects.filter(training=training).select_related("member")
    if enrolment_ids is not None:
        qs = qs.filter(pk__in=list(enrolment_ids))
        for enrolment in qs:
            if not enrolment.completed:
                raise ValidationError(
                    _(ERR_NOT_COMPLETED)
                    % {"name": enrolment.member.name, "reason": enrolment.completion_reason}
                )
    holders = set(
        Certificate.objects.filter(
            enrolment__training=training, revoked_at__isnull=True
        ).values_list("enrolment_id", flat=True)
    )
    pending = [
        e
        for e in qs.filter(completed=True).order_by("village__name", "member__name", "pk")
        if e.pk not in holders
    ]
    if not pending:
        return []
    conf = settings_for(training.district_id)
    pattern = conf.certificate_pattern or DEFAULT_CERTIFICATE_PATTERN
    issued = []
    for enrolment in pending:
        serial = _next_serial(training.district_id, on.year)
        certificate = Certificate(
            enrolment=enrolment,
            serial=serial,
            year=on.year,
            issued_on=on,
            number=render_number(
                pattern,
                serial=serial,
                year=on.year,
                kind=training.kind.code,
                unit_code=conf.unit_code,
            ),
            verification_code=secrets.token_urlsafe(12),
        )
        issued.append(save_new(certificate, actor=actor))
    return issued


@transaction.atomic
def revoke_certificate(*, certificate: Certificate, reason: str, actor: User) -> Certificate:
    """Revoke with a reason (audited); the verification page then says revoked."""
    require_manager(actor, certificate.enrolment.training.district_id)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _(ERR_REASON_REQUIRED)})
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.revoked_at is not None:
        raise ValidationError(_(ERR_ALREADY_REVOKED))
    save_changes(
        certificate,
        {"revoked_at": timezone.now(), "revoke_reason": reason},
        actor=actor,
        note=reason,
        lock=False,
    )
    return certificate
