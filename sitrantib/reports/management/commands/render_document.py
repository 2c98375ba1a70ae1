"""Render one official document from the command line, archive it and write it to a file.

    manage.py render_document kak --year 2020 --format docx --output kak-2020.docx
    manage.py render_document monthly --year 2024 --month 3 --format pdf --output maret.pdf \
        --district 35.08.07

The document is issued exactly as on the catalogue page (`reports.services.issue_report`) and kept
in the archive with no user: the archive and its audit entry record it as made from the command
line. The kecamatan defaults to the only one installed; with several, --district is required.
Prints the archive id and the SHA-256 of the file written.
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from sitrantib.core.archive import read_archived
from sitrantib.regions.models import District
from sitrantib.reports.catalogue import ReportRequest, ReportUnavailable, report_kind, report_kinds
from sitrantib.reports.services import MIN_YEAR, issue_report, latest_year

FORMATS = ("docx", "pdf", "xlsx")


class Command(BaseCommand):
    help = (
        "Buat satu dokumen resmi (KAK, PK, LKjIP, laporan bulanan) dari data, simpan di arsip, "
        "dan tulis ke berkas."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", help="jenis dokumen: kak, pk, lkjip, monthly")
        parser.add_argument("--year", type=int, required=True, help="tahun dokumen")
        parser.add_argument("--format", dest="fmt", required=True, help="docx, pdf atau xlsx")
        parser.add_argument("--output", required=True, help="berkas yang ditulis")
        parser.add_argument("--district", default="", help="kode kecamatan, mis. 35.08.07")
        parser.add_argument("--month", type=int, default=None, help="bulan (laporan bulanan)")

    def handle(self, *args: Any, **options: Any) -> None:
        # Official documents are always in Bahasa Indonesia (and so are this command's messages).
        with translation.override("id"):
            self._render(options)

    def _render(self, options: dict[str, Any]) -> None:
        key = options["kind"]
        try:
            kind = report_kind(key)
        except LookupError:
            known = ", ".join(sorted(k.key for k in report_kinds())) or "-"
            raise CommandError(f"Jenis dokumen {key!r} tidak dikenal. Pilihan: {known}.") from None
        fmt = str(options["fmt"]).lower()
        if fmt not in FORMATS or fmt not in kind.formats:
            offered = ", ".join(kind.formats)
            raise CommandError(
                f"Format {options['fmt']!r} tidak tersedia untuk {key}. Pilihan: {offered}."
            )
        year = options["year"]
        last = latest_year()
        if not MIN_YEAR <= year <= last:
            raise CommandError(f"Tahun harus antara {MIN_YEAR} dan {last}.")
        month = options["month"]
        if kind.needs_month and month is None:
            raise CommandError(f"Dokumen {key} memerlukan --month (1-12).")
        if month is not None and not 1 <= month <= 12:
            raise CommandError("Bulan harus antara 1 dan 12.")
        district = self._district(options["district"])
        request = ReportRequest(
            district_code=district.code,
            year=year,
            fmt=fmt,
            month=month if kind.needs_month else None,
            actor=None,
        )
        try:
            document = issue_report(key=key, request=request)
        except ReportUnavailable as exc:
            raise CommandError(translation.gettext(exc.message)) from None
        output = Path(options["output"])
        try:
            output.write_bytes(read_archived(document))
        except OSError as exc:
            raise CommandError(f"Berkas {output} tidak dapat ditulis: {exc.strerror}.") from None
        self.stdout.write(f"{output}: {document.title} ({document.size} bita)")
        self.stdout.write(f"arsip: {document.pk}")
        self.stdout.write(f"sha256: {document.sha256}")

    def _district(self, code: str) -> District:
        code = code.strip()
        if code:
            district = District.objects.filter(code=code).first()
            if district is None:
                raise CommandError(f"Kecamatan {code!r} tidak ada.")
            return district
        only = list(District.objects.order_by("code")[:2])
        if len(only) == 1:
            return only[0]
        if not only:
            raise CommandError("Belum ada kecamatan. Muat data wilayah dulu (make reference).")
        raise CommandError("Ada lebih dari satu kecamatan: sebutkan --district KODE.")
