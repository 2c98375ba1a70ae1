"""Time the rendering of the KAK (PDF, DOCX) and the LKjIP tables (DOCX, XLSX) on the reference
data: the first rendering, then the median and 95th percentile of N more (ADR 0104).

The reference data is loaded as `make reference` loads it (regions, boundaries, office, the
KAK's plan and budget, the follow-up ledger), and the year's indicator definitions are seeded
from the plan and computed (the section's first step before an LKjIP), inside a transaction that
is rolled back, so the database is left as it was. The documents are rendered by their kind's
build, not archived: nothing is written to the archive's storage.

Then a long table (500 and 2,000 rows of six columns) through the Word and Excel converters: the
time at both sizes and their ratio, which stays near 4 when the work grows with the rows (a
quadratic converter would give about 16).

    manage.py bench_documents --runs 5
"""

import io
import math
import statistics
import time
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import translation

from sitrantib.reports.catalogue import ReportRequest, report_kind

# (kind, format): the KAK as both files the section edits and prints, the LKjIP as its tables.
CASES: tuple[tuple[str, str], ...] = (
    ("kak", "pdf"),
    ("kak", "docx"),
    ("lkjip", "docx"),
    ("lkjip", "xlsx"),
)


def long_table_html(rows: int) -> str:
    """A document of one six-column table of `rows` rows, with a merged total row."""
    body = "".join(
        f"<tr><td>{i}</td><td>Desa {i}</td><td>Patroli {i}</td>"
        f'<td class="num" data-value="{i * 1000}">{i * 1000}</td><td>-</td><td>-5</td></tr>'
        for i in range(1, rows + 1)
    )
    return (
        "<html><head><title>Uji</title></head><body><h1>Uji</h1>"
        '<table class="grid" data-sheet="Data"><thead><tr><th>No</th><th>Desa</th>'
        "<th>Uraian</th><th>Jumlah</th><th>Ket</th><th>Selisih</th></tr></thead>"
        f'<tbody>{body}<tr><td colspan="3">Jumlah</td><td>x</td><td>y</td><td>z</td></tr>'
        "</tbody></table></body></html>"
    )


class _Rollback(Exception):
    pass


def percentile(values: list[float], fraction: float) -> float:
    """The nearest-rank percentile of `values` (fraction 0.95 for p95)."""
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


class Command(BaseCommand):
    help = (
        "Ukur waktu pembuatan KAK (PDF, DOCX) dan tabel LKjIP (DOCX, XLSX) dari data acuan "
        "(data dimuat lalu dibuang)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--runs", type=int, default=5, help="jumlah pengukuran per dokumen")
        parser.add_argument("--district", default="35.08.07", help="kecamatan (bawaan 35.08.07)")
        parser.add_argument("--year", type=int, default=2020, help="tahun dokumen (bawaan 2020)")

    def handle(self, *args: Any, **options: Any) -> None:
        runs = options["runs"]
        if runs < 1:
            raise CommandError("--runs paling sedikit 1.")
        try:
            with transaction.atomic(), translation.override("id"):
                self._load(options["district"], options["year"])
                self._measure(options["district"], options["year"], runs)
                raise _Rollback
        except _Rollback:
            self.stdout.write("data acuan dibuang (rollback)")
        self._long_tables()

    def _long_tables(self) -> None:
        from sitrantib.core.documents import load_image
        from sitrantib.core.docx_render import html_to_docx
        from sitrantib.core.xlsx_render import html_to_xlsx

        converters = (
            ("docx", lambda html: html_to_docx(html, load_image)),
            ("xlsx", html_to_xlsx),
        )
        for fmt, convert in converters:
            seconds = {}
            for rows in (500, 2000):
                html = long_table_html(rows)
                start = time.perf_counter()
                convert(html)
                seconds[rows] = time.perf_counter() - start
            self.stdout.write(
                f"tabel panjang {fmt}: 500 baris {seconds[500] * 1000:.0f} ms, 2000 baris "
                f"{seconds[2000] * 1000:.0f} ms (rasio {seconds[2000] / seconds[500]:.1f}; "
                "linear ~4)"
            )

    def _load(self, district_code: str, year: int) -> None:
        from sitrantib.accounts.models import User
        from sitrantib.core.enums import Role
        from sitrantib.indicators.services import recompute, seed_from_plan
        from sitrantib.regions.models import District

        quiet = io.StringIO()
        start = time.perf_counter()
        call_command("load_reference", scope="35.08", stdout=quiet)
        call_command("load_plan", stdout=quiet)
        call_command("compute_follow_up", verbosity=0, stdout=quiet)
        district = District.objects.filter(code=district_code).first()
        if district is None:
            raise CommandError(f"Kecamatan {district_code!r} tidak ada di data acuan.")
        # The section's administrator seeds the year's indicators from the plan (rolled back).
        admin = User.objects.create(
            username="bench-documents", role=Role.TRANTIB_ADMIN, district=district
        )
        try:
            seed_from_plan(district=district, year=year, actor=admin)
        except ValidationError:
            self.stdout.write(f"tidak ada rencana tahun {year}: indikator tidak dibuat")
        recompute(district_code=district_code, year=year)
        self.stdout.write(f"data acuan dimuat dalam {time.perf_counter() - start:.1f} s")

    def _measure(self, district: str, year: int, runs: int) -> None:
        self.stdout.write(f"kecamatan {district}, tahun {year}, {runs} pengukuran per dokumen")
        for key, fmt in CASES:
            try:
                kind = report_kind(key)
            except LookupError:
                self.stdout.write(f"{key} {fmt}: jenis dokumen belum terdaftar")
                continue
            request = ReportRequest(district_code=district, year=year, fmt=fmt, actor=None)
            first, size = self._time(kind.build, request)
            times = [self._time(kind.build, request)[0] for _ in range(runs)]
            self.stdout.write(
                f"{key} {fmt}: pertama {first * 1000:.0f} ms; median "
                f"{statistics.median(times) * 1000:.0f} ms, p95 "
                f"{percentile(times, 0.95) * 1000:.0f} ms ({runs} kali); {size / 1024:.0f} KiB"
            )

    @staticmethod
    def _time(build: Any, request: ReportRequest) -> tuple[float, int]:
        start = time.perf_counter()
        rendered = build(request)
        return time.perf_counter() - start, len(rendered.content)
