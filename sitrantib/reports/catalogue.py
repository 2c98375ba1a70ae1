"""The catalogue of official documents the section renders from its records (ADR 0100).

Each report module registers its kind once:

    register_report(ReportKind(
        key="kak", title=_("Kerangka Acuan Kerja (KAK)"), formats=("docx", "pdf"),
        build=build_kak, readers=reads_plan_documents,
    ))

`build(request)` returns a RenderedDocument (bytes, file name, title, subject key) for one
kecamatan, year (and month for monthly reports) and format; it raises ReportUnavailable with a
gettext_noop message the user reads (no approved plan for that year, say). `readers(user,
district_code)` says who may render and read it. Services (`services.issue_report`) archive
every rendered document in core.archive under kind "reports.<key>".
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise


class ReportUnavailable(Exception):
    """The report cannot be rendered for these parameters; `message` is for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class ReportRequest:
    district_code: str
    year: int
    fmt: str
    month: int | None = None
    actor: Any = None  # the user asking; None from the command line


@dataclass(frozen=True)
class RenderedDocument:
    content: bytes
    filename: str
    title: str
    subject_key: str


@dataclass(frozen=True)
class ReportKind:
    key: str
    title: str | Promise
    formats: tuple[str, ...]
    build: Callable[[ReportRequest], RenderedDocument]
    readers: Callable[[Any, str], bool]
    needs_month: bool = False
    # Shown on the catalogue page: what the document holds.
    description: str | Promise = ""


_KINDS: dict[str, ReportKind] = {}


def register_report(kind: ReportKind) -> ReportKind:
    existing = _KINDS.get(kind.key)
    if existing is not None and existing != kind:
        raise ValueError(f"Report kind {kind.key!r} is registered twice")
    _KINDS[kind.key] = kind
    return kind


def report_kind(key: str) -> ReportKind:
    try:
        return _KINDS[key]
    except KeyError:
        raise LookupError(f"No report kind {key!r} is registered") from None


def report_kinds() -> list[ReportKind]:
    return list(_KINDS.values())
