"""The training history on the LINMAS member page (issue 10 point 9).

The register does not import this module: it offers `linmas.member_sections`, and
`TrainingsConfig.ready` imports this module, which registers the section. Shown to those who may
read participants (access.can_read_participants), limited to the trainings of their kecamatan
and, for a village operator, to the participations of their desa; two queries whatever the number
of trainings (selectors.history_of_member).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from sitrantib.core.scoping import Scope, scope_of
from sitrantib.linmas.member_sections import register_member_section
from sitrantib.linmas.models import Member
from sitrantib.trainings.access import can_read_participants
from sitrantib.trainings.enums import COUNTED_STATUSES, TrainingStatus
from sitrantib.trainings.models import Certificate, Enrolment
from sitrantib.trainings.selectors import history_of_member

SECTION_KEY = "trainings.history"
TEMPLATE = "trainings/_member_history.html"


@dataclass(frozen=True)
class HistoryRow:
    """One training of the member as the page shows it."""

    enrolment: Enrolment
    # The training is finished or reported: its completion counts (else it may still change).
    counted: bool
    cancelled: bool
    certificates: list[Certificate]


def _visible(enrolment: Enrolment, scope: Scope) -> bool:
    """The participation as trainings.selectors scope it: the viewer's kecamatan, and for a
    village operator the desa the member took part for."""
    if scope.national:
        return True
    if enrolment.training.district_id not in scope.district_codes:
        return False
    return scope.village_codes is None or enrolment.village_id in scope.village_codes


def history_rows(member: Member, scope: Scope) -> list[HistoryRow]:
    """The member's trainings this viewer may see, newest first (two queries)."""
    rows = []
    for enrolment in history_of_member(member.pk):
        if not _visible(enrolment, scope):
            continue
        status = enrolment.training.status
        rows.append(
            HistoryRow(
                enrolment=enrolment,
                counted=status in COUNTED_STATUSES,
                cancelled=status == TrainingStatus.CANCELLED,
                certificates=list(getattr(enrolment, "all_certificates", [])),
            )
        )
    return rows


def member_history_section(
    member: Member, request: HttpRequest
) -> tuple[str, Mapping[str, Any]] | None:
    """The section "Riwayat pelatihan", or nothing for a viewer who may not read participants."""
    scope = scope_of(request.user)
    if not can_read_participants(scope):
        return None
    return TEMPLATE, {"rows": history_rows(member, scope)}


register_member_section(SECTION_KEY, member_history_section, order=10)
