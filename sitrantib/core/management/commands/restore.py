from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext, gettext_noop

from sitrantib.core.backup.restoring import restore_backup

VERIFIED = gettext_noop(
    "Arsip utuh: setiap isi cocok dengan checksum di manifes (%(rows)s baris, %(files)s berkas; "
    "dibuat %(created)s pada %(vendor)s). Tidak ada yang diubah."
)
RESTORED = gettext_noop(
    "Pemulihan selesai: %(rows)s baris dan %(files)s berkas dalam %(seconds).1f detik. "
    "Selanjutnya jalankan compute_readiness, compute_follow_up dan compute_ikm, lalu periksa "
    "dengan check_data (docs/operations.md)."
)


class Command(BaseCommand):
    help = (
        "Memulihkan arsip dari `manage.py backup` ke instalasi kosong (sudah `migrate`, belum "
        "berisi data): memeriksa setiap checksum dulu, lalu memuat basis data dan berkas "
        "sekaligus atau tidak sama sekali. Instalasi yang sudah berisi data ditolak."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="Berkas arsip cadangan (.tar.gz).")
        parser.add_argument(
            "--verify-only",
            action="store_true",
            help="Hanya periksa keutuhan arsip (checksum dan nama isinya); tidak mengubah apa pun.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        summary = restore_backup(Path(options["archive"]), verify_only=options["verify_only"])
        if summary.verified_only:
            self.stdout.write(
                gettext(VERIFIED)
                % {
                    "rows": summary.rows,
                    "files": summary.files,
                    "created": summary.manifest.get("created_at", "?"),
                    "vendor": summary.manifest.get("database_vendor", "?"),
                }
            )
            return
        self.stdout.write(
            gettext(RESTORED)
            % {"rows": summary.rows, "files": summary.files, "seconds": summary.seconds}
        )
