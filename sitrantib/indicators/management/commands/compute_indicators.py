import argparse
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext_lazy

from sitrantib.indicators.models import IndicatorDefinition
from sitrantib.indicators.parallel import can_fork, recompute_in_processes

HELP = gettext_lazy(
    "Menghitung ulang semua nilai indikator (tahun, triwulan, bulan) satu tahun untuk setiap "
    "kecamatan yang memiliki definisi indikator, atau satu kecamatan dengan --district. Aman "
    "dijalankan berulang."
)
MSG_BAD_YEAR = gettext_lazy("Tahun tidak valid: %(value)s (1900 sampai 2100).")
MSG_NO_DEFINITIONS = gettext_lazy("Kecamatan %(district)s tidak memiliki indikator tahun %(year)s.")
MSG_RESULT = gettext_lazy("Kecamatan %(district)s tahun %(year)s: %(values)s nilai dihitung.")
MSG_WORKERS = gettext_lazy("Jumlah proses harus 1 sampai 64.")
MSG_ONE_PROCESS = gettext_lazy(
    "SQLite: dihitung dalam satu proses (--workers hanya berlaku untuk PostgreSQL)."
)
HELP_WORKERS = gettext_lazy(
    "Jumlah proses yang menghitung bersamaan (PostgreSQL; bawaan 1). Pakai jumlah inti "
    "prosesor untuk menghitung seluruh negeri."
)


def _year(text: str) -> int:
    try:
        year = int(text)
    except ValueError:
        year = 0
    if not 1900 <= year <= 2100:
        raise argparse.ArgumentTypeError(str(MSG_BAD_YEAR) % {"value": text})
    return year


def _workers(text: str) -> int:
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
        parser.add_argument("--year", type=_year, metavar="YEAR", required=True)
        parser.add_argument("--district", metavar="CODE")
        parser.add_argument("--workers", type=_workers, default=1, help=str(HELP_WORKERS))

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
        if workers > 1 and not can_fork():
            self.stderr.write(str(MSG_ONE_PROCESS))
        # In chunks of kecamatan: each calculator's batch form fetches the chunk's year at once;
        # with --workers the chunks are shared among that many processes.
        counts = recompute_in_processes(district_codes=codes, year=year, workers=workers)
        for code in codes:
            count = counts.get(code, 0)
            self.stdout.write(str(MSG_RESULT) % {"district": code, "year": year, "values": count})
