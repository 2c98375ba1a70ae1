"""Data-quality rules of the LINMAS register."""

from collections.abc import Iterator

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sitrantib.core.dataquality import Finding, register
from sitrantib.core.enums import Severity
from sitrantib.core.scoping import Scope
from sitrantib.linmas.enums import MemberStatus
from sitrantib.linmas.selectors import members_in_scope

MESSAGE_CARD_EXPIRED = gettext_noop("KTA anggota aktif sudah lewat masa berlakunya.")
MESSAGE_NO_DECREE = gettext_noop("Anggota aktif belum punya nomor SK pengangkatan.")


@register("linmas.card_expired")
def card_expired(scope: Scope) -> Iterator[Finding]:
    today = timezone.localdate()
    rows = members_in_scope(scope=scope).filter(
        status=MemberStatus.AKTIF, card_valid_until__lt=today
    )
    for member in rows.order_by("pk"):
        yield Finding(
            severity=Severity.WARNING,
            object=f"linmas_member:{member.pk}",
            field="card_valid_until",
            message=_(MESSAGE_CARD_EXPIRED),
            district_code=member.village_id[:8],
            url=reverse("linmas:member_detail", kwargs={"pk": member.pk}),
        )


@register("linmas.no_decree")
def no_decree(scope: Scope) -> Iterator[Finding]:
    rows = members_in_scope(scope=scope).filter(status=MemberStatus.AKTIF, decree_number="")
    for member in rows.order_by("pk"):
        yield Finding(
            severity=Severity.INFO,
            object=f"linmas_member:{member.pk}",
            field="decree_number",
            message=_(MESSAGE_NO_DECREE),
            district_code=member.village_id[:8],
            url=reverse("linmas:member_detail", kwargs={"pk": member.pk}),
        )
