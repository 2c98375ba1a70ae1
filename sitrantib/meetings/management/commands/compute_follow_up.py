from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext_lazy

from sitrantib.core.commands import (
    TranslatedHelpCommand,
    add_workers_argument,
    warn_if_one_process,
    year_argument,
)
from sitrantib.meetings.selectors import follow_up_years
from sitrantib.meetings.services import refresh_year

HELP = gettext_lazy(
    "Menghitung ulang angka indikator tindak lanjut yang tersimpan (per kecamatan, instansi dan "
    "bulan) untuk satu tahun; tanpa --year: setiap tahun yang memiliki tindak lanjut. "
    "Aman dijalankan berulang."
)
MSG_RESULT = gettext_lazy("Tahun %(year)s: %(rows)s baris angka tindak lanjut tersimpan.")


class Command(TranslatedHelpCommand):
    help_text = HELP

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=year_argument, metavar="YEAR")
        add_workers_argument(parser)

    def handle(self, *args: Any, year: int | None = None, workers: int = 1, **options: Any) -> None:
        warn_if_one_process(self, workers)
        years = [year] if year else follow_up_years()
        for each in years:
            # In chunks of kecamatan, a fixed number of queries each (services.figures).
            rows = refresh_year(year=each, workers=workers)
            self.stdout.write(str(MSG_RESULT) % {"year": each, "rows": rows})
