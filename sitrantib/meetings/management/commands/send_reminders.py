import datetime as dt
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from sitrantib.core.commands import TranslatedHelpCommand
from sitrantib.meetings.reminders import send_reminders

MSG_BAD_DATE = gettext_lazy("Tanggal tidak valid: %(value)s")
MSG_RESULT = gettext_lazy(
    "Pengingat terkirim: %(sent)s; dilewati (tanpa penerima): %(skipped)s; gagal: %(failed)s"
)
MSG_FAILED = gettext_lazy(
    "%(failed)s pengingat gagal dikirim (lihat log); jalankan lagi untuk mengulangnya."
)


HELP = gettext_lazy(
    "Mengirim pengingat tindak lanjut yang jatuh tempo dalam 7 hari atau sudah lewat. "
    "Aman dijalankan berulang: pengingat yang sudah terkirim tidak dikirim lagi."
)


class Command(TranslatedHelpCommand):
    help_text = HELP

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date", help=gettext("Tanggal acuan YYYY-MM-DD (bawaan: hari ini, WIB).")
        )
        parser.add_argument(
            "--base-url",
            default="",
            help=gettext("Alamat SiTrantib untuk tautan di pesan, mis. https://..."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        if options["date"]:
            try:
                today = dt.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError(str(MSG_BAD_DATE) % {"value": options["date"]}) from exc
        result = send_reminders(today=today, base_url=options["base_url"])
        message = str(MSG_RESULT) % {
            "sent": result.sent,
            "skipped": result.skipped_no_recipient,
            "failed": result.failed,
        }
        self.stdout.write(message)
        if result.failed:
            # A non-zero exit tells cron; everything else was handled and the next run retries.
            raise CommandError(str(MSG_FAILED) % {"failed": result.failed})
