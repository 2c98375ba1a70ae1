"""Data-quality rules of the LINMAS register."""

from collections.abc import Iterator

from django.db.models import Count, Subquery, Window
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sitrantib.core.dataquality import Finding, register
from sitrantib.core.enums import Severity
from sitrantib.core.formatting import format_date_id
from sitrantib.core.scoping import Scope
from sitrantib.linmas.enums import MemberStatus
from sitrantib.linmas.nik import district_code_of
from sitrantib.linmas.selectors import members_in_scope, nik_region_lookup

# Each finding names the desa and the member, and links to the member's page (docs/adr/0053).
MESSAGE_CARD_EXPIRED = gettext_noop(
    "Desa %(village)s: KTA anggota aktif %(name)s berlaku sampai %(date)s, sudah lewat; "
    "perpanjang KTA-nya."
)
MESSAGE_NO_DECREE = gettext_noop(
    "Desa %(village)s: anggota aktif %(name)s belum punya nomor SK pengangkatan."
)
MESSAGE_NIK_REGION_UNKNOWN = gettext_noop(
    "Desa %(village)s: kode kecamatan pada NIK anggota %(name)s tidak ada di daftar wilayah "
    "sekarang (mungkin sebelum pemekaran); cocokkan NIK dengan KTP."
)

MESSAGE_CARD_DUPLICATE = gettext_noop(
    "Desa %(village)s: nomor KTA %(number)s anggota %(name)s juga tercatat pada %(count)s anggota "
    "lain; cocokkan dengan kartunya dan perbaiki nomor yang salah."
)


@register("linmas.card_number_duplicate")
def card_number_duplicate(scope: Scope) -> Iterator[Finding]:
    """KTA numbers held by more than one member (ADR 0106): old rows and imports from before
    numbers were checked keep them; the register does not refuse them, it reports them here.
    Compared regardless of case; two queries whatever the number of members."""
    members = members_in_scope(scope=scope).exclude(card_number="")
    shared = (
        members.order_by()
        .annotate(key=Upper("card_number"))
        .values("key")
        .annotate(holders=Count("id"))
        .filter(holders__gt=1)
        .values("key")
    )
    rows = (
        members.annotate(key=Upper("card_number"))
        .filter(key__in=Subquery(shared))
        .select_related("village")
        .annotate(holders=Window(Count("id"), partition_by=[Upper("card_number")]))
    )
    for member in rows.order_by("pk"):
        yield Finding(
            severity=Severity.ERROR,
            object=f"linmas_member:{member.pk}",
            field="card_number",
            message=_(MESSAGE_CARD_DUPLICATE)
            % {
                "village": member.village.name,
                "number": member.card_number,
                "name": member.name,
                "count": member.holders - 1,
            },
            district_code=member.village_id[:8],
            url=reverse("linmas:member_detail", kwargs={"pk": member.pk}),
        )


@register("linmas.card_expired")
def card_expired(scope: Scope) -> Iterator[Finding]:
    today = timezone.localdate()
    rows = members_in_scope(scope=scope).filter(
        status=MemberStatus.AKTIF, card_valid_until__lt=today
    )
    for member in rows.order_by("pk"):
        if member.card_valid_until is None:  # never: the filter above has a date
            continue
        yield Finding(
            severity=Severity.WARNING,
            object=f"linmas_member:{member.pk}",
            field="card_valid_until",
            message=_(MESSAGE_CARD_EXPIRED)
            % {
                "village": member.village.name,
                "name": member.name,
                "date": format_date_id(member.card_valid_until),
            },
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
            message=_(MESSAGE_NO_DECREE) % {"village": member.village.name, "name": member.name},
            district_code=member.village_id[:8],
            url=reverse("linmas:member_detail", kwargs={"pk": member.pk}),
        )


@register("linmas.nik_region_unknown")
def nik_region_unknown(scope: Scope) -> Iterator[Finding]:
    """NIKs accepted with a kecamatan code not in the current list (ADR 0011): worth a check."""
    members = list(
        members_in_scope(scope=scope)
        .select_related(None)
        .select_related("village")
        .only("pk", "nik", "name", "village_id", "village__name")
    )
    known: dict[str, bool | None] = {}  # one lookup per kecamatan code, not per member
    for member in sorted(members, key=lambda m: m.pk):
        code = district_code_of(member.nik)
        if code not in known:
            known[code] = nik_region_lookup(code)
        if known[code] is not False:
            continue
        yield Finding(
            severity=Severity.INFO,
            object=f"linmas_member:{member.pk}",
            field="nik",
            message=_(MESSAGE_NIK_REGION_UNKNOWN)
            % {"village": member.village.name, "name": member.name},
            district_code=member.village_id[:8],
            url=reverse("linmas:member_detail", kwargs={"pk": member.pk}),
        )
