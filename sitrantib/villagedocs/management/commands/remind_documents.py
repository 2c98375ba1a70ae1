import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from sitrantib.villagedocs.reminders import send_reminders

MSG_BAD_DATE = gettext_lazy("Tanggal tidak valid: %(value)s")
MSG_RESULT = gettext_lazy(
    "E-mail pengingat dokumen terkirim: %(sent)s (%(reminders)s dokumen); "
    "dilewati (desa tanpa operator ber-e-mail): %(skipped)s; gagal: %(failed)s"
)
MSG_FAILED = gettext_lazy(
    "%(failed)s e-mail pengingat gagal dikirim (lihat log); jalankan lagi untuk mengulangnya."
)
HELP = gettext_lazy(
    "Mengirim pengingat dokumen desa ke operator desa: sebelum batas waktu (sesuai pengaturan "
    "kecamatan) dan setiap minggu selama terlambat. Aman dijalankan berulang: pengingat yang "
    "sudah terkirim tidak dikirim lagi."
)


class Command(BaseCommand):
    # argparse needs a plain string: the description is resolved when the parser is built.
    help = str(HELP)

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        self.help = str(HELP)
        return super().create_parser(prog_name, subcommand, **kwargs)

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
        self.stdout.write(
            str(MSG_RESULT)
            % {
                "sent": result.sent,
                "reminders": result.reminders,
                "skipped": result.skipped_no_recipient,
                "failed": result.failed,
            }
        )
        if result.failed:
            # A non-zero exit tells cron; everything else was handled and the next run retries.
            raise CommandError(str(MSG_FAILED) % {"failed": result.failed})
