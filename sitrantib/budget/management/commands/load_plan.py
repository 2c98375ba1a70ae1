import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from sitrantib.budget.services import load_budget_data
from sitrantib.planning.services import load_plan_data
from sitrantib.regions.models import District

# The KAK data files live with the plan; this command sits in budget because a KAK holds both
# the plan and its money, and budget is the app above planning that may write both.
PLANS_DIR = Path(__file__).resolve().parents[3] / "planning" / "data"


class Command(BaseCommand):
    help = (
        "Memuat KAK dari berkas data (rencana, kegiatan, indikator, dan anggarannya) sebagai "
        "rencana pertama kecamatannya. Aman dijalankan berulang: data yang sudah ada tidak ditulis "
        "ulang."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "files",
            nargs="*",
            type=Path,
            help="Berkas JSON KAK; bawaan: semua berkas di sitrantib/planning/data/.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        files = options["files"] or sorted(PLANS_DIR.glob("*.json"))
        for path in files:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            try:
                with transaction.atomic():
                    result = load_plan_data(data=data, actor=None)
                    counts = load_budget_data(data=data, plan=result.plan, actor=None)
            except District.DoesNotExist as exc:
                raise CommandError(
                    f"{path}: kecamatan {data.get('district')} belum dimuat; jalankan "
                    "load_reference dahulu."
                ) from exc
            plan_state = "baru" if result.created else "sudah ada"
            self.stdout.write(
                self.style.SUCCESS(
                    f"{Path(path).name}: rencana {result.plan.year} {plan_state}; tabel anggaran "
                    f"baru {counts['tables']}, mata anggaran baru {counts['lines']}."
                )
            )
