from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext_lazy

from sitrantib.meetings.selectors import follow_up_years
from sitrantib.meetings.services import refresh_year

HELP = gettext_lazy(
    "Menghitung ulang angka indikator tindak lanjut yang tersimpan (per kecamatan, instansi dan "
    "bulan) untuk satu tahun; tanpa --year: setiap tahun yang memiliki tindak lanjut. "
    "Aman dijalankan berulang."
)
MSG_RESULT = gettext_lazy("Tahun %(year)s: %(rows)s baris angka tindak lanjut tersimpan.")


class Command(BaseCommand):
    help = HELP

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        self.help = str(HELP)
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, choices=range(1900, 2101), metavar="YEAR")

    def handle(self, *args: Any, year: int | None = None, **options: Any) -> None:
        years = [year] if year else follow_up_years()
        for each in years:
            rows = refresh_year(year=each)
            self.stdout.write(str(MSG_RESULT) % {"year": each, "rows": rows})
