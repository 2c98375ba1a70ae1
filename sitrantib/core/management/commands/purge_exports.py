from typing import Any

from django.core.management.base import BaseCommand

from sitrantib.core.exporting import purge_exports


class Command(BaseCommand):
    help = (
        "Menghapus berkas ekspor yang berumur lebih dari satu hari dan catatan ekspor yang berumur "
        "lebih dari 30 hari. Aman dijalankan berulang (misalnya tiap jam dari cron)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        files, jobs = purge_exports()
        self.stdout.write(f"Berkas ekspor dihapus: {files}; catatan ekspor dihapus: {jobs}.")
