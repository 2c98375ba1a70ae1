import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sitrantib.regions.services import BOUNDARIES_GEOJSON, RegionDataError, load_boundaries


class Command(BaseCommand):
    help = "Memuat batas desa (GeoJSON yang disederhanakan) untuk peta."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scope", required=True, help="Awalan kode, misalnya 35.08.")
        parser.add_argument("--file", type=Path, default=BOUNDARIES_GEOJSON)

    def handle(self, *args: Any, **options: Any) -> None:
        data = json.loads(options["file"].read_text(encoding="utf-8"))
        try:
            result = load_boundaries(features=data["features"], scope=options["scope"], actor=None)
        except RegionDataError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Batas desa: baru {result.created['boundary']}, diubah "
                f"{result.updated['boundary']}, tetap {result.unchanged['boundary']}."
            )
        )
