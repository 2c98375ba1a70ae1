"""Verifying an archive before anything is touched: every member's name (no absolute path, no
`..`, no link or device, only the known folders), then every size and checksum against the
manifest.
"""

from __future__ import annotations

import hashlib
import json
import re
import tarfile
import zlib
from pathlib import Path, PurePosixPath
from typing import Any

from django.utils.translation import gettext

from sitrantib.core.backup.contents import (
    CHUNK,
    DATABASE_DIR,
    ERR_CHECKSUM,
    ERR_EXTRA_MEMBER,
    ERR_FORMAT,
    ERR_MISSING_MEMBER,
    ERR_NO_MANIFEST,
    ERR_NOT_AN_ARCHIVE,
    ERR_UNSAFE_MEMBER,
    FILE_ROOTS,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    REASON_ABSOLUTE,
    REASON_BACKSLASH,
    REASON_DUPLICATE,
    REASON_NOT_FILE,
    REASON_PARENT,
    REASON_UNKNOWN_FOLDER,
    BackupError,
)


def _check_member_name(info: tarfile.TarInfo, seen: set[str]) -> PurePosixPath:
    name = info.name
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        raise BackupError(ERR_UNSAFE_MEMBER, name=name, reason=gettext(REASON_ABSOLUTE))
    if "\\" in name:
        raise BackupError(ERR_UNSAFE_MEMBER, name=name, reason=gettext(REASON_BACKSLASH))
    path = PurePosixPath(name)
    if any(part in ("..", ".", "") for part in name.split("/")):
        raise BackupError(ERR_UNSAFE_MEMBER, name=name, reason=gettext(REASON_PARENT))
    if not info.isreg():
        raise BackupError(ERR_UNSAFE_MEMBER, name=name, reason=gettext(REASON_NOT_FILE))
    allowed = {DATABASE_DIR, *FILE_ROOTS}
    if name != MANIFEST and (len(path.parts) < 2 or path.parts[0] not in allowed):
        raise BackupError(ERR_UNSAFE_MEMBER, name=name, reason=gettext(REASON_UNKNOWN_FOLDER))
    if name in seen:
        raise BackupError(ERR_UNSAFE_MEMBER, name=name, reason=gettext(REASON_DUPLICATE))
    seen.add(name)
    return path


def read_archive(path: Path, staging: Path) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """Copy every member into `staging` (names checked) and return (manifest, size and hash)."""
    found: dict[str, dict[str, Any]] = {}
    manifest_body: bytes | None = None
    seen: set[str] = set()
    try:
        with tarfile.open(path, "r:*") as archive:
            for info in archive:
                relative = _check_member_name(info, seen)
                source = archive.extractfile(info)
                if source is None:  # a regular file always has a body
                    raise BackupError(ERR_NOT_AN_ARCHIVE, path=str(path), reason=info.name)
                if info.name == MANIFEST:
                    manifest_body = source.read()
                    continue
                target = staging.joinpath(*relative.parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha256()
                size = 0
                with target.open("xb") as out:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        size += len(chunk)
                        out.write(chunk)
                found[info.name] = {"size": size, "sha256": digest.hexdigest()}
            # Read the compressed stream to its end: gzip checks its CRC there, so damage that
            # looked like the end of the tar is still found.
            stream = archive.fileobj
            while stream is not None and stream.read(CHUNK):
                pass
    except (tarfile.TarError, OSError, EOFError, zlib.error) as exc:
        raise BackupError(ERR_NOT_AN_ARCHIVE, path=str(path), reason=str(exc)) from exc
    if manifest_body is None:
        raise BackupError(ERR_NO_MANIFEST)
    try:
        manifest = json.loads(manifest_body)
        if not isinstance(manifest, dict):
            raise ValueError(manifest)
    except ValueError as exc:
        raise BackupError(ERR_NO_MANIFEST) from exc
    return manifest, found


def verify_members(manifest: dict[str, Any], found: dict[str, dict[str, Any]]) -> None:
    kind = (manifest.get("format"), manifest.get("format_version"))
    if kind != (FORMAT, FORMAT_VERSION):
        raise BackupError(
            ERR_FORMAT, found=f"{kind[0]} {kind[1]}", expected=f"{FORMAT} {FORMAT_VERSION}"
        )
    listed = manifest.get("members")
    if not isinstance(listed, dict):
        raise BackupError(ERR_NO_MANIFEST)
    for name in sorted(set(listed) - set(found)):
        raise BackupError(ERR_MISSING_MEMBER, name=name)
    for name in sorted(set(found) - set(listed)):
        raise BackupError(ERR_EXTRA_MEMBER, name=name)
    for name, actual in sorted(found.items()):
        expected = listed[name]
        if not isinstance(expected, dict) or (
            expected.get("sha256"),
            expected.get("size"),
        ) != (actual["sha256"], actual["size"]):
            raise BackupError(ERR_CHECKSUM, name=name)
