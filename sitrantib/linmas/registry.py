"""What the register offers to the shared pieces: its searches (core.autocomplete) and its
background export (core.exporting). Imported by LinmasConfig.ready."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from sitrantib.core.autocomplete import register_search
from sitrantib.core.exporting import ExportError, ExportKind, ExportRun, register_export
from sitrantib.core.scoping import scope_of
from sitrantib.linmas import exports, selectors
from sitrantib.linmas.enums import MemberStatus
from sitrantib.linmas.filters import MemberFilter
from sitrantib.linmas.models import Member, Squad
from sitrantib.regions.search import register_village_search

SEARCH_LEADERS = "linmas.leaders"
SEARCH_VILLAGES = "linmas.villages"
SEARCH_WRITABLE_VILLAGES = "linmas.villages_writable"
SEARCH_SQUADS = "linmas.squads"
SEARCH_WRITABLE_SQUADS = "linmas.squads_writable"
EXPORT_REGISTER = "linmas.register"

MESSAGE_BAD_FILTER = gettext_noop("Saringan tidak valid; periksa isian saringan.")


def _squad_label(squad: Squad) -> str:
    return f"{squad.name} · {squad.village.name}"


def _leader_label(member: Member) -> str:
    return f"{member.name} ({member.village.name})"


register_search(
    SEARCH_LEADERS,
    queryset_for=lambda user: selectors.members_writable_by(user=user).filter(
        status=MemberStatus.AKTIF
    ),
    label=_leader_label,
    search_fields=("name",),
    select_related=("village",),
)
# Desa choices: sorted by name, with the kecamatan where a name repeats (regions.search).
register_village_search(
    SEARCH_VILLAGES, villages_for=lambda user: selectors.villages_readable_by(user=user)
)
register_village_search(
    SEARCH_WRITABLE_VILLAGES, villages_for=lambda user: selectors.villages_writable_by(user=user)
)
register_search(
    SEARCH_SQUADS,
    queryset_for=lambda user: selectors.squads_visible_to(user=user),
    label=_squad_label,
    search_fields=("name", "village__name"),
    select_related=("village",),
)
register_search(
    SEARCH_WRITABLE_SQUADS,
    queryset_for=lambda user: selectors.squads_writable_by(user=user),
    label=_squad_label,
    search_fields=("name", "village__name"),
    select_related=("village",),
)


def build_register(run: ExportRun, *, user: Any, params: dict[str, Any]) -> None:
    """The register XLSX of the members of `params` (the member filter) that `user` may read,
    scoped at run time; progress by member."""
    scope = scope_of(user)
    if not selectors.can_read_members(scope):
        raise ExportError(MESSAGE_BAD_FILTER)
    filterset = MemberFilter(params or None, queryset=selectors.members_in_scope(scope=scope))
    if filterset.is_bound and not filterset.is_valid():
        raise ExportError(MESSAGE_BAD_FILTER)
    members = filterset.qs
    run.set_total(members.order_by().count())
    run.write_workbook(
        exports.register_sheets(
            members=members,
            readiness=selectors.readiness(scope=scope),
            scope=scope,
            track=run.track,
        )
    )


register_export(
    ExportKind(
        key=EXPORT_REGISTER,
        title=_("Register LINMAS"),
        filename="register-linmas.xlsx",
        build=build_register,
        # The filter, without the searched name or NIK (`q`): the audit log holds no personal data.
        audited_params=(
            "village",
            "desa",
            "status",
            "position",
            "squad",
            "decree",
            "card",
            "trained",
        ),
    )
)
