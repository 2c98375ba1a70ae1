"""Recompute the stored IKM of survey periods from their answers (docs/adr/0035)."""

import argparse
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sitrantib.core.parallel import can_fork
from sitrantib.surveys.models import SurveyPeriod
from sitrantib.surveys.services import refresh_results


def _workers(text: str) -> int:
    """A number of processes between 1 and 64."""
    try:
        workers = int(text)
    except ValueError:
        workers = 0
    if not 1 <= workers <= 64:
        raise argparse.ArgumentTypeError("Jumlah proses harus 1 sampai 64.")
    return workers


class Command(BaseCommand):
    help = "Hitung ulang IKM tersimpan dari semua jawaban: satu periode (--period ID) atau semua."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--period", type=int, help="ID periode survei (kosong: semua)")
        parser.add_argument(
            "--workers",
            type=_workers,
            default=1,
            help="Jumlah proses yang menghitung bersamaan (PostgreSQL; bawaan 1).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        periods = SurveyPeriod.objects.order_by("pk")
        if options["period"] is not None:
            periods = periods.filter(pk=options["period"])
            if not periods.exists():
                raise CommandError(f"Periode survei {options['period']} tidak ada.")
        workers = options["workers"]
        if workers > 1 and not can_fork():
            self.stderr.write("SQLite: dihitung dalam satu proses (--workers untuk PostgreSQL).")
        # In chunks of periods, a fixed number of queries each (services.results).
        ids = list(periods.values_list("pk", flat=True))
        count = refresh_results(period_ids=ids, workers=workers)
        self.stdout.write(f"IKM tersimpan dihitung ulang untuk {count} periode.")
