"""Import LINMAS members of one desa from an XLSX file (same service as the web import)."""

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from sitrantib.linmas.imports import import_members, parse_file
from sitrantib.regions.models import Village


class Command(BaseCommand):
    help = "Impor anggota LINMAS satu desa dari berkas XLSX (semua atau tidak sama sekali)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="berkas .xlsx sesuai templat")
        parser.add_argument("--village", required=True, help="kode desa, mis. 35.08.07.2001")
        parser.add_argument(
            "--user", default="", help="nama pengguna pelaku (default: superuser pertama)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from sitrantib.accounts.models import User

        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Berkas tidak ditemukan: {path}")
        village = Village.objects.filter(code=options["village"]).first()
        if village is None:
            raise CommandError(f"Desa {options['village']} tidak dikenal.")
        users = User.objects.filter(is_active=True)
        actor = (
            users.filter(username=options["user"]).first()
            if options["user"]
            else users.filter(is_superuser=True).order_by("pk").first()
        )
        if actor is None:
            raise CommandError("Pengguna pelaku tidak ditemukan; sebutkan --user.")
        content = path.read_bytes()
        with path.open("rb") as handle:
            preview = parse_file(handle, village=village)
        if preview.file_error:
            raise CommandError(preview.file_error)
        if preview.errors:
            for error in preview.errors:
                self.stderr.write(f"baris {error.row}, kolom {error.column}: {error.message}")
            raise CommandError(f"{len(preview.errors)} kesalahan; tidak ada yang disimpan.")

        def progress(rows: Any) -> Any:
            return tqdm(rows, desc="impor", unit="baris", file=self.stderr)

        try:
            result = import_members(
                content=content, village=village, actor=actor, progress=progress
            )
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError("; ".join(getattr(exc, "messages", [str(exc)]))) from exc
        self.stdout.write(
            f"baru {result.created}, diubah {result.updated}, tetap {result.unchanged}"
        )
