import argparse
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext_lazy

from sitrantib.core.parallel import can_fork
from sitrantib.meetings.selectors import follow_up_years
from sitrantib.meetings.services import refresh_year

HELP = gettext_lazy(
    "Menghitung ulang angka indikator tindak lanjut yang tersimpan (per kecamatan, instansi dan "
    "bulan) untuk satu tahun; tanpa --year: setiap tahun yang memiliki tindak lanjut. "
    "Aman dijalankan berulang."
)
MSG_BAD_YEAR = gettext_lazy("Tahun tidak valid: %(value)s (1900 sampai 2100).")
MSG_RESULT = gettext_lazy("Tahun %(year)s: %(rows)s baris angka tindak lanjut tersimpan.")
MSG_WORKERS = gettext_lazy("Jumlah proses harus 1 sampai 64.")
MSG_ONE_PROCESS = gettext_lazy(
    "SQLite: dihitung dalam satu proses (--workers hanya berlaku untuk PostgreSQL)."
)
HELP_WORKERS = gettext_lazy(
    "Jumlah proses yang menghitung bersamaan (PostgreSQL; bawaan 1). Pakai jumlah inti "
    "prosesor untuk menghitung seluruh negeri."
)


def _year(text: str) -> int:
    """A year between 1900 and 2100 (argparse answers a clear error otherwise)."""
    try:
        year = int(text)
    except ValueError:
        year = 0
    if not 1900 <= year <= 2100:
        raise argparse.ArgumentTypeError(str(MSG_BAD_YEAR) % {"value": text})
    return year


def _workers(text: str) -> int:
    """A number of processes between 1 and 64."""
    try:
        workers = int(text)
    except ValueError:
        workers = 0
    if not 1 <= workers <= 64:
        raise argparse.ArgumentTypeError(str(MSG_WORKERS))
    return workers


class Command(BaseCommand):
    # Django reads `help` only when it builds the parser, and argparse needs a plain string: the
    # description is translated there, in the language active at that moment.
    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        self.help = str(HELP)
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=_year, metavar="YEAR")
        parser.add_argument("--workers", type=_workers, default=1, help=str(HELP_WORKERS))

    def handle(self, *args: Any, year: int | None = None, workers: int = 1, **options: Any) -> None:
        if workers > 1 and not can_fork():
            self.stderr.write(str(MSG_ONE_PROCESS))
        years = [year] if year else follow_up_years()
        for each in years:
            # In chunks of kecamatan, a fixed number of queries each (services.figures).
            rows = refresh_year(year=each, workers=workers)
            self.stdout.write(str(MSG_RESULT) % {"year": each, "rows": rows})
