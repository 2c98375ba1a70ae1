from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext, gettext_noop

from sitrantib.core.backup.retention import prune_backups
from sitrantib.core.backup.writing import write_backup

DONE = gettext_noop(
    "Cadangan ditulis: %(path)s (%(size)s bait; %(rows)s baris, %(files)s berkas) dalam "
    "%(seconds).1f detik. SHA-256: %(sha256)s"
)
LINKS_SKIPPED = gettext_noop("Tautan simbolik yang dilewati (tidak dicadangkan): %(count)s.")
PRUNED = gettext_noop("Cadangan lama dihapus menurut masa simpan: %(names)s")


class Command(BaseCommand):
    help = (
        "Mencadangkan basis data (SQLite atau PostgreSQL) dan semua berkas unggahan (MEDIA_ROOT "
        "dan PRIVATE_MEDIA_ROOT) ke satu arsip .tar.gz dengan manifes dan checksum SHA-256. "
        "Aman dijalankan saat SiTrantib dipakai. Lihat docs/operations.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            required=True,
            help=(
                "Berkas arsip yang ditulis, atau folder: di dalamnya dibuat "
                "sitrantib-TTTTBBHH-JJMMDD.tar.gz. Berkas yang sudah ada tidak ditimpa."
            ),
        )
        parser.add_argument(
            "--prune",
            action="store_true",
            help=(
                "Setelah mencadangkan ke folder, hapus arsip lama di folder itu menurut masa "
                "simpan (--keep-daily, --keep-weekly, --keep-monthly)."
            ),
        )
        parser.add_argument("--keep-daily", type=int, default=7, help="Hari yang disimpan (7).")
        parser.add_argument("--keep-weekly", type=int, default=4, help="Minggu yang disimpan (4).")
        parser.add_argument(
            "--keep-monthly", type=int, default=12, help="Bulan yang disimpan (12)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        output = Path(options["output"])
        if options["output"].endswith(("/", "\\")):
            output.mkdir(parents=True, exist_ok=True)
        summary = write_backup(output)
        self.stdout.write(
            gettext(DONE)
            % {
                "path": summary.path,
                "size": f"{summary.size:,}".replace(",", "."),
                "rows": summary.rows,
                "files": summary.files,
                "seconds": summary.seconds,
                "sha256": summary.sha256,
            }
        )
        if summary.skipped_links:
            self.stderr.write(gettext(LINKS_SKIPPED) % {"count": summary.skipped_links})
        if options["prune"] and output.is_dir():
            removed = prune_backups(
                output,
                daily=options["keep_daily"],
                weekly=options["keep_weekly"],
                monthly=options["keep_monthly"],
            )
            if removed:
                self.stdout.write(gettext(PRUNED) % {"names": ", ".join(p.name for p in removed)})
