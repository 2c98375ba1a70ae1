"""The archive's format and what it holds: member names, the models copied (and those matched or
skipped), the folders of files, the summaries, and the refusals an operator reads (BackupError).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import CommandError
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.migrations.recorder import MigrationRecorder
from django.utils.translation import gettext, gettext_noop

FORMAT = "sitrantib-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE_DIR = "database"
# Archive folder -> the setting naming the folder on disk.
FILE_ROOTS = {"media": "MEDIA_ROOT", "private": "PRIVATE_MEDIA_ROOT"}
# Rows of these models are matched by natural key with those `migrate` creates, not inserted.
MATCHED_MODELS: tuple[type[models.Model], ...] = (ContentType, Permission)
# Not copied: live log-in keys, and the task queue with its workers' heartbeats (a queued task
# restored would run a second time, e.g. send its reminders again).
SKIPPED_MODELS = {"sessions.session", "core.taskworker"}
SKIPPED_APPS = {"django_tasks_database"}
# Rows a person's work leaves: an install with any of these is not empty (every change is
# audited, and nobody works without an account).
USE_MODELS = ("core.auditentry", "admin.logentry")
FILE_NAME_PATTERN = re.compile(r"^sitrantib-(\d{8})-(\d{6})\.tar\.gz$")
CHUNK = 1024 * 1024
ROWS_PER_QUERY = 2000

ERR_OUTPUT_EXISTS = gettext_noop(
    "Berkas %(path)s sudah ada. Cadangan tidak pernah menimpa berkas: pilih nama lain atau folder."
)
ERR_NOT_AN_ARCHIVE = gettext_noop(
    "Berkas %(path)s bukan arsip cadangan SiTrantib yang dapat dibaca (%(reason)s). "
    "Tidak ada yang diubah."
)
ERR_UNSAFE_MEMBER = gettext_noop(
    "Arsip ditolak: isi %(name)s tidak aman (%(reason)s). Tidak ada yang diubah."
)
REASON_ABSOLUTE = gettext_noop("jalur absolut")
REASON_PARENT = gettext_noop("jalur naik ke folder di atasnya")
REASON_BACKSLASH = gettext_noop("garis miring terbalik dalam nama")
REASON_NOT_FILE = gettext_noop("bukan berkas biasa: tautan, folder atau perangkat")
REASON_UNKNOWN_FOLDER = gettext_noop("di luar folder database, media dan private")
REASON_DUPLICATE = gettext_noop("nama muncul dua kali")
ERR_NO_MANIFEST = gettext_noop(
    "Arsip ditolak: manifest.json tidak ada atau tidak dapat dibaca. Tidak ada yang diubah."
)
ERR_FORMAT = gettext_noop(
    "Arsip ditolak: formatnya %(found)s, sedangkan versi SiTrantib ini membaca %(expected)s. "
    "Tidak ada yang diubah."
)
ERR_CHECKSUM = gettext_noop(
    "Arsip ditolak: isi %(name)s tidak cocok dengan checksum SHA-256 di manifes (arsip rusak atau "
    "diubah). Tidak ada yang diubah."
)
ERR_MISSING_MEMBER = gettext_noop(
    "Arsip ditolak: %(name)s tercatat di manifes tetapi tidak ada di arsip. Tidak ada yang diubah."
)
ERR_EXTRA_MEMBER = gettext_noop(
    "Arsip ditolak: %(name)s ada di arsip tetapi tidak tercatat di manifes. Tidak ada yang diubah."
)
ERR_MIGRATIONS = gettext_noop(
    "Struktur basis data tujuan berbeda dengan arsip (%(differences)s). Pasang versi SiTrantib "
    "yang membuat cadangan ini dan jalankan `manage.py migrate`, pulihkan, lalu perbarui "
    "SiTrantib dan jalankan `manage.py migrate` lagi. Tidak ada yang diubah."
)
ERR_NOT_EMPTY = gettext_noop(
    "Instalasi tujuan sudah dipakai (%(tables)s). Pemulihan hanya ke instalasi kosong, tanpa "
    "pengguna dan tanpa log audit: buat basis data baru dan jalankan `manage.py migrate` saja, "
    "atau kosongkan dengan `manage.py flush` bila data itu memang boleh dihapus. "
    "Tidak ada yang diubah."
)
ERR_FILES_NOT_EMPTY = gettext_noop(
    "Folder berkas tujuan %(path)s sudah berisi %(count)s berkas. Pemulihan tidak menimpa "
    "berkas: pindahkan atau kosongkan folder itu dulu. Tidak ada yang diubah."
)
ERR_ROW_COUNT = gettext_noop(
    "Pemulihan dibatalkan: %(model)s memuat %(loaded)s baris, manifes mencatat %(expected)s. "
    "Tidak ada yang diubah."
)
ERR_LOAD = gettext_noop("Pemulihan dibatalkan, tidak ada yang diubah: %(reason)s")
ERR_UNKNOWN_MODEL = gettext_noop("tabel %(model)s tidak dikenal versi SiTrantib ini")


class BackupError(CommandError):
    """A refusal the operator reads; `message_id` is the untranslated constant (for tests)."""

    def __init__(self, message_id: str, **params: Any) -> None:
        self.message_id = message_id
        self.params = params
        text = gettext(message_id)
        super().__init__(text % params if params else text)


@dataclass
class BackupSummary:
    path: Path
    size: int
    sha256: str
    rows: int
    files: int
    skipped_links: int
    seconds: float


@dataclass
class RestoreSummary:
    rows: int
    files: int
    seconds: float
    verified_only: bool
    manifest: dict[str, Any] = field(default_factory=dict)


# ---------------------------------------------------------------------------------------------
# What is copied


def copied_models() -> list[type[models.Model]]:
    """Every model with its own table, lower apps first, incl. the tables of many-to-many fields.

    Matched models (content types, permissions) come first; skipped ones are left out.
    """
    found = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.label_lower not in SKIPPED_MODELS
        and model._meta.app_label not in SKIPPED_APPS
    ]
    return [m for m in MATCHED_MODELS if m in found] + [m for m in found if m not in MATCHED_MODELS]


def model_label(model: type[models.Model]) -> str:
    return model._meta.label_lower


def applied_migrations(alias: str = DEFAULT_DB_ALIAS) -> dict[str, str]:
    """App label -> the latest applied migration (by name; migrations are numbered)."""
    latest: dict[str, str] = {}
    for app_label, name in MigrationRecorder(connections[alias]).applied_migrations():
        if name > latest.get(app_label, ""):
            latest[app_label] = name
    return dict(sorted(latest.items()))


def file_roots() -> dict[str, Path]:
    return {folder: Path(getattr(settings, setting)) for folder, setting in FILE_ROOTS.items()}


def walk_files(root: Path, exclude: Iterable[Path] = ()) -> Iterator[tuple[Path, str]]:
    """(path, POSIX path under root) of every regular file; links (None path) are reported."""
    excluded = {p.resolve() for p in exclude}
    if not root.is_dir():
        return
    for directory, subdirs, names in os.walk(root, followlinks=False):
        here = Path(directory)
        subdirs[:] = sorted(d for d in subdirs if (here / d).resolve() not in excluded)
        for name in sorted(names):
            path = here / name
            yield path, path.relative_to(root).as_posix()
