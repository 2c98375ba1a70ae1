"""Recompute the stored IKM of survey periods from their answers (docs/adr/0035)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sitrantib.core.commands import add_workers_argument, warn_if_one_process
from sitrantib.surveys.models import SurveyPeriod
from sitrantib.surveys.services import refresh_results


class Command(BaseCommand):
    help = "Hitung ulang IKM tersimpan dari semua jawaban: satu periode (--period ID) atau semua."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--period", type=int, help="ID periode survei (kosong: semua)")
        add_workers_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        periods = SurveyPeriod.objects.order_by("pk")
        if options["period"] is not None:
            periods = periods.filter(pk=options["period"])
            if not periods.exists():
                raise CommandError(f"Periode survei {options['period']} tidak ada.")
        workers = options["workers"]
        warn_if_one_process(self, workers)
        # In chunks of periods, a fixed number of queries each (services.results).
        ids = list(periods.values_list("pk", flat=True))
        count = refresh_results(period_ids=ids, workers=workers)
        self.stdout.write(f"IKM tersimpan dihitung ulang untuk {count} periode.")
