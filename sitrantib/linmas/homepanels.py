"""What the LINMAS register puts on the home page (core/homepanels.py; docs/adr/0053).

The section sees how many desa are ready, from the stored readiness (`VillageReadiness`); a
village operator sees the active members of their desa whose SK or valid KTA is missing, each
number opening the member list filtered to them, and the links to add or import members. A few
aggregate queries, whatever the scope.
"""

from collections.abc import Iterator

from django.db.models import Count, Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from sitrantib.core.homepanels import (
    HomeAction,
    HomeFigure,
    register_home_actions,
    register_home_figures,
)
from sitrantib.core.scoping import Scope
from sitrantib.linmas.enums import MemberStatus, ReadinessLevel
from sitrantib.linmas.models import VillageReadiness
from sitrantib.linmas.selectors import (
    can_read_members,
    can_write,
    members_in_scope,
    villages_in_scope,
)
from sitrantib.linmas.selectors.scope import restrict_village


def _members_url(scope: Scope, **filters: str) -> str:
    query = {"status": MemberStatus.AKTIF.value, **filters}
    if scope.village_codes is not None and len(scope.village_codes) == 1:
        query = {"desa": next(iter(scope.village_codes)), **query}
    return f"{reverse('linmas:member_list')}?{urlencode(query)}"


def linmas_figures(request: HttpRequest, scope: Scope) -> Iterator[HomeFigure]:
    if scope.village_codes is None:
        # The level as a WHERE clause, so a national count reads the ready desa from an index
        # instead of every desa's row.
        ready = restrict_village(
            VillageReadiness.objects.filter(level=ReadinessLevel.SIAP), scope
        ).count()
        villages = villages_in_scope(scope=scope).count()
        yield HomeFigure(
            key="linmas-ready",
            label=_("Desa siap LINMAS"),
            value=_("%(ready)s dari %(villages)s") % {"ready": ready, "villages": villages},
            url=reverse("linmas:home"),
            tone="success" if villages and ready == villages else "warning",
        )
        return
    if not can_read_members(scope):
        return
    today = timezone.localdate()
    missing = (
        members_in_scope(scope=scope)
        .filter(status=MemberStatus.AKTIF)
        .aggregate(
            no_decree=Count("pk", filter=Q(decree_number="")),
            no_card=Count(
                "pk",
                filter=Q(card_number="")
                | Q(card_valid_until__isnull=True)
                | Q(card_valid_until__lt=today),
            ),
        )
    )
    yield HomeFigure(
        key="members-no-decree",
        label=_("Anggota aktif tanpa nomor SK"),
        value=str(missing["no_decree"]),
        url=_members_url(scope, decree="belum"),
        tone="warning" if missing["no_decree"] else "success",
    )
    yield HomeFigure(
        key="members-no-card",
        label=_("Anggota aktif tanpa KTA berlaku"),
        value=str(missing["no_card"]),
        url=_members_url(scope, card="tidak"),
        tone="warning" if missing["no_card"] else "success",
    )


def linmas_actions(request: HttpRequest, scope: Scope) -> Iterator[HomeAction]:
    if not can_write(scope) or scope.village_codes is None:
        return
    yield HomeAction(
        key="member-create", label=_("Tambah anggota"), url=reverse("linmas:member_create")
    )
    yield HomeAction(
        key="member-import",
        label=_("Impor anggota dari Excel"),
        url=reverse("linmas:import_upload"),
    )
    yield HomeAction(
        key="member-missing",
        label=_("Lengkapi data anggota"),
        url=_members_url(scope, decree="belum"),
    )


register_home_figures("linmas.readiness", figures=linmas_figures, order=30)
register_home_actions("linmas.next", actions=linmas_actions, order=10)
