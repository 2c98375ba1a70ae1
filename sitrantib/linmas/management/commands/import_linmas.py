"""Import LINMAS members of one desa from an XLSX file (the same staged pipeline as the web)."""

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from tqdm import tqdm

from sitrantib.core.enums import Role
from sitrantib.core.imports import discard_import
from sitrantib.core.scoping import scope_of
from sitrantib.linmas.imports import MESSAGE_IMPORT_NOTE, confirm_members, stage_members
from sitrantib.regions.models import Village

MESSAGE_FILE_NOT_FOUND = gettext_noop("Berkas tidak ditemukan: %(path)s")
MESSAGE_UNKNOWN_VILLAGE = gettext_noop("Desa %(code)s tidak dikenal.")
MESSAGE_NO_ACTOR = gettext_noop("Pengguna pelaku tidak ditemukan; sebutkan --user.")
MESSAGE_ROW_ERROR = gettext_noop("baris %(row)s, kolom %(column)s: %(message)s")
MESSAGE_ERROR_COUNT = gettext_noop("%(count)s kesalahan; tidak ada yang disimpan.")


class Command(BaseCommand):
    help = "Impor anggota LINMAS satu desa dari berkas XLSX (semua atau tidak sama sekali)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="berkas .xlsx sesuai templat")
        parser.add_argument("--village", required=True, help="kode desa, mis. 35.08.07.2001")
        parser.add_argument(
            "--user",
            default="",
            help="nama pengguna pelaku (default: admin Seksi Trantib pertama yang mencakup desa)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from sitrantib.accounts.models import User

        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_(MESSAGE_FILE_NOT_FOUND) % {"path": path})
        village = Village.objects.filter(code=options["village"]).first()
        if village is None:
            raise CommandError(_(MESSAGE_UNKNOWN_VILLAGE) % {"code": options["village"]})
        users = User.objects.filter(is_active=True)
        actor = (
            users.filter(username=options["user"]).first()
            if options["user"]
            else next(
                (
                    user
                    for user in users.filter(role=Role.TRANTIB_ADMIN).order_by("pk")
                    if scope_of(user).covers_village(village.code)
                ),
                None,
            )
        )
        if actor is None:
            raise CommandError(_(MESSAGE_NO_ACTOR))
        try:
            with path.open("rb") as handle:
                batch = stage_members(village=village, upload=handle, actor=actor)
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError("; ".join(getattr(exc, "messages", [str(exc)]))) from exc
        if batch.error_count:
            for error in batch.errors:
                self.stderr.write(
                    _(MESSAGE_ROW_ERROR)
                    % {"row": error["row"], "column": error["column"], "message": error["message"]}
                )
            discard_import(batch=batch, actor=actor)
            raise CommandError(_(MESSAGE_ERROR_COUNT) % {"count": batch.error_count})

        def progress(rows: Any) -> Any:
            return tqdm(rows, desc=_("impor"), unit=_("baris"), file=self.stderr)

        try:
            result = confirm_members(batch=batch, actor=actor, progress=progress)
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError("; ".join(getattr(exc, "messages", [str(exc)]))) from exc
        self.stdout.write(
            _(MESSAGE_IMPORT_NOTE)
            % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}
        )
