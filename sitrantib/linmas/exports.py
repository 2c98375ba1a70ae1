"""Register exports (XLSX, PDF list) and the membership cards (KTA) with their QR code."""

import base64
import datetime as dt
import io
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from sitrantib.core.documents import render_pdf
from sitrantib.core.links import is_loopback
from sitrantib.core.paging import iterate_by_key
from sitrantib.core.scoping import Scope
from sitrantib.core.text import strip_control_characters
from sitrantib.linmas.models import Member
from sitrantib.linmas.selectors import Readiness, personal_fields, sees_personal_data
from sitrantib.regions.models import Village

CARDS_PER_PAGE = 10


def register_headers(scope: Scope | None = None) -> list[str]:
    """The register's columns; where the NIK is masked, the birth year replaces the date."""
    full = scope is None or sees_personal_data(scope)
    born = _("Tanggal lahir") if full else _("Tahun lahir")
    return [
        "No.", "NIK", _("Nama"), _("L/P"), _("Tempat lahir"), born, _("Alamat"),
        "RT", "RW", _("Telepon"), _("Pendidikan"), _("Jabatan"), _("Regu"), _("Nomor SK"),
        _("Tanggal SK"), _("Nomor KTA"), _("KTA berlaku sampai"), _("Status"),
    ]  # fmt: skip


# Text columns of a member printed in the PDF list and the cards: a control character stored
# before the forms refused them (issue 15 A1) is removed before rendering.
_PRINTED_TEXT = (
    "name", "birth_place", "address", "occupation", "decree_number", "card_number",
    "status_reason",
)  # fmt: skip


def clean_for_print(member: Member) -> Member:
    """The member with control characters removed from its printed text (in memory only)."""
    for name in _PRINTED_TEXT:
        value = getattr(member, name, "")
        if value:
            setattr(member, name, strip_control_characters(value))
    return member


def _member_row(number: int, member: Member, scope: Scope) -> list[Any]:
    shown = personal_fields(member, scope)
    born = shown["birth_date"] if shown["birth_date"] is not None else shown["birth_year"]
    return [
        number, shown["nik"], member.name, member.sex, member.birth_place, born,
        shown["address"], member.rt, member.rw, shown["phone"], member.get_education_display(),
        member.get_position_display(), member.squad.name if member.squad else "",
        member.decree_number, member.decree_date, member.card_number, member.card_valid_until,
        member.get_status_display(),
    ]  # fmt: skip


Sheet = tuple[str, Sequence[str], Iterator[list[Any]]]
# The members stream in desa order so each desa's sheet is written as its rows arrive.
EXPORT_ORDERING = ("village", "name", "pk")


class _Peekable:
    """An iterator whose next item can be looked at without taking it."""

    _END = object()

    def __init__(self, items: Iterator[Member]) -> None:
        self._items = items
        self._next: Any = next(items, self._END)

    def peek(self) -> Member | None:
        return None if self._next is self._END else self._next

    def take(self) -> Member:
        item = self._next
        self._next = next(self._items, self._END)
        return item


def _village_rows(members: _Peekable, code: str, scope: Scope) -> Iterator[list[Any]]:
    number = 0
    while (member := members.peek()) is not None and member.village_id <= code:
        members.take()
        if member.village_id == code:
            number += 1
            yield _member_row(number, member, scope)


def register_sheets(
    *,
    members: QuerySet[Member],
    readiness: list[Readiness],
    scope: Scope,
    track: Callable[[Iterator[Member]], Iterator[Member]] | None = None,
) -> Iterator[Sheet]:
    """One summary sheet, then one sheet per desa, for `core.spreadsheets.xlsx_response`.

    The members are read `iterate_by_key` chunk by chunk while the sheets are written, so memory
    stays flat however large the register; text cells never become formulas (`safe_cell`).
    """
    counts = dict(
        members.order_by()
        .values("village_id")
        .annotate(n=Count("id"))
        .values_list("village_id", "n")
    )
    summary_rows = iter(
        [
            [
                r.village.code,
                r.village.name,
                counts.get(r.village.code, 0),
                r.active,
                r.with_decree,
                r.with_valid_card,
                r.trained,
                r.rt_count,
                r.shortage,
                r.need,
                r.level_label,
            ]
            for r in readiness
        ]
    )
    yield (
        _("Ringkasan"),
        [
            _("Kode desa"),
            _("Desa"),
            pgettext("member count", "Anggota"),
            _("Aktif"),
            _("Ber-SK"),
            _("KTA berlaku"),
            _("Terlatih"),
            _("Jumlah RT"),
            _("Kekurangan perlengkapan"),
            _("Kebutuhan anggota"),
            _("Kesiapan"),
        ],
        summary_rows,
    )
    rows = iterate_by_key(members, ordering=EXPORT_ORDERING)
    stream = _Peekable(track(rows) if track else rows)
    for r in sorted(readiness, key=lambda item: item.village.code):
        yield (
            r.village.name,
            register_headers(scope),
            _village_rows(stream, r.village.code, scope),
        )


def register_pdf(
    *, members: list[Member], villages: list[Village], scope: Scope, office: Any, today: dt.date
) -> bytes:
    by_village: dict[str, list[Member]] = defaultdict(list)
    for member in members:
        clean_for_print(member)
        member.shown = personal_fields(member, scope)  # type: ignore[attr-defined]
        by_village[member.village_id].append(member)
    groups = [(v, by_village[v.code]) for v in villages if by_village.get(v.code)]
    signatory = None
    if office is not None:
        signatory = next((s for s in office.signatories.all() if s.role == "camat"), None)
    return render_pdf(
        "linmas/pdf/register.html",
        {
            "office": office,
            "groups": groups,
            "signatory": signatory,
            "signed_on": today,
            "today": today,
        },
    )


def qr_data_uri(url: str) -> str:
    import qrcode

    image = qrcode.make(url, box_size=6, border=1)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def photo_data_uri(member: Member) -> str:
    if not member.photo:
        return ""
    try:
        with member.photo.open("rb") as handle:
            content = handle.read()
    except OSError:
        return ""
    name = (member.photo.name or "").lower()
    mime = "image/png" if name.endswith(".png") else "image/jpeg"
    return f"data:{mime};base64," + base64.b64encode(content).decode()


def card_is_final(member: Member, *, today: dt.date) -> bool:
    """A card may be printed as final only with its number and a validity date not yet past
    (ADR 0014); any other card is printed only in a run marked DRAF."""
    return bool(member.card_number and member.card_valid_until and member.card_valid_until >= today)


# The mark of a card run holding a card that is not final (documents/base.html `draft_mark`).
CARD_DRAFT_MARK = "DRAF"


def cards_pdf(*, members: list[Member], verify_url: Any, office: Any, today: dt.date) -> bytes:
    """KTA cards of 85.6 x 54 mm, ten per A4 sheet; `verify_url(code)` gives the QR target.

    Each card shows what a Satlinmas card carries: title, name, number, position (and squad),
    desa / kecamatan / kabupaten, valid until, photo, the issuing official's signature block
    (title, name, NIP grouped) and the QR to the public check; never the NIK or the address.
    A run holding a card without its number or validity (or past it), or whose QR would only
    open on this laptop (no SITRANTIB_PUBLIC_URL, page opened on 127.0.0.1), is a draft: every
    page carries the DRAF mark and each such card says it is not valid.
    """
    cards = []
    for m in members:
        url = verify_url(m.verification_code)
        cards.append(
            {
                "member": clean_for_print(m),
                "qr": qr_data_uri(url),
                "photo": photo_data_uri(m),
                "valid": bool(m.card_valid_until and m.card_valid_until >= today),
                # A QR to 127.0.0.1 opens on no phone: such a card is not final either.
                "final": card_is_final(m, today=today) and not is_loopback(url),
            }
        )
    draft = any(not card["final"] for card in cards)
    signatory = None
    if office is not None:
        signatory = next((s for s in office.signatories.all() if s.role == "camat"), None)
    pages = [cards[i : i + CARDS_PER_PAGE] for i in range(0, len(cards), CARDS_PER_PAGE)]
    return render_pdf(
        "linmas/pdf/cards.html",
        {
            "office": office,
            "pages": pages,
            "today": today,
            "signatory": signatory,
            "draft_mark": CARD_DRAFT_MARK if draft else "",
        },
    )
