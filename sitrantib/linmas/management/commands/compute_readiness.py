"""Recount and store the LINMAS readiness of every desa (run daily: cards expire with the date)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from tqdm import tqdm

from sitrantib.linmas.selectors import refresh_readiness
from sitrantib.regions.models import District

MESSAGE_DONE = gettext_noop("Kesiapan %(count)s desa dihitung ulang.")


class Command(BaseCommand):
    help = "Hitung ulang dan simpan kesiapan LINMAS tiap desa (jalankan tiap hari)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--district", default="", help="hanya satu kecamatan, mis. 35.08.07 (default: semua)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        districts = District.objects.order_by("code").values_list("code", flat=True)
        if options["district"]:
            districts = districts.filter(code=options["district"])
        count = 0
        for code in tqdm(list(districts), desc=_("kecamatan"), file=self.stderr):
            with transaction.atomic():
                count += len(refresh_readiness(district_code=code))
        self.stdout.write(_(MESSAGE_DONE) % {"count": count})
