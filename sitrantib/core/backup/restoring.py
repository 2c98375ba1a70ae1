"""Restoring an archive into an empty install with the same migrations: all rows in one
transaction, foreign keys checked, sequences reset, files moved into place; all or nothing.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path, PurePosixPath
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.utils.translation import gettext

from sitrantib.core.backup.contents import (
    DATABASE_DIR,
    ERR_FILES_NOT_EMPTY,
    ERR_LOAD,
    ERR_MIGRATIONS,
    ERR_NOT_EMPTY,
    ERR_ROW_COUNT,
    ERR_UNKNOWN_MODEL,
    MATCHED_MODELS,
    USE_MODELS,
    BackupError,
    RestoreSummary,
    applied_migrations,
    copied_models,
    file_roots,
    model_label,
    walk_files,
)
from sitrantib.core.backup.verifying import read_archive, verify_members


def _check_target(manifest: dict[str, Any], alias: str) -> None:
    here = applied_migrations(alias)
    there = manifest.get("migrations") or {}
    differences = [
        f"{app}: {there.get(app, '-')} / {here.get(app, '-')}"
        for app in sorted(set(here) | set(there))
        if here.get(app) != there.get(app)
    ]
    if differences:
        raise BackupError(ERR_MIGRATIONS, differences="; ".join(differences))
    used = [
        f"{model_label(model)}: {model._base_manager.using(alias).count()}"
        for model in copied_models()
        if model_label(model) in (settings.AUTH_USER_MODEL.lower(), *USE_MODELS)
        and model._base_manager.using(alias).exists()
    ]
    if used:
        raise BackupError(ERR_NOT_EMPTY, tables=", ".join(used))
    for root in file_roots().values():
        count = sum(1 for _ in walk_files(root))
        if count:
            raise BackupError(ERR_FILES_NOT_EMPTY, path=str(root), count=count)


def _empty_unused_tables(alias: str) -> None:
    """Empty the tables that migrations or reference commands filled in a still unused install
    (e.g. the seeded training kinds, regions): the archive brings its own rows for them."""
    connection = connections[alias]
    emptied = [model for model in copied_models() if model not in MATCHED_MODELS]
    if any(model._base_manager.using(alias).exists() for model in emptied):
        # All of them at once: PostgreSQL truncates a table only with those that refer to it.
        tables = [model._meta.db_table for model in emptied]
        with connection.cursor() as cursor:
            for sql in connection.ops.sql_flush(no_style(), tables, allow_cascade=False):
                cursor.execute(sql)


def restore_backup(
    path: Path, *, alias: str = DEFAULT_DB_ALIAS, verify_only: bool = False
) -> RestoreSummary:
    """Bring an archive back into an empty install, all or nothing (see the module docstring).

    `verify_only`: read and check every member against the manifest, change nothing.
    """
    started = time.monotonic()
    roots = file_roots()
    staging_parent = roots["private"].parent
    staging_parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".sitrantib-restore-", dir=staging_parent))
    try:
        manifest, found = read_archive(Path(path), staging)
        verify_members(manifest, found)
        rows = sum(int(m.get("rows", 0)) for m in manifest.get("models", []))
        files = sum(1 for name in found if not name.startswith(DATABASE_DIR + "/"))
        if verify_only:
            return RestoreSummary(rows, files, time.monotonic() - started, True, manifest)
        _check_target(manifest, alias)
        moved: list[Path] = []
        try:
            with transaction.atomic(using=alias):
                _empty_unused_tables(alias)
                _load_database(manifest, staging, alias)
                _move_files(staging, roots, moved)
        except BaseException:
            for target in reversed(moved):
                target.unlink(missing_ok=True)
            raise
        return RestoreSummary(rows, files, time.monotonic() - started, False, manifest)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        ContentType.objects.clear_cache()


def _load_database(manifest: dict[str, Any], staging: Path, alias: str) -> None:
    connection = connections[alias]
    ContentType.objects.clear_cache()
    loaded: list[type[models.Model]] = []
    for entry in manifest.get("models", []):
        label = str(entry.get("model", ""))
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError) as exc:
            reason = gettext(ERR_UNKNOWN_MODEL) % {"model": label}
            raise BackupError(ERR_LOAD, reason=reason) from exc
        member = staging / DATABASE_DIR / f"{label}.jsonl"
        try:
            count = _load_model(model, member, alias)
        except BackupError:
            raise
        except Exception as exc:
            raise BackupError(ERR_LOAD, reason=f"{label}: {exc}") from exc
        if model not in MATCHED_MODELS and count != entry.get("rows"):
            raise BackupError(ERR_ROW_COUNT, model=label, loaded=count, expected=entry.get("rows"))
        loaded.append(model)
    try:
        connection.check_constraints()
    except Exception as exc:
        raise BackupError(ERR_LOAD, reason=str(exc)) from exc
    statements = connection.ops.sequence_reset_sql(no_style(), loaded)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def _load_model(model: type[models.Model], member: Path, alias: str) -> int:
    """Insert the rows of one member as they were (raw: no auto_now, no signals), in batches."""
    connection = connections[alias]
    count = 0
    with member.open(encoding="utf-8") as stream:
        objects = serializers.deserialize("jsonl", stream, using=alias)
        if model in MATCHED_MODELS:
            for item in objects:
                item.save(using=alias)  # matched by natural key with what migrate made
                count += 1
            return count
        fields = [f for f in model._meta.local_concrete_fields if not f.generated]
        batch: list[models.Model] = []
        size = max(1, min(500, connection.ops.bulk_batch_size(fields, [None] * 500)))
        manager = model._base_manager.using(alias)
        for item in objects:
            if type(item.object) is not model:
                raise BackupError(ERR_LOAD, reason=f"{model_label(model)}: {item.object!r}")
            batch.append(item.object)
            if len(batch) >= size:
                manager._insert(batch, fields=fields, raw=True, using=alias)  # type: ignore[attr-defined]
                count += len(batch)
                batch = []
        if batch:
            manager._insert(batch, fields=fields, raw=True, using=alias)  # type: ignore[attr-defined]
            count += len(batch)
    return count


def _move_files(staging: Path, roots: dict[str, Path], moved: list[Path]) -> None:
    for folder, root in roots.items():
        source_root = staging / folder
        if not source_root.is_dir():
            continue
        for source, relative in walk_files(source_root):
            target = root.joinpath(*PurePosixPath(relative).parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.exists():
                raise BackupError(ERR_FILES_NOT_EMPTY, path=str(root), count=1)
            shutil.move(source, target)
            moved.append(target)
