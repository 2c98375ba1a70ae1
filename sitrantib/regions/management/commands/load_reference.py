from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = (
        "Memuat seluruh data acuan untuk satu instalasi: kode wilayah, batas desa, dan data "
        "kantor. Aman dijalankan berulang."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scope", default="35.08", help="Awalan kode wilayah (bawaan 35.08).")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("load_regions", scope=options["scope"], stdout=self.stdout)
        call_command("load_boundaries", scope=options["scope"], stdout=self.stdout)
        call_command("load_office", stdout=self.stdout)
