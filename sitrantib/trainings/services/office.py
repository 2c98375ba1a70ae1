"""What a kecamatan sets up once: its training settings (certificate number pattern, letter
classification) and its instructors.
"""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sitrantib.accounts.models import User
from sitrantib.core.audit import save_changes, save_new
from sitrantib.regions.models import District, Institution
from sitrantib.trainings.models import Instructor, TrainingSettings
from sitrantib.trainings.services.common import require_manager

ERR_INSTITUTION_DISTRICT = gettext_noop("Instansi harus dari daftar instansi kecamatan ini.")

ERR_PATTERN = gettext_noop(
    "Pola nomor harus memuat {serial} dan hanya bagian {serial}, {year}, {kind}, {unit_code}."
)

TOKENS = ("{serial}", "{year}", "{kind}", "{unit_code}")


def settings_for(district: District | str) -> TrainingSettings:
    code = district if isinstance(district, str) else district.pk
    found = TrainingSettings.objects.filter(district_id=code).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return TrainingSettings.objects.create(district_id=code)
    except IntegrityError:
        return TrainingSettings.objects.get(district_id=code)


def check_pattern(pattern: str) -> None:
    rest = pattern
    for token in TOKENS:
        rest = rest.replace(token, "")
    if "{serial}" not in pattern or "{" in rest or "}" in rest:
        raise ValidationError({"certificate_pattern": _(ERR_PATTERN)})


@transaction.atomic
def update_settings(
    *,
    district: District,
    changes: Mapping[str, Any],
    actor: User,
    expected_version: int | None = None,
) -> TrainingSettings:
    require_manager(actor, district.pk)
    if "certificate_pattern" in changes:
        check_pattern(changes["certificate_pattern"])
    found = settings_for(district)
    save_changes(found, changes, actor=actor, expected_version=expected_version)
    return found


def _check_institution(institution: Institution | None, district_code: str) -> None:
    if institution is not None and institution.district_id != district_code:
        raise ValidationError({"institution": _(ERR_INSTITUTION_DISTRICT)})


@transaction.atomic
def create_instructor(*, district: District, data: Mapping[str, Any], actor: User) -> Instructor:
    require_manager(actor, district.pk)
    _check_institution(data.get("institution"), district.pk)
    return save_new(Instructor(district=district, **data), actor=actor)


@transaction.atomic
def update_instructor(
    *,
    instructor: Instructor,
    changes: Mapping[str, Any],
    actor: User,
    expected_version: int | None = None,
) -> Instructor:
    require_manager(actor, instructor.district_id)
    if "institution" in changes:
        _check_institution(changes["institution"], instructor.district_id)
    save_changes(instructor, changes, actor=actor, expected_version=expected_version)
    return instructor
