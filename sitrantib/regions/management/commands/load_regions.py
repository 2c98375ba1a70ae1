import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sitrantib.regions.services import REGIONS_CSV, RegionDataError, load_regions


class Command(BaseCommand):
    help = "Memuat kode dan nama provinsi, kabupaten/kota, kecamatan, dan desa/kelurahan."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scope",
            required=True,
            help="Awalan kode, misalnya 35.08, atau 'all' untuk seluruh Indonesia.",
        )
        parser.add_argument("--file", type=Path, default=REGIONS_CSV, help="Berkas CSV code,name.")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        try:
            result = load_regions(path=options["file"], scope=options["scope"], actor=None)
        except RegionDataError as exc:
            raise CommandError(str(exc)) from exc
        elapsed = time.perf_counter() - started
        for level in ("province", "regency", "district", "village"):
            self.stdout.write(
                f"{level:9} baru {result.created[level]:6}  diubah {result.updated[level]:6}  "
                f"tetap {result.unchanged[level]:6}"
            )
        self.stdout.write(self.style.SUCCESS(f"Selesai dalam {elapsed:.1f} detik."))
