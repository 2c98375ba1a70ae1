import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sitrantib.core.dataquality import run_checks
from sitrantib.core.scoping import Scope


class Command(BaseCommand):
    help = (
        "Menampilkan semua temuan kualitas data "
        "(jumlah yang tidak cocok, nilai tidak wajar, duplikat)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument("--district", help="Batasi pada satu kecamatan, misalnya 35.08.07.")
        parser.add_argument(
            "--fail-on",
            choices=["error", "warning", "never"],
            default="never",
            help="Keluar dengan kode 1 bila ada temuan setingkat ini (untuk otomasi).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        scope = (
            Scope(district_codes=frozenset({options["district"]}))
            if options["district"]
            else Scope(national=True)
        )
        findings = run_checks(scope=scope)
        if options["format"] == "json":
            self.stdout.write(
                json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2)
            )
        else:
            for f in findings:
                self.stdout.write(f"[{f.severity}] {f.object} {f.field}: {f.message}")
            self.stdout.write(f"{len(findings)} temuan.")
        levels = {"error": {"error"}, "warning": {"error", "warning"}, "never": set()}[
            options["fail_on"]
        ]
        if any(f.severity in levels for f in findings):
            raise SystemExit(1)
