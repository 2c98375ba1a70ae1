import argparse
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext_lazy

from sitrantib.indicators.models import IndicatorDefinition
from sitrantib.indicators.services import recompute_many

HELP = gettext_lazy(
    "Menghitung ulang semua nilai indikator (tahun, triwulan, bulan) satu tahun untuk setiap "
    "kecamatan yang memiliki definisi indikator, atau satu kecamatan dengan --district. Aman "
    "dijalankan berulang."
)
MSG_BAD_YEAR = gettext_lazy("Tahun tidak valid: %(value)s (1900 sampai 2100).")
MSG_NO_DEFINITIONS = gettext_lazy("Kecamatan %(district)s tidak memiliki indikator tahun %(year)s.")
MSG_RESULT = gettext_lazy("Kecamatan %(district)s tahun %(year)s: %(values)s nilai dihitung.")


def _year(text: str) -> int:
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
        parser.add_argument("--year", type=_year, metavar="YEAR", required=True)
        parser.add_argument("--district", metavar="CODE")

    def handle(self, *args: Any, year: int, district: str | None = None, **options: Any) -> None:
        definitions = IndicatorDefinition.objects.filter(year=year)
        if district:
            definitions = definitions.filter(district_id=district)
        codes = sorted(set(definitions.values_list("district_id", flat=True)))
        if district and not codes:
            raise CommandError(str(MSG_NO_DEFINITIONS) % {"district": district, "year": year})
        # In chunks of kecamatan: each calculator's batch form fetches the chunk's year at once.
        counts = recompute_many(district_codes=codes, year=year)
        for code in codes:
            count = counts.get(code, 0)
            self.stdout.write(str(MSG_RESULT) % {"district": code, "year": year, "values": count})
