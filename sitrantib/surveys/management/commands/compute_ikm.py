"""Recompute the stored IKM of survey periods from their answers (docs/adr/0035)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from sitrantib.core.paging import iterate_by_key
from sitrantib.surveys.models import SurveyPeriod
from sitrantib.surveys.services import refresh_period_result


class Command(BaseCommand):
    help = "Hitung ulang IKM tersimpan dari semua jawaban: satu periode (--period ID) atau semua."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--period", type=int, help="ID periode survei (kosong: semua)")

    def handle(self, *args: Any, **options: Any) -> None:
        periods = SurveyPeriod.objects.all()
        if options["period"] is not None:
            periods = periods.filter(pk=options["period"])
            if not periods.exists():
                raise CommandError(f"Periode survei {options['period']} tidak ada.")
        count = 0
        for period in iterate_by_key(periods, ordering=("pk",)):
            with transaction.atomic():
                # The period's row lock keeps submissions out while its answers are summed.
                locked = SurveyPeriod.objects.select_for_update().get(pk=period.pk)
                refresh_period_result(period=locked)
            count += 1
        self.stdout.write(f"IKM tersimpan dihitung ulang untuk {count} periode.")
