"""Writing an archive: the rows of one moment of the database (a read snapshot), then the files,
then the manifest with the size and SHA-256 of every member.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import stat
import tarfile
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import django
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.serializers import jsonl
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.utils import timezone

from sitrantib.core.backup.contents import (
    CHUNK,
    DATABASE_DIR,
    ERR_OUTPUT_EXISTS,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    MATCHED_MODELS,
    ROWS_PER_QUERY,
    BackupError,
    BackupSummary,
    applied_migrations,
    copied_models,
    file_roots,
    model_label,
    walk_files,
)


class _Encoder(DjangoJSONEncoder):
    """Django's encoder without its rounding of times to milliseconds: a restore is exact."""

    def default(self, o: Any) -> Any:
        if isinstance(o, dt.datetime | dt.time):
            return o.isoformat()
        return super().default(o)


class _Serializer(jsonl.Serializer):
    """JSON Lines; references to content types and permissions by natural key, other ids as they
    are; many-to-many values left to the tables of those fields (copied as their own members)."""

    def __init__(self, natural: dict[type[models.Model], dict[Any, Any]]) -> None:
        super().__init__()
        self.natural = natural

    def handle_fk_field(self, obj: models.Model, field: Any) -> None:
        keys = self.natural.get(field.remote_field.model)
        if keys is None:
            super().handle_fk_field(obj, field)
            return
        value = getattr(obj, field.attname)
        self._current[field.name] = None if value is None else list(keys[value])  # type: ignore[attr-defined]

    def handle_m2m_field(self, obj: models.Model, field: Any) -> None:
        return


def _natural_keys(alias: str) -> dict[type[models.Model], dict[Any, Any]]:
    return {
        ContentType: {ct.pk: ct.natural_key() for ct in ContentType.objects.using(alias)},
        Permission: {
            p.pk: p.natural_key()
            for p in Permission.objects.using(alias).select_related("content_type")
        },
    }


@contextmanager
def _snapshot(alias: str) -> Iterator[None]:
    """One read transaction that sees a single moment of the database while others write.

    Inside a caller's transaction (a test), that transaction is the snapshot.
    """
    connection = connections[alias]
    if connection.in_atomic_block:
        yield
        return
    connection.ensure_connection()  # connecting reads transaction_mode from the settings
    if connection.vendor == "sqlite":
        # A deferred transaction takes no write lock: writers go on, WAL keeps our snapshot.
        previous = connection.transaction_mode  # type: ignore[attr-defined]
        connection.transaction_mode = "DEFERRED"  # type: ignore[attr-defined]
        try:
            with transaction.atomic(using=alias):
                connection.transaction_mode = previous  # type: ignore[attr-defined]
                yield
                transaction.set_rollback(True, using=alias)
        finally:
            connection.transaction_mode = previous  # type: ignore[attr-defined]
        return
    with transaction.atomic(using=alias):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield
        transaction.set_rollback(True, using=alias)


class _HashingReader:
    """A file read by tarfile, hashed on the way."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.digest = hashlib.sha256()
        self.size = 0

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.digest.update(data)
        self.size += len(data)
        return data


def _add(
    archive: tarfile.TarFile,
    name: str,
    handle: IO[bytes],
    size: int,
    members: dict[str, dict[str, Any]],
    *,
    mtime: float | None = None,
) -> None:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = int(mtime if mtime is not None else time.time())
    info.mode = 0o600
    reader = _HashingReader(handle)
    archive.addfile(info, reader)
    members[name] = {"size": reader.size, "sha256": reader.digest.hexdigest()}


def default_file_name(now: dt.datetime | None = None) -> str:
    moment = timezone.localtime(now or timezone.now())
    return f"sitrantib-{moment:%Y%m%d-%H%M%S}.tar.gz"


def write_backup(
    output: Path,
    *,
    alias: str = DEFAULT_DB_ALIAS,
    after_model: Callable[[str], None] | None = None,
) -> BackupSummary:
    """Write one archive of the database and the files to `output` (a file, or a folder to put a
    dated file in). Refuses an existing file; the archive appears only when complete (written
    beside it as `.part` and renamed), with `<archive>.sha256` for `sha256sum -c`.

    `after_model(label)` is called after each model's rows are written (tests use it to write
    while a backup runs).
    """
    started = time.monotonic()
    output = Path(output)
    if output.is_dir():
        output = output / default_file_name()
    if output.exists():
        raise BackupError(ERR_OUTPUT_EXISTS, path=str(output))
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".part")
    connection = connections[alias]
    members: dict[str, dict[str, Any]] = {}
    model_rows: list[dict[str, Any]] = []
    skipped_links = 0
    file_counts: dict[str, int] = {}
    try:
        with (
            tarfile.open(partial, "w:gz", compresslevel=6, format=tarfile.PAX_FORMAT) as archive,
            tempfile.TemporaryDirectory(prefix="sitrantib-backup-") as scratch,
        ):
            with _snapshot(alias):
                migrations = applied_migrations(alias)
                natural = _natural_keys(alias)
                for model in copied_models():
                    label = model_label(model)
                    name = f"{DATABASE_DIR}/{label}.jsonl"
                    dump = Path(scratch) / f"{label}.jsonl"
                    rows = _dump_model(model, dump, alias, natural)
                    with dump.open("rb") as handle:
                        _add(archive, name, handle, dump.stat().st_size, members)
                    dump.unlink()
                    model_rows.append({"model": label, "member": name, "rows": rows})
                    if after_model is not None:
                        after_model(label)
            roots = file_roots()
            for folder, root in roots.items():
                others = [r for f, r in roots.items() if f != folder and r != root]
                count = 0
                for path, relative in walk_files(root, exclude=others):
                    status = path.lstat()
                    if not stat.S_ISREG(status.st_mode):
                        skipped_links += 1
                        continue
                    with path.open("rb") as handle:
                        _add(
                            archive,
                            f"{folder}/{relative}",
                            handle,
                            status.st_size,
                            members,
                            mtime=status.st_mtime,
                        )
                    count += 1
                file_counts[folder] = count
            manifest = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "created_at": timezone.localtime().isoformat(),
                "django_version": django.get_version(),
                "database_vendor": connection.vendor,
                "migrations": migrations,
                "models": model_rows,
                "files": file_counts,
                "skipped_links": skipped_links,
                "members": members,
            }
            body = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(body)
            info.mtime = int(time.time())
            info.mode = 0o600
            archive.addfile(info, io.BytesIO(body))
        digest = _sha256_of(partial)
        partial.rename(output)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    output.with_name(output.name + ".sha256").write_text(f"{digest}  {output.name}\n")
    return BackupSummary(
        path=output,
        size=output.stat().st_size,
        sha256=digest,
        rows=sum(m["rows"] for m in model_rows),
        files=sum(file_counts.values()),
        skipped_links=skipped_links,
        seconds=time.monotonic() - started,
    )


def _dump_model(
    model: type[models.Model],
    path: Path,
    alias: str,
    natural: dict[type[models.Model], dict[Any, Any]],
) -> int:
    rows = 0

    def counted(queryset: Iterable[models.Model]) -> Iterator[models.Model]:
        nonlocal rows
        for obj in queryset:
            rows += 1
            yield obj

    matched = model in MATCHED_MODELS
    queryset = model._base_manager.using(alias).order_by("pk")
    with path.open("w", encoding="utf-8") as stream:
        _Serializer(natural).serialize(
            counted(queryset.iterator(chunk_size=ROWS_PER_QUERY)),
            stream=stream,
            use_natural_primary_keys=matched,
            cls=_Encoder,
        )
    return rows


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
