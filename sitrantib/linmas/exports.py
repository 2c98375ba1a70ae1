"""Register exports (XLSX, PDF list) and the membership cards (KTA) with their QR code."""

import base64
import datetime as dt
import io
from collections import defaultdict
from typing import Any

from django.utils.translation import gettext as _

from sitrantib.core.documents import render_pdf
from sitrantib.core.scoping import Scope
from sitrantib.core.spreadsheets import write_workbook
from sitrantib.linmas.models import Member
from sitrantib.linmas.selectors import Readiness, personal_fields
from sitrantib.regions.models import Village

CARDS_PER_PAGE = 10


def register_headers() -> list[str]:
    return [
        "No.", "NIK", _("Nama"), _("L/P"), _("Tempat lahir"), _("Tanggal lahir"), _("Alamat"),
        "RT", "RW", _("Telepon"), _("Pendidikan"), _("Jabatan"), _("Regu"), _("Nomor SK"),
        _("Tanggal SK"), _("Nomor KTA"), _("KTA berlaku sampai"), _("Status"),
    ]  # fmt: skip


def _member_row(number: int, member: Member, scope: Scope) -> list[Any]:
    shown = personal_fields(member, scope)
    return [
        number, shown["nik"], member.name, member.sex, member.birth_place, member.birth_date,
        shown["address"], member.rt, member.rw, shown["phone"], member.get_education_display(),
        member.get_position_display(), member.squad.name if member.squad else "",
        member.decree_number, member.decree_date, member.card_number, member.card_valid_until,
        member.get_status_display(),
    ]  # fmt: skip


def register_xlsx(*, members: list[Member], readiness: list[Readiness], scope: Scope) -> bytes:
    """One summary sheet, then one sheet per desa; text cells never become formulas."""
    by_village: dict[str, list[Member]] = defaultdict(list)
    for member in members:
        by_village[member.village_id].append(member)
    summary_rows = [
        [
            r.village.code,
            r.village.name,
            len(by_village.get(r.village.code, [])),
            r.active,
            r.with_decree,
            r.with_valid_card,
            r.rt_count,
            r.shortage,
        ]
        for r in readiness
    ]
    sheets: list[tuple[str, list[str], list[list[Any]]]] = [
        (
            _("Ringkasan"),
            [
                _("Kode desa"),
                _("Desa"),
                _("Anggota"),
                _("Aktif"),
                _("Ber-SK"),
                _("KTA berlaku"),
                _("Jumlah RT"),
                _("Kekurangan perlengkapan"),
            ],
            summary_rows,
        )
    ]
    for r in readiness:
        rows = by_village.get(r.village.code, [])
        sheets.append(
            (
                r.village.name,
                register_headers(),
                [_member_row(i, m, scope) for i, m in enumerate(rows, 1)],
            )
        )
    return write_workbook(sheets)


def register_pdf(
    *, members: list[Member], villages: list[Village], scope: Scope, office: Any, today: dt.date
) -> bytes:
    by_village: dict[str, list[Member]] = defaultdict(list)
    for member in members:
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


def cards_pdf(*, members: list[Member], verify_url: Any, office: Any, today: dt.date) -> bytes:
    """KTA cards of 85.6 x 54 mm, ten per A4 sheet; `verify_url(code)` gives the QR target."""
    cards = [
        {
            "member": m,
            "qr": qr_data_uri(verify_url(m.verification_code)),
            "photo": photo_data_uri(m),
            "valid": bool(m.card_valid_until and m.card_valid_until >= today),
        }
        for m in members
    ]
    pages = [cards[i : i + CARDS_PER_PAGE] for i in range(0, len(cards), CARDS_PER_PAGE)]
    return render_pdf("linmas/pdf/cards.html", {"office": office, "pages": pages, "today": today})
