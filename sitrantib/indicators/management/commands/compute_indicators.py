from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext_lazy

from sitrantib.core.commands import (
    TranslatedHelpCommand,
    add_workers_argument,
    warn_if_one_process,
    year_argument,
)
from sitrantib.indicators.models import IndicatorDefinition
from sitrantib.indicators.parallel import recompute_in_processes

HELP = gettext_lazy(
    "Menghitung ulang semua nilai indikator (tahun, triwulan, bulan) satu tahun untuk setiap "
    "kecamatan yang memiliki definisi indikator, atau satu kecamatan dengan --district. Aman "
    "dijalankan berulang."
)
MSG_NO_DEFINITIONS = gettext_lazy("Kecamatan %(district)s tidak memiliki indikator tahun %(year)s.")
MSG_RESULT = gettext_lazy("Kecamatan %(district)s tahun %(year)s: %(values)s nilai dihitung.")


class Command(TranslatedHelpCommand):
    help_text = HELP

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=year_argument, metavar="YEAR", required=True)
        parser.add_argument("--district", metavar="CODE")
        add_workers_argument(parser)

    def handle(
        self,
        *args: Any,
        year: int,
        district: str | None = None,
        workers: int = 1,
        **options: Any,
    ) -> None:
        definitions = IndicatorDefinition.objects.filter(year=year)
        if district:
            definitions = definitions.filter(district_id=district)
        codes = sorted(set(definitions.values_list("district_id", flat=True)))
        if district and not codes:
            raise CommandError(str(MSG_NO_DEFINITIONS) % {"district": district, "year": year})
        warn_if_one_process(self, workers)
        # In chunks of kecamatan: each calculator's batch form fetches the chunk's year at once;
        # with --workers the chunks are shared among that many processes.
        counts = recompute_in_processes(district_codes=codes, year=year, workers=workers)
        for code in codes:
            count = counts.get(code, 0)
            self.stdout.write(str(MSG_RESULT) % {"district": code, "year": year, "values": count})
