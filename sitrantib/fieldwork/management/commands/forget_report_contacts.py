from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sitrantib.fieldwork.services.reports import contact_days, forget_old_contacts


class Command(BaseCommand):
    help = (
        "Menghapus nama dan nomor HP pelapor dari pengaduan warga yang sudah diperiksa lebih dari "
        "N hari lalu (bawaan 90; SITRANTIB_CITIZEN_REPORT_CONTACT_DAYS). Aman dijalankan berulang "
        "(misalnya tiap hari dari cron)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=None, help="Masa simpan kontak (hari).")

    def handle(self, *args: Any, **options: Any) -> None:
        days = options["days"] if options["days"] is not None else contact_days()
        erased = forget_old_contacts(days=days)
        self.stdout.write(
            f"Kontak pelapor dihapus: {erased} (diperiksa lebih dari {days} hari lalu)."
        )
