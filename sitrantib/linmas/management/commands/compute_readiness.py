"""Recount and store the LINMAS readiness of every desa (run daily: cards expire with the date).

In chunks of `CHUNK` kecamatan: `refresh_readiness` counts the desa of a whole chunk with a fixed
number of queries (the same figures as kecamatan by kecamatan; tested), and with `--workers N` on
PostgreSQL the chunks are shared among N processes (`core.parallel`).
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from tqdm import tqdm

from sitrantib.core.commands import add_workers_argument, warn_if_one_process
from sitrantib.core.parallel import chunks, run_parts
from sitrantib.linmas.selectors import refresh_readiness
from sitrantib.regions.models import District, Village

MESSAGE_DONE = gettext_noop("Kesiapan %(count)s desa dihitung ulang.")
# Kecamatan per chunk: about a thousand desa, a parameter list SQLite takes.
CHUNK = 100


def _refresh_part(district_codes: list[str]) -> int:
    """Recount the desa of these kecamatan (the desa listed, then `refresh_readiness`)."""
    villages = list(
        Village.objects.filter(district__in=district_codes)
        .order_by("code")
        .values_list("code", flat=True)
    )
    if not villages:
        return 0
    with transaction.atomic():
        return len(refresh_readiness(village_codes=villages))


class Command(BaseCommand):
    help = "Hitung ulang dan simpan kesiapan LINMAS tiap desa (jalankan tiap hari)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--district", default="", help="hanya satu kecamatan, mis. 35.08.07 (default: semua)"
        )
        add_workers_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        districts = District.objects.order_by("code").values_list("code", flat=True)
        if options["district"]:
            districts = districts.filter(code=options["district"])
        warn_if_one_process(self, options["workers"])
        parts = chunks(list(districts), CHUNK)
        done = run_parts(_refresh_part, parts, workers=options["workers"])
        count = sum(tqdm(done, total=len(parts), desc=_("kecamatan"), file=self.stderr))
        self.stdout.write(_(MESSAGE_DONE) % {"count": count})
