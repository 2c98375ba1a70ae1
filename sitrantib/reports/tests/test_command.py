"""`manage.py render_document`: a real file written, archived as made from the command line, and
clear errors for an unknown kind, format, year or kecamatan."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from sitrantib.core.archive import read_archived
from sitrantib.core.models import AuditEntry, IssuedDocument
from sitrantib.reports.tests.tiny_kind import BUILDS, TINY, tiny_kind_fixture  # noqa: F401
from sitrantib.testing.factories import make_region_tree

pytestmark = pytest.mark.django_db


def _render(*args: str) -> str:
    out = io.StringIO()
    call_command("render_document", *args, stdout=out)
    return out.getvalue()


def _text_of(path: Path, fmt: str) -> str:
    """The text of a written file, read by the library that opens that format."""
    if fmt == "docx":
        import docx

        return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    if fmt == "xlsx":
        import openpyxl

        book = openpyxl.load_workbook(path)
        return "\n".join(
            str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row
        )
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


@pytest.mark.parametrize("fmt", ["docx", "pdf", "xlsx"])
def test_render_document_writes_a_real_file_and_archives_it(world, tiny_kind, tmp_path, fmt):
    # The world has two kecamatan: the command needs to be told which.
    output = tmp_path / f"laporan.{fmt}"

    printed = _render(
        TINY, "--year", "2020", "--format", fmt, "--output", str(output), "--district", "35.08.07"
    )

    document = IssuedDocument.objects.get()
    assert output.read_bytes() == read_archived(document)
    assert f"arsip: {document.pk}" in printed
    assert f"sha256: {document.sha256}" in printed
    assert "Laporan uji 35.08.07 tahun 2020" in _text_of(output, fmt)
    assert document.issued_by is None
    assert document.params["issued_from"] == "command_line"
    entry = AuditEntry.objects.get(object_type="core.issueddocument")
    assert (entry.actor, entry.actor_name) == (None, "sistem")


def test_the_only_kecamatan_is_the_default(db, tiny_kind, tmp_path):
    make_region_tree(district_code="35.08.07", villages=[("35.08.07.2001", "Darungan")])
    output = tmp_path / "uji.docx"

    _render(TINY, "--year", "2021", "--format", "docx", "--output", str(output))

    assert BUILDS[-1].district_code == "35.08.07"
    assert IssuedDocument.objects.get().district_code == "35.08.07"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["tidakada", "--year", "2020", "--format", "pdf"],
            "Jenis dokumen 'tidakada' tidak dikenal",
        ),
        ([TINY, "--year", "2020", "--format", "odt"], "Format 'odt' tidak tersedia untuk uji"),
        (["uji_admin", "--year", "2020", "--format", "docx"], "tidak tersedia untuk uji_admin"),
        ([TINY, "--year", "1999", "--format", "pdf"], "Tahun harus antara 2000 dan"),
        ([TINY, "--year", "2020", "--format", "pdf"], "sebutkan --district KODE"),
        (
            [TINY, "--year", "2020", "--format", "pdf", "--district", "99.99.99"],
            "Kecamatan '99.99.99' tidak ada",
        ),
        (
            ["uji_admin", "--year", "2020", "--format", "pdf", "--district", "35.08.07"],
            "memerlukan --month",
        ),
        (
            [TINY, "--year", "2001", "--format", "pdf", "--district", "35.08.07"],
            "Belum ada data tahun ini.",
        ),
    ],
)
def test_bad_arguments_stop_with_a_clear_message_and_nothing_archived(
    world, tiny_kind, tmp_path, args, message
):
    output = tmp_path / "x"

    with pytest.raises(CommandError, match=message):
        _render(*args, "--output", str(output))

    assert not output.exists()
    assert not IssuedDocument.objects.exists()


def test_bench_percentile_is_the_nearest_rank():
    from sitrantib.reports.management.commands.bench_documents import percentile

    times = [5.0, 1.0, 3.0, 2.0, 4.0]

    assert (percentile(times, 0.5), percentile(times, 0.95), percentile([7.0], 0.95)) == (
        3.0,
        5.0,
        7.0,
    )


def test_render_document_writes_the_kak_of_the_reference_data(db, tmp_path):
    from sitrantib.reports.tests.kak_support import approved_kak_2020

    approved_kak_2020()  # the only kecamatan: --district is not needed
    written = {}
    for fmt in ("docx", "pdf"):
        output = tmp_path / f"kak.{fmt}"
        printed = _render("kak", "--year", "2020", "--format", fmt, "--output", str(output))
        written[fmt] = _text_of(output, fmt)
        assert f"sha256: {IssuedDocument.objects.get(format=fmt).sha256}" in printed

    for text in written.values():
        assert "KERANGKA ACUAN KERJA" in text.upper()
        assert "YOSOWILANGUN" in text.upper()
    assert set(IssuedDocument.objects.values_list("kind", flat=True)) == {"reports.kak"}
