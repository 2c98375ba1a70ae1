"""Documents render in the background: one archived document per job, whatever happens to the
worker running it (a job run twice, a worker killed in the middle and its job requeued)."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from sitrantib.core.archive import current_data_version, document_kind, read_archived
from sitrantib.core.exporting import ExportRun, execute_export
from sitrantib.core.models import ExportJob, ExportStatus, IssuedDocument, TaskWorker
from sitrantib.reports.catalogue import ReportRequest
from sitrantib.reports.jobs import EXPORT_KIND, start_document
from sitrantib.reports.services import issue_report
from sitrantib.reports.tests.tiny_kind import BUILDS, TINY, tiny_kind_fixture  # noqa: F401

DB_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def _request(world, **values) -> ReportRequest:
    fields = {
        "district_code": world.district.code,
        "year": 2020,
        "fmt": "pdf",
        "actor": world.admin,
    }
    fields.update(values)
    return ReportRequest(**fields)


@pytest.mark.django_db
def test_issue_report_archives_with_the_data_version_read_before_rendering(world, tiny_kind):
    version = current_data_version(world.district.code)

    document = issue_report(key=TINY, request=_request(world))

    assert (document.kind, document.format, document.data_version) == (
        "reports.uji",
        "pdf",
        version,
    )
    assert document.issued_by == world.admin
    assert document.params == {"year": 2020, "format": "pdf"}
    assert read_archived(document).startswith(b"%PDF")


@pytest.mark.django_db
def test_every_report_kind_is_a_kind_of_the_archive_read_by_its_readers(world, tiny_kind):
    document = issue_report(key=TINY, request=_request(world))
    kind = document_kind("reports.uji")

    assert kind.readers(world.camat, document)
    assert not kind.readers(world.operator, document)
    assert not kind.readers(world.outsider, document)


@pytest.mark.django_db
def test_issue_report_refuses_a_reader_the_kind_refuses(world, tiny_kind):
    with pytest.raises(PermissionDenied):
        issue_report(key=TINY, request=_request(world, actor=world.partner))
    with pytest.raises(PermissionDenied):
        issue_report(key=TINY, request=_request(world, actor=world.outsider))

    assert not IssuedDocument.objects.exists()
    assert BUILDS == []


@pytest.mark.django_db
def test_the_same_request_key_returns_the_first_document_without_rendering_again(world, tiny_kind):
    first = issue_report(key=TINY, request=_request(world), request_key="job:7")
    second = issue_report(key=TINY, request=_request(world), request_key="job:7")

    assert first.pk == second.pk
    assert len(BUILDS) == 1
    assert IssuedDocument.objects.count() == 1


@pytest.mark.django_db
def test_a_job_run_twice_keeps_one_archive_row_and_one_file(
    world, tiny_kind, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = start_document(
            user=world.admin, key=TINY, district_code=world.district.code, year=2020, fmt="xlsx"
        )
    job.refresh_from_db()
    assert job.status == ExportStatus.DONE
    # A retry of the task after the job finished, then a run of an interrupted job: one document.
    assert execute_export(job.pk) == ExportStatus.DONE
    ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.RUNNING)
    assert execute_export(job.pk) == ExportStatus.DONE

    job.refresh_from_db()
    document = IssuedDocument.objects.get()
    assert document.request_key == f"job:{job.pk}"
    assert len(BUILDS) == 1
    with job.file.open("rb") as handle:
        assert handle.read() == read_archived(document)
    assert (job.filename, job.kind) == ("uji-2020.xlsx", EXPORT_KIND)


@pytest.mark.django_db
def test_a_direct_run_without_a_job_issues_without_a_request_key(world, tiny_kind):
    from sitrantib.reports.jobs import build_document, document_params

    handle = io.BytesIO()
    run = ExportRun(job=None, file=handle)
    params = document_params(key=TINY, district_code=world.district.code, year=2020, fmt="pdf")

    build_document(run, user=world.admin, params=params)

    document = IssuedDocument.objects.get()
    assert document.request_key is None
    assert run.filename == "uji-2020.pdf"
    assert handle.getvalue() == read_archived(document)


def _kill_worker_during(job: ExportJob, result: DBTaskResult) -> None:
    """What a worker killed mid-render leaves: the task claimed, the job running, no heartbeat
    for longer than the stale limit."""
    result.claim("killed-worker")
    ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.RUNNING, attempts=1)
    TaskWorker.objects.create(
        worker_id="killed-worker",
        host="server",
        pid=1,
        seen_at=timezone.now() - dt.timedelta(minutes=2),
        started_at=timezone.now() - dt.timedelta(minutes=3),
    )


def _run_workers() -> None:
    for worker_id in ("rescuer", "second"):
        call_command(
            "task_worker",
            "--batch",
            "--no-startup-delay",
            "--worker-id",
            worker_id,
            stdout=io.StringIO(),
        )


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DB_QUEUE, SITRANTIB_WORKER_STALE_SECONDS=30)
@pytest.mark.parametrize("archived_before_the_kill", [False, True])
def test_a_render_left_running_by_a_dead_worker_is_requeued_and_leaves_one_document(
    world, tiny_kind, archived_before_the_kill
):
    job = start_document(
        user=world.admin, key=TINY, district_code=world.district.code, year=2020, fmt="docx"
    )
    result = DBTaskResult.objects.get()
    _kill_worker_during(job, result)
    if archived_before_the_kill:
        # The worker died after archiving the document but before marking the job done.
        issue_report(
            key=TINY,
            request=_request(world, fmt="docx"),
            request_key=f"job:{job.pk}",
        )

    _run_workers()

    result.refresh_from_db()
    job.refresh_from_db()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.worker_ids == ["killed-worker", "rescuer"]
    assert (job.status, job.attempts) == (ExportStatus.DONE, 2)
    assert len(BUILDS) == 1  # rendered once, by whichever run got that far first
    document = IssuedDocument.objects.get()
    assert document.request_key == f"job:{job.pk}"
    with job.file.open("rb") as handle:
        assert handle.read() == read_archived(document)
