"""`manage.py bench --scale kecamatan|kabupaten|province|national [--json FILE] [--repeat N]`.

On PostgreSQL only: generates (once) the synthetic dataset of the scale, prepares its stored
figures, then measures the operations users wait for through the real URL routing and
middleware, and prints the figures, the comparisons and the goals of issue 16. See
docs/performance.md and docs/adr/0105-benchmark.md.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.test import Client

from sitrantib.benchmark import dataset, operations, report, server
from sitrantib.benchmark.measure import Result, measure, reset_peak, vm_hwm_mb, vm_rss_mb
from sitrantib.benchmark.plan import HOME_DISTRICT, SCALES, total_rows
from sitrantib.reports.catalogue import ReportUnavailable

MESSAGE_SQLITE = (
    "manage.py bench berjalan di PostgreSQL saja (data puluhan juta baris dibuat dengan SQL "
    "PostgreSQL). Jalankan dengan SITRANTIB_DB=postgres, mis. di dalam pg_virtualenv "
    "(lihat docs/performance.md)."
)


MESSAGE_DEBUG = (
    "Matikan DEBUG untuk mengukur (DEBUG menyimpan setiap kueri di memori): "
    "DJANGO_SETTINGS_MODULE=config.settings.local."
)


def require_postgresql(vendor: str) -> None:
    """CommandError with a clear message unless the database is PostgreSQL."""
    if vendor != "postgresql":
        raise CommandError(MESSAGE_SQLITE)


class Command(BaseCommand):
    help = "Mengukur kecepatan SiTrantib pada data sintetis satu skala (PostgreSQL)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=list(SCALES), required=True)
        parser.add_argument("--json", type=Path, help="tulis hasil sebagai JSON ke berkas ini")
        parser.add_argument("--repeat", type=int, default=5, help="ulangan per operasi (>= 1)")
        parser.add_argument(
            "--survey-requests",
            type=int,
            default=0,
            help="kiriman survei per putaran (bawaan: 100 x --repeat, paling sedikit 100)",
        )
        parser.add_argument(
            "--import-rows",
            type=int,
            default=operations.IMPORT_ROWS,
            help="baris berkas impor (bawaan 10.000; uji asap CI: 1.000)",
        )
        parser.add_argument(
            "--recompute-sample",
            type=int,
            default=100,
            help="kecamatan dihitung ulang pada skala besar (0: semua; waktu semua diperkirakan)",
        )
        parser.add_argument(
            "--recompute-workers",
            type=int,
            default=2,
            help="proses yang menghitung ulang indikator bersamaan (bawaan 2: dua inti)",
        )
        parser.add_argument(
            "--no-library-import",
            action="store_true",
            help="lewati perbandingan dengan django-import-export",
        )

    def log(self, text: str) -> None:
        self.stdout.write(text)
        self.stdout.flush()

    def handle(self, *args: Any, **options: Any) -> None:
        require_postgresql(connection.vendor)
        if settings.DEBUG:
            raise CommandError(MESSAGE_DEBUG)
        scale: str = options["scale"]
        repeat: int = max(1, options["repeat"])
        started = time.perf_counter()
        self.prepare(scale)
        results, comparisons = self.measure_all(scale, repeat, options)
        comparisons["scale"] = report.scale_comparison(results, scale)
        self.log("")
        self.log(report.render(results, scale, comparisons))
        self.log(f"\nselesai dalam {time.perf_counter() - started:.0f} detik")
        if options["json"]:
            rows = [r.as_json() for r in results]
            for name, s in comparisons.get("survey", {}).items():
                rows.append(
                    {
                        "operation": name,
                        "scale": scale,
                        "median_ms": s["median_ms"],
                        "p95_ms": s["p95_ms"],
                        "queries": None,
                        "sql_ms": None,
                        "rss_mb": s["rss_mb"],
                        "per_second": s["per_second"],
                    }
                )
            options["json"].write_text(json.dumps(rows, indent=2) + "\n")

    # ------------------------------------------------------------------------------ dataset

    def prepare(self, scale: str) -> None:
        call_command("migrate", verbosity=0, interactive=False)
        prefix = SCALES[scale]
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM regions_village WHERE code LIKE %s", [prefix + "%"]
            )
            villages = cursor.fetchone()[0]
        if not villages:
            scope = prefix or "all"
            self.log(f"memuat kode wilayah (load_regions --scope {scope})...")
            call_command("load_regions", scope=scope, stdout=self.stdout)
        # The office letterhead and the transcribed KAK of the home kecamatan (both idempotent).
        for command in ("load_office", "load_plan"):
            try:
                call_command(command, stdout=_Null())
            except CommandError as exc:
                self.log(f"{command}: {exc}")
        codes = dataset.districts_of(scale)
        todo = dataset.missing_districts(codes)
        if todo:
            self.log(f"membuat data sintetis untuk {len(todo)} kecamatan...")
            t0 = time.perf_counter()
            dataset.generate(scale, log=self.log)
            self.log(f"data dibuat dalam {time.perf_counter() - t0:.0f} detik")
        else:
            self.log(f"data skala {scale} sudah ada: dipakai lagi")
        pending = dataset.without_figures(codes)
        if pending:
            self.stored_figures(pending)
            dataset.mark_figures(pending)
        found, planned = dataset.counts(scale)
        if found != planned:
            differ = {k: (found[k], planned[k]) for k in planned if found[k] != planned[k]}
            raise CommandError(f"jumlah baris tidak sesuai rencana: {differ}")
        self.log(f"skala {scale}: {total_rows(found):,} baris utama ({found})")

    def stored_figures(self, districts: list[str]) -> None:
        """Readiness, follow-up and IKM figures stored as the apps store them."""
        t0 = time.perf_counter()
        if len(districts) > 50:
            call_command("compute_readiness", stdout=_Null(), stderr=_Null())
        else:
            for code in districts:
                call_command("compute_readiness", district=code, stdout=_Null(), stderr=_Null())
        call_command("compute_follow_up", stdout=_Null())
        call_command("compute_ikm", stdout=_Null())
        self.log(f"angka tersimpan dihitung dalam {time.perf_counter() - t0:.0f} detik")

    # ------------------------------------------------------------------------------ runs

    def measure_all(
        self, scale: str, repeat: int, options: dict[str, Any]
    ) -> tuple[list[Result], dict[str, Any]]:
        users = operations.bench_users()
        clients = {}
        for key, user in users.items():
            clients[key] = Client(HTTP_HOST="localhost")
            clients[key].force_login(user)
        who = ["kecamatan"] + ([operations.WIDE_USER[scale]] if scale != "kecamatan" else [])
        results: list[Result] = []
        comparisons: dict[str, Any] = {}

        def run(op: operations.Operation, note: str = "") -> Result:
            label = "kecamatan" if op.user == "kecamatan" else scale
            self.log(f"  {op.name} ({label})...")
            result = measure(op, clients[op.user], scale=scale, repeat=repeat)
            result.scale = label
            result.note = note
            results.append(result)
            return result

        self.log(f"mengukur (ulangan {repeat}), memori awal {vm_hwm_mb():.0f} MB")
        for key in who:
            for op in operations.page_operations(key, wide=key != "kecamatan"):
                run(op)
        run(operations.recompute_operation("kecamatan", [HOME_DISTRICT]))
        if scale != "kecamatan":
            recompute = run(
                operations.recompute_operation(
                    who[1],
                    dataset.districts_of(scale),
                    sample=options["recompute_sample"],
                    workers=options["recompute_workers"],
                )
            )
            share = recompute.extra["districts"] / recompute.extra["measured_districts"]
            if share > 1:
                recompute.extra["estimated_s"] = round(recompute.median_ms / 1000 * share, 1)
                recompute.note = (
                    f"{recompute.extra['measured_districts']} of {recompute.extra['districts']} "
                    f"kecamatan; all: ~{recompute.extra['estimated_s']:.0f} s (linear)"
                )
        run(operations.export_operation("kecamatan"))
        if scale != "kecamatan":
            run(operations.export_operation("kabupaten"), note="register Lumajang")
        rows = options["import_rows"]
        content = operations.import_file(rows)
        ours = run(operations.import_operation("kecamatan", content, rows))
        if not options["no_library_import"]:
            comparisons["import"] = self.library_import(content, ours, rows)
            results.append(comparisons["import"].pop("result"))
        kak = operations.kak_operation("kecamatan", users["kecamatan"])
        unavailable = "not available"
        if kak:
            try:
                run(kak)
            except ReportUnavailable as exc:
                unavailable = f"not available: {exc.message}"
                kak = None
        if kak is None:
            results.append(Result("kak_pdf", "kecamatan", 0, 0, None, None, 0, note=unavailable))
        self.log("  kiriman survei lewat gunicorn...")
        requests = options["survey_requests"] or max(100, 100 * repeat)
        period = self.open_period()
        comparisons["survey"] = server.survey_comparison(period, requests=requests, concurrency=4)
        return results, comparisons

    def library_import(self, content: bytes, ours: Result, rows: int) -> dict[str, Any]:
        from sitrantib.benchmark.importexport import import_with_library

        self.log(f"  import_{rows} (django-import-export, sekali)...")
        reset_peak()
        before = vm_rss_mb()
        t0 = time.perf_counter()
        created, errors = import_with_library(content, village_code=operations.HOME_VILLAGE)
        elapsed = (time.perf_counter() - t0) * 1000
        operations.delete_imported()
        if errors or created != rows:
            raise CommandError(f"django-import-export: {created} dibuat, {errors} galat")
        result = Result(
            f"import_{rows}_django_import_export",
            "kecamatan",
            round(elapsed, 1),
            round(elapsed, 1),
            None,
            None,
            round(vm_hwm_mb(), 1),
            round(vm_hwm_mb() - before, 1),
            runs=1,
        )
        return {
            "rows": rows,
            "ours_ms": ours.median_ms,
            "library_ms": elapsed,
            "ratio": elapsed / ours.median_ms if ours.median_ms else 0.0,
            "result": result,
        }

    def open_period(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id FROM surveys_surveyperiod WHERE district_id = %s AND status = 'open' "
                "ORDER BY id LIMIT 1",
                [HOME_DISTRICT],
            )
            row = cursor.fetchone()
        if row is None:
            raise CommandError("tidak ada periode survei terbuka di kecamatan uji")
        return int(row[0])


class _Null:
    def write(self, *args: Any, **kwargs: Any) -> None:
        return

    def flush(self) -> None:
        return
