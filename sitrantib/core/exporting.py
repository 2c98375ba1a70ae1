"""Exports in the background with a progress page, or directly when they are small.

An app registers each export once (in its AppConfig.ready or a module imported there):

    register_export(ExportKind(
        key="linmas.register", title=_("Register LINMAS"), filename="register-linmas.xlsx",
        build=build_register,
    ))

    def build_register(run: ExportRun, *, user, params) -> None:
        members = members_visible_to(user=user).filter(...)      # scope the rows by `user`
        run.set_total(members.count())
        run.write_workbook([("Anggota", headers, (row(m) for m in run.track(iterate_by_key(...))))])

`build` writes the file into `run.file` (`run.write_workbook` uses `core.spreadsheets`; a PDF
build writes its bytes) and reports progress with `set_total`/`advance`/`track`. It raises
`ExportError(MESSAGE)` for a refusal the user should read; any other exception is logged and the
job fails with a general message. A build must not depend on `run.job` (None for direct exports).

The view calls `export_or_queue(request, kind=..., params=..., row_count=n)`: up to
`SITRANTIB_EXPORT_DIRECT_MAX_ROWS` rows (3,000) the file is built and sent at once, otherwise an
`ExportJob` is queued (`start_export`, enqueued on commit through `django.tasks`, any backend) and
the user is sent to its progress page `/sistem/ekspor/<id>/`, which refreshes itself (htmx polling;
a meta refresh without JavaScript) and offers the download when done. Only the owner sees the
page and downloads the file (404 for anyone else); downloads are sent `Cache-Control: no-store`
and audited. A job run twice (a retry, a repeated task) keeps one file. `purge_exports` (and
`manage.py purge_exports`, hourly from cron) removes files a day old.
"""

import datetime as dt
import json
import logging
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.files import File
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import F
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.tasks import task
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET, require_POST

from sitrantib.core.audit import record_change
from sitrantib.core.enums import AuditAction
from sitrantib.core.models import ExportJob, ExportStatus
from sitrantib.core.scoping import scope_of
from sitrantib.core.spreadsheets import XLSX_CONTENT_TYPE, write_workbook_to

logger = logging.getLogger(__name__)

DEFAULT_DIRECT_MAX_ROWS = 3000
FILE_RETENTION = dt.timedelta(days=1)
JOB_RETENTION = dt.timedelta(days=30)
POLL_SECONDS = 2
AUDIT_ACTION_EXPORT = AuditAction.EXPORT

MESSAGE_FAILED = gettext_noop(
    "Ekspor gagal karena kesalahan sistem. Coba buat ekspor lagi; bila tetap gagal, hubungi admin."
)
MESSAGE_UNKNOWN_KIND = gettext_noop("Jenis ekspor ini tidak tersedia lagi.")


class ExportError(Exception):
    """A refusal the user reads on the progress page: raise it with a gettext_noop constant."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class ExportKind:
    """One export an app offers: its key, title, download name and the function writing it."""

    key: str
    title: str | Promise
    build: Callable[..., None]
    filename: str
    content_type: str = XLSX_CONTENT_TYPE
    # The parameters the audit entry of a download may record (a desa, a status, a year). Free
    # text such as a name searched for is personal data and is never written to the audit log.
    audited_params: tuple[str, ...] = ()


_KINDS: dict[str, ExportKind] = {}


def register_export(kind: ExportKind) -> ExportKind:
    """Offer an export under its key (registering the same key twice is an error)."""
    existing = _KINDS.get(kind.key)
    if existing is not None and existing != kind:
        raise ValueError(f"Export kind {kind.key!r} is registered twice")
    _KINDS[kind.key] = kind
    return kind


def export_kind(key: str) -> ExportKind:
    """The registered export `key`; LookupError when there is none."""
    try:
        return _KINDS[key]
    except KeyError:
        raise LookupError(f"No export kind {key!r} is registered") from None


def direct_max_rows() -> int:
    return int(getattr(settings, "SITRANTIB_EXPORT_DIRECT_MAX_ROWS", DEFAULT_DIRECT_MAX_ROWS))


class ExportRun:
    """What a build writes into (`file`) and reports its progress through.

    Progress reaches the database at most every 1 % of the total (or every 500 rows while the
    total is unknown) and at least every 2 seconds, so the progress page moves without a write
    per row.
    """

    def __init__(self, *, job: ExportJob | None, file: IO[bytes]) -> None:
        self.job = job
        self.file = file
        # A build whose file name depends on its parameters (a document of a year) sets it;
        # the download's content type then follows the name's extension (CONTENT_TYPES).
        self.filename: str | None = None
        self.done = 0
        self.total: int | None = None
        self._saved = 0
        self._saved_at = time.monotonic()

    def set_total(self, total: int) -> None:
        self.total = max(0, int(total))
        self._save()

    def advance(self, count: int = 1) -> None:
        self.done += count
        step = max(1, self.total // 100) if self.total else 500
        if self.done - self._saved >= step or time.monotonic() - self._saved_at >= 2:
            self._save()

    def track[T](self, items: Iterable[T]) -> Iterator[T]:
        """The items, advancing the progress by one as each is taken."""
        for item in items:
            self.advance()
            yield item

    def write_workbook(
        self, sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence[Any]]]]
    ) -> None:
        """Write an XLSX into the run's file (`core.spreadsheets.write_workbook_to`)."""
        write_workbook_to(self.file, sheets)

    def _save(self) -> None:
        self._saved = self.done
        self._saved_at = time.monotonic()
        if self.job is not None:
            ExportJob.objects.filter(pk=self.job.pk).update(
                progress_done=self.done, progress_total=self.total
            )


def _json_safe(params: dict[str, Any]) -> dict[str, Any]:
    data = json.loads(json.dumps(params, cls=DjangoJSONEncoder))
    if not isinstance(data, dict):
        raise TypeError("Export params must be a JSON object")
    return data


def start_export(*, kind: str, user: Any, params: dict[str, Any]) -> ExportJob:
    """Queue export `kind` for `user` with `params` (JSON); the task is enqueued on commit.

    Raises LookupError for an unregistered kind. The build scopes its rows by the owner when it
    runs, so an export never holds more than its owner may see at that moment.
    """
    export_kind(kind)
    job = ExportJob.objects.create(
        owner=user,
        kind=kind,
        params=_json_safe(params),
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    _enqueue_on_commit(job.pk)
    return job


def _enqueue_on_commit(job_id: int) -> None:
    transaction.on_commit(lambda: run_export.enqueue(job_id))


@transaction.atomic
def retry_export(*, job: ExportJob, user: Any) -> bool:
    """Queue a failed job again (its owner only); False when it has not failed."""
    if job.owner_id != user.pk:
        raise Http404
    queued = ExportJob.objects.filter(pk=job.pk, status=ExportStatus.FAILED).update(
        status=ExportStatus.QUEUED, error="", progress_done=0, finished_at=None
    )
    if queued:
        _enqueue_on_commit(job.pk)
    return bool(queued)


@task
def run_export(job_id: int) -> str:
    """The background task: build the file of job `job_id`; returns the job's final status."""
    return execute_export(job_id)


def execute_export(job_id: int) -> str:
    """Build and store the file of a queued (or interrupted) job.

    A job already done or failed is left alone, so a repeated task does nothing twice; a run of
    an interrupted job replaces its file instead of adding a second one. A failure marks the job
    failed with a message and leaves no file.
    """
    claimed = ExportJob.objects.filter(
        pk=job_id, status__in=(ExportStatus.QUEUED, ExportStatus.RUNNING)
    ).update(
        status=ExportStatus.RUNNING,
        started_at=timezone.now(),
        attempts=F("attempts") + 1,
        progress_done=0,
        error="",
    )
    job = ExportJob.objects.select_related("owner").filter(pk=job_id).first()
    if job is None:
        return "missing"
    if not claimed:
        return str(job.status)
    with translation.override(job.language or settings.LANGUAGE_CODE):
        try:
            kind = export_kind(job.kind)
        except LookupError:
            return _fail(job, MESSAGE_UNKNOWN_KIND)
        try:
            with tempfile.TemporaryFile() as handle:
                run = ExportRun(job=job, file=handle)
                kind.build(run, user=job.owner, params=job.params)
                size = handle.seek(0, 2)
                handle.seek(0)
                filename = run.filename or kind.filename
                name = _store(job, handle, filename)
        except ExportError as exc:
            return _fail(job, exc.message)
        except Exception:
            logger.exception("Export job %s (%s) failed", job.pk, job.kind)
            return _fail(job, MESSAGE_FAILED)
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportStatus.DONE,
        file=name,
        filename=filename,
        size=size,
        progress_done=run.done,
        progress_total=run.total if run.total is not None else run.done,
        finished_at=timezone.now(),
    )
    return str(ExportStatus.DONE)


def _store(job: ExportJob, handle: IO[bytes], filename: str) -> str:
    """Save the file under the job's own name, replacing what an earlier run left."""
    storage = job.file.storage
    suffix = "." + filename.rsplit(".", 1)[-1] if "." in filename else ""
    name = f"exports/export-{job.pk}{suffix}"
    for old in {name, job.file.name or ""} - {""}:
        if storage.exists(old):
            storage.delete(old)
    saved: str = storage.save(name, File(handle, name=name))
    return saved


def _fail(job: ExportJob, message: str) -> str:
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportStatus.FAILED, error=message, finished_at=timezone.now()
    )
    return str(ExportStatus.FAILED)


def purge_exports(*, now: dt.datetime | None = None) -> tuple[int, int]:
    """Remove export files older than a day and jobs older than 30 days; (files, jobs) removed.

    Safe to run at any time and repeatedly: an expired job keeps its row (the page says the file
    is gone) until the row itself is old.
    """
    now = now or timezone.now()
    files = 0
    old = ExportJob.objects.filter(created_at__lt=now - FILE_RETENTION).exclude(
        status=ExportStatus.EXPIRED
    )
    for job in old.iterator(chunk_size=200):
        if job.file.name:
            job.file.storage.delete(job.file.name)
            files += 1
        ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.EXPIRED, file="")
    jobs, _counts = ExportJob.objects.filter(created_at__lt=now - JOB_RETENTION).delete()
    return files, jobs


# ---------------------------------------------------------------- views and the view helper


def _audit_download(
    *, user: Any, kind: ExportKind, params: dict[str, Any], job: ExportJob | None
) -> None:
    codes = scope_of(user).district_codes
    record_change(
        actor=user,
        action=AUDIT_ACTION_EXPORT,
        object_type="core.exportjob",
        object_id=str(job.pk) if job else "",
        object_repr=f"{kind.key}: {kind.filename}",
        district_code=next(iter(codes)) if len(codes) == 1 else "",
        note=json.dumps(
            {k: v for k, v in params.items() if k in kind.audited_params},
            ensure_ascii=False,
            sort_keys=True,
        )[:500],
    )


# Content types by extension, for a build that names its own file (ExportRun.filename).
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": XLSX_CONTENT_TYPE,
}


def _file_response(handle: IO[bytes], kind: ExportKind, filename: str) -> FileResponse:
    extension = filename.rsplit(".", 1)[-1].lower() if filename != kind.filename else ""
    content_type = CONTENT_TYPES.get(extension, kind.content_type)
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    response["Cache-Control"] = "no-store"
    return response


def export_or_queue(
    request: HttpRequest, *, kind: str, params: dict[str, Any], row_count: int
) -> HttpResponseBase:
    """The file itself for a small export, or a redirect to the progress page of a queued one.

    Up to `SITRANTIB_EXPORT_DIRECT_MAX_ROWS` rows the build runs now and the download (audited,
    `no-store`) is the response; an `ExportError` from the build propagates to the view.
    """
    spec = export_kind(kind)
    params = _json_safe(params)
    if row_count > direct_max_rows():
        job = start_export(kind=kind, user=request.user, params=params)
        return redirect("core:export_progress", pk=job.pk)
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    try:
        run = ExportRun(job=None, file=handle)
        spec.build(run, user=request.user, params=params)
    except BaseException:
        handle.close()
        raise
    handle.seek(0)
    _audit_download(user=request.user, kind=spec, params=params, job=None)
    return _file_response(handle, spec, run.filename or spec.filename)


def _own_job(request: HttpRequest, pk: int) -> ExportJob:
    return get_object_or_404(ExportJob, pk=pk, owner_id=request.user.pk)


def _title(job: ExportJob) -> str:
    kind = _KINDS.get(job.kind)
    return str(kind.title) if kind else job.kind


@require_GET
@login_required
def export_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress of one's own export; htmx asks for the status part only, every 2 s."""
    job = _own_job(request, pk)
    context = {"job": job, "title": _title(job), "poll_seconds": POLL_SECONDS}
    if request.headers.get("HX-Request"):
        response = render(request, "core/exports/status.html", context)
        if job.is_finished:
            response.status_code = 286  # htmx stops polling
    else:
        response = render(request, "core/exports/progress.html", context)
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@login_required
def export_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The finished file, to its owner only; audited and never cached."""
    job = _own_job(request, pk)
    if job.status != ExportStatus.DONE or not job.file:
        raise Http404
    kind = _KINDS.get(job.kind)
    if kind is None:
        raise Http404
    try:
        handle = job.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    _audit_download(user=request.user, kind=kind, params=job.params, job=job)
    return _file_response(handle, kind, job.filename or kind.filename)


@require_POST
@login_required
def export_retry(request: HttpRequest, pk: int) -> HttpResponse:
    job = _own_job(request, pk)
    retry_export(job=job, user=request.user)
    return redirect("core:export_progress", pk=job.pk)
