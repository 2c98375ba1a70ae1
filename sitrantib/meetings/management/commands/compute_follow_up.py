import argparse
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
MSG_BAD_YEAR = gettext_lazy("Tahun tidak valid: %(value)s (1900 sampai 2100).")
MSG_RESULT = gettext_lazy("Tahun %(year)s: %(rows)s baris angka tindak lanjut tersimpan.")


def _year(text: str) -> int:
    """A year between 1900 and 2100 (argparse answers a clear error otherwise)."""
    try:
        year = int(text)
    except ValueError:
        year = 0
    if not 1900 <= year <= 2100:
        raise argparse.ArgumentTypeError(str(MSG_BAD_YEAR) % {"value": text})
    return year


class Command(BaseCommand):
    help: str = HELP  # type: ignore[assignment]  # resolved in create_parser

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        self.help = str(HELP)
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=_year, metavar="YEAR")

    def handle(self, *args: Any, year: int | None = None, **options: Any) -> None:
        years = [year] if year else follow_up_years()
        for each in years:
            rows = refresh_year(year=each)
            self.stdout.write(str(MSG_RESULT) % {"year": each, "rows": rows})
