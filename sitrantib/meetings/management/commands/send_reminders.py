import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from sitrantib.meetings.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "Mengirim pengingat tindak lanjut yang jatuh tempo dalam 7 hari atau sudah lewat. "
        "Aman dijalankan berulang: pengingat yang sudah terkirim tidak dikirim lagi."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="Tanggal acuan YYYY-MM-DD (bawaan: hari ini, WIB).")
        parser.add_argument(
            "--base-url",
            default="",
            help="Alamat SiTrantib untuk tautan di pesan, mis. https://...",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        if options["date"]:
            try:
                today = dt.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError(f"Tanggal tidak valid: {options['date']}") from exc
        result = send_reminders(today=today, base_url=options["base_url"])
        self.stdout.write(
            f"Pengingat terkirim: {result.sent}; dilewati (tanpa penerima): "
            f"{result.skipped_no_recipient}"
        )
