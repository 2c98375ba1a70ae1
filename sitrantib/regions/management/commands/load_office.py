import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sitrantib.regions.models import District
from sitrantib.regions.services import OFFICES_DIR, load_office_data


class Command(BaseCommand):
    help = (
        "Memuat profil kantor kecamatan (kop surat), instansi mitra, dan statistik tercetak "
        "dari berkas data kantor."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "files",
            nargs="*",
            type=Path,
            help="Berkas JSON kantor; bawaan: semua berkas di sitrantib/regions/data/offices/.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        files = options["files"] or sorted(OFFICES_DIR.glob("*.json"))
        for path in files:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            try:
                counts = load_office_data(data=data, actor=None)
            except District.DoesNotExist as exc:
                raise CommandError(
                    f"{path}: kecamatan {data.get('district')} belum dimuat; jalankan "
                    f"load_regions --scope {data.get('district')} dahulu."
                ) from exc
            self.stdout.write(
                self.style.SUCCESS(
                    f"{Path(path).name}: baru {counts['created']}, diubah {counts['updated']}, "
                    f"tetap {counts['unchanged']}."
                )
            )
