"""Participants: enrol one member, fill each desa by quota, enrol a whole desa, withdraw."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sitrantib.accounts.models import User
from sitrantib.core.audit import record_change, snapshot
from sitrantib.core.enums import AuditAction
from sitrantib.linmas.enums import MemberStatus
from sitrantib.linmas.models import Member
from sitrantib.linmas.services import record_trained
from sitrantib.regions.models import Village
from sitrantib.trainings import selectors
from sitrantib.trainings.enums import (
    COUNTED_STATUSES,
    ENROLLING_STATUSES,
    EnrolmentMethod,
    TrainingStatus,
)
from sitrantib.trainings.models import Certificate, Enrolment, Training
from sitrantib.trainings.services.common import lock_training, require_manager
from sitrantib.trainings.services.completion import recompute_completion

ERR_CAPACITY = gettext_noop(
    "Kapasitas pelatihan %(capacity)s peserta sudah terpenuhi; "
    "%(asked)s peserta tidak dapat ditambahkan."
)

ERR_QUOTA = gettext_noop("Kuota desa %(village)s (%(quota)s peserta) sudah terpenuhi.")
ERR_NOT_ACTIVE = gettext_noop(
    "%(name)s tidak berstatus aktif; hanya anggota aktif yang dapat mengikuti pelatihan."
)
ERR_OTHER_DISTRICT = gettext_noop(
    "%(name)s bukan anggota LINMAS kecamatan penyelenggara pelatihan."
)
ERR_ALREADY_ENROLLED = gettext_noop("%(name)s sudah terdaftar pada pelatihan ini.")
ERR_NOT_ENROLLING = gettext_noop("Peserta tidak dapat diubah pada pelatihan berstatus %(status)s.")

ERR_HAS_CERTIFICATE = gettext_noop("%(name)s sudah mempunyai sertifikat; cabut dulu sertifikatnya.")
WARN_TRAINED_THIS_YEAR = gettext_noop("%(name)s sudah lulus %(kind)s tahun %(year)s.")


@dataclass
class EnrolResult:
    """What an enrolment did: who was added, and the warnings to show (never refusals)."""

    added: list[Enrolment] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _require_enrolling(training: Training) -> None:
    if training.status not in ENROLLING_STATUSES:
        raise ValidationError(
            _(ERR_NOT_ENROLLING) % {"status": TrainingStatus(training.status).label}
        )


def _check_capacity(training: Training, adding: int) -> None:
    count = Enrolment.objects.filter(training=training).count()
    if count + adding > training.capacity:
        raise ValidationError(
            {"member": _(ERR_CAPACITY) % {"capacity": training.capacity, "asked": adding}}
        )


def _quota_counts(training: Training) -> dict[str, int]:
    return dict(
        Enrolment.objects.filter(training=training)
        .values("village_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("village_id", "n")
    )


def _warnings_for(training: Training, members: Sequence[Member]) -> list[str]:
    year = training.starts_on.year
    trained = selectors.trained_in_kind(
        member_ids=[m.pk for m in members], kind_id=training.kind_id, year=year
    )
    return [
        _(WARN_TRAINED_THIS_YEAR) % {"name": m.name, "kind": training.kind.name, "year": year}
        for m in members
        if m.pk in trained
    ]


def _enrol_many(
    training: Training, members: Sequence[Member], *, actor: User, method: str
) -> EnrolResult:
    """Insert the enrolments in bulk with one audit entry per participant (no query per row)."""
    rows = [
        Enrolment(
            training=training,
            member=m,
            village_id=m.village_id,
            method=method,
            created_by=actor,
            updated_by=actor,
        )
        for m in members
    ]
    for row in rows:
        row.full_clean(
            exclude=["training", "member", "village"],
            validate_unique=False,
            validate_constraints=False,
        )
    created = Enrolment.objects.bulk_create(rows, batch_size=500)
    if not all(e.pk for e in created):  # SQLite before 3.35 gives no ids back
        created = list(
            Enrolment.objects.filter(training=training, member__in=[m.pk for m in members])
        )
    for enrolment in created:
        record_change(
            actor=actor,
            action=AuditAction.CREATE,
            instance=enrolment,
            after=snapshot(enrolment),
            note=str(EnrolmentMethod(method).label),
        )
    if created:
        recompute_completion(training, enrolment_ids=[e.pk for e in created])
    return EnrolResult(added=created, warnings=_warnings_for(training, members))


@transaction.atomic
def enrol_member(
    *, training: Training, member: Member, actor: User, method: str = EnrolmentMethod.MANUAL
) -> EnrolResult:
    """Enrol one active member of the training's kecamatan. Refuses a member who is not active,
    of another kecamatan or already enrolled, and one beyond the capacity or the desa quota
    (ValidationError under `member`). A member who already completed a training of the same kind
    this year is enrolled with a warning."""
    require_manager(actor, training.district_id)
    training = lock_training(training)
    _require_enrolling(training)
    if member.status != MemberStatus.AKTIF:
        raise ValidationError({"member": _(ERR_NOT_ACTIVE) % {"name": member.name}})
    if member.village_id[:8] != training.district_id:
        raise ValidationError({"member": _(ERR_OTHER_DISTRICT) % {"name": member.name}})
    if Enrolment.objects.filter(training=training, member=member).exists():
        raise ValidationError({"member": _(ERR_ALREADY_ENROLLED) % {"name": member.name}})
    _check_capacity(training, 1)
    quota = training.village_quota
    if quota is not None and _quota_counts(training).get(member.village_id, 0) >= quota:
        raise ValidationError(
            {
                "member": _(ERR_QUOTA)
                % {"village": member.village.name, "quota": training.village_quota}
            }
        )
    return _enrol_many(training, [member], actor=actor, method=method)


def _eligible(training: Training) -> Any:
    """Active members of the training's kecamatan not yet enrolled in it."""
    return (
        Member.objects.filter(village__district=training.district_id, status=MemberStatus.AKTIF)
        .exclude(training_enrolments__training=training)
        .select_related("village")
    )


def _trained_in_kind_ever(training: Training) -> Any:
    return Enrolment.objects.filter(
        completed=True,
        training__kind_id=training.kind_id,
        training__status__in=sorted(COUNTED_STATUSES),
    ).values("member_id")


@transaction.atomic
def enrol_by_quota(
    *, training: Training, per_village: int, actor: User, village_codes: Iterable[str] | None = None
) -> EnrolResult:
    """Fill each desa (or `village_codes`) up to `per_village` participants with active members
    not yet trained in this kind, by name. All or nothing: refused when the total would pass the
    capacity."""
    require_manager(actor, training.district_id)
    training = lock_training(training)
    _require_enrolling(training)
    counts = _quota_counts(training)
    candidates = _eligible(training).exclude(pk__in=_trained_in_kind_ever(training))
    if village_codes is not None:
        candidates = candidates.filter(village__in=list(village_codes))
    chosen: list[Member] = []
    taken: dict[str, int] = dict(counts)
    for member in candidates.order_by("village_id", "name", "pk"):
        if taken.get(member.village_id, 0) < per_village:
            taken[member.village_id] = taken.get(member.village_id, 0) + 1
            chosen.append(member)
    _check_capacity(training, len(chosen))
    return _enrol_many(training, chosen, actor=actor, method=EnrolmentMethod.QUOTA)


@transaction.atomic
def enrol_village(*, training: Training, village: Village, actor: User) -> EnrolResult:
    """Enrol every active member of one desa not yet trained in this kind. All or nothing."""
    require_manager(actor, training.district_id)
    training = lock_training(training)
    _require_enrolling(training)
    if village.district_id != training.district_id:
        raise ValidationError({"village": _(ERR_OTHER_DISTRICT) % {"name": village.name}})
    chosen = list(
        _eligible(training)
        .filter(village=village)
        .exclude(pk__in=_trained_in_kind_ever(training))
        .order_by("name", "pk")
    )
    _check_capacity(training, len(chosen))
    if training.village_quota is not None:
        already = _quota_counts(training).get(village.pk, 0)
        if already + len(chosen) > training.village_quota:
            raise ValidationError(
                {
                    "village": _(ERR_QUOTA)
                    % {"village": village.name, "quota": training.village_quota}
                }
            )
    return _enrol_many(training, chosen, actor=actor, method=EnrolmentMethod.VILLAGE)


@transaction.atomic
def withdraw(*, enrolment: Enrolment, actor: User) -> None:
    """Remove a participant and their marks (audited); refused once they hold a certificate."""
    training = Training.objects.get(pk=enrolment.training_id)
    require_manager(actor, training.district_id)
    _require_enrolling(training)
    if Certificate.objects.filter(enrolment=enrolment).exists():
        raise ValidationError(_(ERR_HAS_CERTIFICATE) % {"name": enrolment.member.name})
    record_change(
        actor=actor, action=AuditAction.DELETE, instance=enrolment, before=snapshot(enrolment)
    )
    member_id = enrolment.member_id
    enrolment.delete()
    if training.status in COUNTED_STATUSES:
        record_trained(selectors.last_trained_on([member_id]))
