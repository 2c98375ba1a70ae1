"""Issue 15 part A for the register: control characters already stored (A1), a masked NIK that
cannot be rebuilt (A2), exports with personal data not cached and audited (A9)."""

import datetime as dt
import io
import json

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from sitrantib.core.models import AuditEntry
from sitrantib.linmas.models import Member
from sitrantib.linmas.services import new_verification_code

from .conftest import download, make_member, nik_for

AUDIT_EXPORT = "export"

BORN = dt.date(1990, 8, 17)
FILES = {"xlsx": "register-linmas.xlsx", "pdf": "daftar-linmas.pdf", "cards": "kta-linmas.pdf"}
EXPORTS = {
    "xlsx": "/linmas/ekspor/register.xlsx",
    "pdf": "/linmas/ekspor/daftar.pdf",
    "cards": "/linmas/kta.pdf",
}


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def body(response) -> bytes:
    return download(response) if response.streaming else response.content


# ---------------------------------------------------------------- A1


def test_every_export_answers_with_control_characters_already_stored(client, world, media):
    """Old rows bypassed the forms: a \\u0005 in the name, birth place, address or SK number
    must not break the register XLSX, the PDF list, the cards or the readiness page."""
    Member.objects.bulk_create(
        [
            Member(
                village=world.village,
                nik=nik_for(BORN, "L", 1),
                name="Budi\u0005 Santoso",
                sex="L",
                # No NUL: PostgreSQL cannot store one, so no old row can hold it.
                birth_place="Luma\u0005jang\u001f",
                birth_date=BORN,
                address="Jl.\u001b Raya",
                occupation="Tani\u0007",
                decree_number="188/\u0005/2025",
                card_number="KTA\u00051",
                card_valid_until=dt.date(2030, 1, 1),
                verification_code=new_verification_code(),
            )
        ]
    )
    client.force_login(world.admin)
    xlsx = client.get(EXPORTS["xlsx"])
    pdf = client.get(EXPORTS["pdf"])
    cards = client.get(EXPORTS["cards"])
    readiness = client.get("/linmas/")
    workbook = load_workbook(io.BytesIO(body(xlsx)))
    row = [c.value for c in workbook["Darungan"][2]]
    assert (xlsx.status_code, pdf.status_code, cards.status_code, readiness.status_code) == (
        200,
        200,
        200,
        200,
    )
    assert (
        row[2],
        row[4],
        "Budi Santoso" in pdf_text(pdf.content),
        len(PdfReader(io.BytesIO(cards.content)).pages),
    ) == (
        "Budi Santoso",
        "Lumajang",
        True,
        1,
    )


# ---------------------------------------------------------------- A2


def _female_member(world):
    return make_member(
        world.village,
        nik=nik_for(BORN, "P", 7),
        sex="P",
        birth_date=BORN,
        birth_place="Lumajang",
        name="Siti Aminah",
    )


EXACT_DATES = ("17-08-1990", "17 Agustus 1990", "1990-08-17", "17/08/1990")


def _shows_exact_date(text: str) -> bool:
    return any(date in text for date in EXACT_DATES)


@pytest.mark.parametrize(
    ("role", "masked"),
    [("camat", True), ("staff", True), ("admin", False), ("operator", False), ("national", False)],
)
def test_member_page_shows_birth_year_only_where_nik_is_masked(client, world, role, masked):
    member = _female_member(world)
    client.force_login(getattr(world, role))
    text = client.get(f"/linmas/anggota/{member.pk}/").content.decode()
    assert (
        "3508********0007" in text,
        _shows_exact_date(text),
        "1990" in text,
    ) == (masked, not masked, True)


@pytest.mark.parametrize(
    ("role", "masked"), [("camat", True), ("staff", True), ("admin", False), ("operator", False)]
)
def test_api_member_gives_birth_year_only_where_nik_is_masked(client, world, role, masked):
    member = _female_member(world)
    client.force_login(getattr(world, role))
    detail = client.get(f"/api/v1/linmas-members/{member.pk}/").json()
    listed = client.get("/api/v1/linmas-members/").json()["results"][0]
    expected = ("3508********0007", None, 1990) if masked else (member.nik, "1990-08-17", 1990)
    assert (detail["nik"], detail["birth_date"], detail["birth_year"]) == expected
    assert (listed["nik"], listed["birth_date"], listed["birth_year"]) == expected


@pytest.mark.parametrize(("role", "masked"), [("camat", True), ("staff", True), ("admin", False)])
def test_register_xlsx_gives_birth_year_only_where_nik_is_masked(client, world, role, masked):
    _female_member(world)
    client.force_login(getattr(world, role))
    workbook = load_workbook(io.BytesIO(body(client.get(EXPORTS["xlsx"]))))
    header = [c.value for c in workbook["Darungan"][1]]
    row = [c.value for c in workbook["Darungan"][2]]
    assert (header[5], row[1], row[5]) == (
        ("Tahun lahir", "3508********0007", 1990)
        if masked
        else ("Tanggal lahir", nik_for(BORN, "P", 7), dt.datetime(1990, 8, 17))
    )


@pytest.mark.parametrize(("role", "masked"), [("camat", True), ("staff", True), ("admin", False)])
def test_register_pdf_gives_birth_year_only_where_nik_is_masked(client, world, role, masked):
    _female_member(world)
    client.force_login(getattr(world, role))
    text = pdf_text(client.get(EXPORTS["pdf"]).content)
    assert (
        "3508********0007" in text,
        _shows_exact_date(text),
        "Lumajang, 1990" in text or "Lumajang, 17-08-1990" in text,
    ) == (
        masked,
        not masked,
        True,
    )


def test_audit_log_hides_birth_date_from_camat(client, world):
    from sitrantib.linmas import services

    services.create_member(
        village=world.village,
        data={
            "nik": nik_for(BORN, "P", 7),
            "name": "Siti Aminah",
            "sex": "P",
            "birth_place": "Lumajang",
            "birth_date": BORN,
        },
        actor=world.admin,
    )
    entry = AuditEntry.objects.get(object_type="linmas.member")
    client.force_login(world.camat)
    text = client.get(f"/sistem/log-audit/{entry.pk}/").content.decode()
    assert (text.count("1990-08-17"), Member.audit_personal_fields.count("birth_date")) == (0, 1)


# ---------------------------------------------------------------- A9


@pytest.mark.parametrize("kind", ["xlsx", "pdf", "cards"])
def test_personal_exports_are_not_cached_and_are_audited(client, world, media, kind):
    make_member(world.village, serial=1, card_number="KTA-1", card_valid_until=dt.date(2030, 1, 1))
    client.force_login(world.admin)
    response = client.get(EXPORTS[kind] + "?village=35.08.07.2001&status=aktif")
    body(response)
    entry = AuditEntry.objects.get(action=AUDIT_EXPORT)
    note = json.loads(entry.note)
    assert (
        response.status_code,
        response["Cache-Control"],
        entry.actor_id,
        entry.district_code,
        entry.object_repr.endswith(FILES[kind]),
        note.get("village"),
        note.get("status"),
    ) == (
        200,
        "no-store",
        world.admin.pk,
        "35.08.07",
        True,
        "35.08.07.2001",
        "aktif",
    )


def test_refused_export_is_not_audited(client, world):
    client.force_login(world.admin)
    response = client.get(EXPORTS["xlsx"] + "?status=tidak-ada")
    assert (response.status_code, AuditEntry.objects.filter(action=AUDIT_EXPORT).count()) == (
        302,
        0,
    )
