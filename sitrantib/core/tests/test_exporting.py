"""Background exports: a job runs to a file, reports progress, is downloaded by its owner only
(audited, never cached), fails with a message, keeps one file when run again, and is purged."""

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from sitrantib.core import exporting
from sitrantib.core.exporting import (
    MESSAGE_FAILED,
    ExportError,
    ExportKind,
    ExportRun,
    execute_export,
    export_or_queue,
    purge_exports,
    register_export,
    start_export,
)
from sitrantib.core.models import AuditEntry, ExportJob, ExportStatus
from sitrantib.core.scoping import scope_of
from sitrantib.regions.selectors import villages_in_scope

MESSAGE_REFUSED = "Saringan ini tidak dapat diekspor."
SEEN_PROGRESS: list[tuple[int, int | None]] = []


def build_villages(run: ExportRun, *, user: Any, params: dict[str, Any]) -> None:
    if params.get("fail") == "crash":
        raise RuntimeError("disk full")
    if params.get("fail") == "refuse":
        raise ExportError(MESSAGE_REFUSED)
    villages = villages_in_scope(scope=scope_of(user)).order_by("code")
    run.set_total(villages.count())
    rows = ([v.code, v.name] for v in run.track(villages))
    run.write_workbook([("Desa", ["Kode", "Nama"], rows)])


def build_counting(run: ExportRun, *, user: Any, params: dict[str, Any]) -> None:
    """250 rows; records what the progress page would read before, midway and at the end."""

    def seen() -> tuple[int, int | None]:
        job = ExportJob.objects.get(pk=run.job.pk)  # type: ignore[union-attr]
        return job.progress_done, job.progress_total

    run.set_total(250)
    SEEN_PROGRESS.append(seen())
    rows = []
    for number in run.track(range(250)):
        rows.append([number])
        if number == 99:
            SEEN_PROGRESS.append(seen())
    SEEN_PROGRESS.append(seen())
    run.write_workbook([("Angka", ["n"], rows)])


@pytest.fixture(autouse=True)
def kinds(monkeypatch: Any) -> None:
    monkeypatch.setattr(exporting, "_KINDS", {})
    register_export(
        ExportKind(
            key="uji.desa",
            title="Desa",
            build=build_villages,
            filename="desa.xlsx",
            audited_params=("desa",),
        )
    )
    register_export(
        ExportKind(key="uji.angka", title="Angka", build=build_counting, filename="angka.xlsx")
    )


def _files() -> list[Path]:
    folder = Path(settings.PRIVATE_MEDIA_ROOT) / "exports"
    return sorted(folder.iterdir()) if folder.exists() else []


def _run(
    user: Any, kind: str = "uji.desa", params: dict[str, Any] | None = None, *, capture: Any
) -> ExportJob:
    with capture(execute=True):
        job = start_export(kind=kind, user=user, params=params or {})
    job.refresh_from_db()
    return job


def test_queued_export_runs_to_a_file_that_opens(world, django_capture_on_commit_callbacks):
    job = _run(world.admin, capture=django_capture_on_commit_callbacks)

    with job.file.open("rb") as handle:
        rows = list(load_workbook(io.BytesIO(handle.read())).active.values)
    assert (job.status, job.progress_done, job.progress_total, job.attempts) == (
        ExportStatus.DONE,
        2,
        2,
        1,
    )
    assert rows == [("Kode", "Nama"), ("35.08.07.2001", "Darungan"), ("35.08.07.2002", "Kraton")]


def test_export_rows_follow_the_owners_scope(world, django_capture_on_commit_callbacks):
    job = _run(world.operator, capture=django_capture_on_commit_callbacks)

    with job.file.open("rb") as handle:
        rows = list(load_workbook(io.BytesIO(handle.read())).active.values)
    assert rows == [("Kode", "Nama"), ("35.08.07.2001", "Darungan")]


def test_progress_reaches_the_database_while_the_file_is_built(
    world, django_capture_on_commit_callbacks
):
    SEEN_PROGRESS.clear()

    job = _run(world.admin, "uji.angka", capture=django_capture_on_commit_callbacks)

    assert SEEN_PROGRESS == [(0, 250), (100, 250), (250, 250)]
    assert (job.progress_done, job.progress_total, job.percent) == (250, 250, 100)


def test_export_is_not_enqueued_when_the_request_rolls_back(world):
    job = start_export(kind="uji.desa", user=world.admin, params={})

    job.refresh_from_db()
    assert job.status == ExportStatus.QUEUED  # the test transaction never commits


def test_progress_page_refreshes_itself_until_done(world, client):
    job = ExportJob.objects.create(
        owner=world.admin, kind="uji.desa", status=ExportStatus.RUNNING, progress_total=200
    )
    ExportJob.objects.filter(pk=job.pk).update(progress_done=50)
    client.force_login(world.admin)
    url = reverse("core:export_progress", kwargs={"pk": job.pk})

    page = client.get(url)
    part = client.get(url, headers={"HX-Request": "true"})

    html = page.content.decode()
    assert (page.status_code, page["Cache-Control"]) == (200, "no-store")
    assert 'hx-trigger="every 2s"' in html
    assert f'<a href="{url}">Perbarui halaman ini</a>' in html  # without JavaScript
    assert 'aria-valuenow="25"' in html
    assert "50 dari 200 baris (25%)" in html
    assert (part.status_code, "<html" in part.content.decode()) == (200, False)


def test_finished_progress_page_offers_the_download_and_stops_polling(
    world, client, django_capture_on_commit_callbacks
):
    job = _run(world.admin, capture=django_capture_on_commit_callbacks)
    client.force_login(world.admin)
    url = reverse("core:export_progress", kwargs={"pk": job.pk})

    page = client.get(url).content.decode()
    part = client.get(url, headers={"HX-Request": "true"})

    assert reverse("core:export_download", kwargs={"pk": job.pk}) in page
    assert "hx-trigger" not in page
    assert "Perbarui halaman ini" not in page
    assert part.status_code == 286


def test_owner_downloads_without_cache_and_the_download_is_audited(
    world, client, django_capture_on_commit_callbacks
):
    params = {"desa": "35.08.07.2001", "q": "Budi Santoso"}  # a searched name is personal data
    job = _run(world.admin, params=params, capture=django_capture_on_commit_callbacks)
    client.force_login(world.admin)

    response = client.get(reverse("core:export_download", kwargs={"pk": job.pk}))

    content = b"".join(response.streaming_content)
    entry = AuditEntry.objects.get(action=exporting.AUDIT_ACTION_EXPORT)
    assert (response.status_code, response["Cache-Control"]) == (200, "no-store")
    assert 'filename="desa.xlsx"' in response["Content-Disposition"]
    assert content[:2] == b"PK"
    assert (entry.actor, entry.object_type, entry.object_id, entry.district_code) == (
        world.admin,
        "core.exportjob",
        str(job.pk),
        "35.08.07",
    )
    assert entry.note == '{"desa": "35.08.07.2001"}'


@pytest.mark.parametrize("who", ["camat", "operator", "outsider", "national"])
def test_only_the_owner_sees_the_progress_page_and_downloads(
    world, client, django_capture_on_commit_callbacks, who
):
    job = _run(world.admin, capture=django_capture_on_commit_callbacks)
    client.force_login(getattr(world, who))

    page = client.get(reverse("core:export_progress", kwargs={"pk": job.pk}))
    download = client.get(reverse("core:export_download", kwargs={"pk": job.pk}))
    retry = client.post(reverse("core:export_retry", kwargs={"pk": job.pk}))

    assert (page.status_code, download.status_code, retry.status_code) == (404, 404, 404)
    assert not AuditEntry.objects.filter(action=exporting.AUDIT_ACTION_EXPORT).exists()


def test_download_of_an_unfinished_export_is_not_found(world, client):
    job = ExportJob.objects.create(owner=world.admin, kind="uji.desa")
    client.force_login(world.admin)

    response = client.get(reverse("core:export_download", kwargs={"pk": job.pk}))

    assert response.status_code == 404


def test_failed_build_marks_the_job_failed_with_a_message_and_no_file(
    world, client, django_capture_on_commit_callbacks
):
    job = _run(world.admin, params={"fail": "crash"}, capture=django_capture_on_commit_callbacks)
    client.force_login(world.admin)

    page = client.get(reverse("core:export_progress", kwargs={"pk": job.pk})).content.decode()

    assert (job.status, job.error, job.file.name, _files()) == (
        ExportStatus.FAILED,
        MESSAGE_FAILED,
        "",
        [],
    )
    assert "Ekspor gagal karena kesalahan sistem" in page
    assert reverse("core:export_retry", kwargs={"pk": job.pk}) in page


def test_refusal_of_the_build_is_the_jobs_message(world, django_capture_on_commit_callbacks):
    job = _run(world.admin, params={"fail": "refuse"}, capture=django_capture_on_commit_callbacks)

    assert (job.status, job.error) == (ExportStatus.FAILED, MESSAGE_REFUSED)


def test_failed_job_retried_by_its_owner_finishes_with_one_file(
    world, client, django_capture_on_commit_callbacks
):
    job = _run(world.admin, params={"fail": "crash"}, capture=django_capture_on_commit_callbacks)
    ExportJob.objects.filter(pk=job.pk).update(params={})
    client.force_login(world.admin)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("core:export_retry", kwargs={"pk": job.pk}))

    job.refresh_from_db()
    assert response.status_code == 302
    assert (job.status, job.attempts, job.error, len(_files())) == (ExportStatus.DONE, 2, "", 1)


def test_running_the_same_job_again_keeps_one_file(world, django_capture_on_commit_callbacks):
    job = _run(world.admin, capture=django_capture_on_commit_callbacks)
    first = job.file.name

    repeated = execute_export(job.pk)  # a duplicate task for a finished job does nothing
    ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.RUNNING)  # worker died
    rerun = execute_export(job.pk)

    job.refresh_from_db()
    assert (repeated, rerun, job.status, job.attempts) == ("done", "done", "done", 2)
    assert (job.file.name, [p.name for p in _files()]) == (first, [Path(first).name])


def test_small_export_is_sent_directly_and_audited(world, settings):
    settings.SITRANTIB_EXPORT_DIRECT_MAX_ROWS = 2
    request = RequestFactory().get("/linmas/ekspor/")
    request.user = world.admin

    response = export_or_queue(request, kind="uji.desa", params={}, row_count=2)

    content = b"".join(response.streaming_content)
    if response.file_to_stream is not None:  # response.close() would end the request's connection
        response.file_to_stream.close()
    rows = list(load_workbook(io.BytesIO(content)).active.values)
    assert (response.status_code, response["Cache-Control"], len(rows)) == (200, "no-store", 3)
    assert (ExportJob.objects.count(), AuditEntry.objects.count()) == (0, 1)


def test_large_export_is_queued_and_the_user_sent_to_its_progress_page(
    world, settings, django_capture_on_commit_callbacks
):
    settings.SITRANTIB_EXPORT_DIRECT_MAX_ROWS = 2
    request = RequestFactory().get("/linmas/ekspor/")
    request.user = world.admin

    with django_capture_on_commit_callbacks(execute=True):
        response = export_or_queue(request, kind="uji.desa", params={"a": 1}, row_count=3)

    job = ExportJob.objects.get()
    assert (response.status_code, response["Location"]) == (
        302,
        reverse("core:export_progress", kwargs={"pk": job.pk}),
    )
    assert (job.status, job.params, job.owner) == (ExportStatus.DONE, {"a": 1}, world.admin)


def test_unknown_kind_is_refused_before_anything_is_queued(world):
    with pytest.raises(LookupError):
        start_export(kind="uji.tidak-ada", user=world.admin, params={})

    assert not ExportJob.objects.exists()


def test_purge_removes_files_after_a_day_and_jobs_after_a_month(
    world, django_capture_on_commit_callbacks
):
    old = _run(world.admin, capture=django_capture_on_commit_callbacks)
    fresh = _run(world.admin, capture=django_capture_on_commit_callbacks)
    ancient = ExportJob.objects.create(owner=world.admin, kind="uji.desa")
    now = timezone.now()
    ExportJob.objects.filter(pk=old.pk).update(created_at=now - dt.timedelta(hours=25))
    ExportJob.objects.filter(pk=ancient.pk).update(created_at=now - dt.timedelta(days=31))

    result = purge_exports()
    again = purge_exports()

    old.refresh_from_db()
    fresh.refresh_from_db()
    assert (result, again) == ((1, 1), (0, 0))
    assert (old.status, old.file.name, fresh.status) == ("expired", "", "done")
    assert [p.name for p in _files()] == [Path(fresh.file.name).name]
    assert not ExportJob.objects.filter(pk=ancient.pk).exists()


def test_purge_command_reports_what_it_removed(world):
    out = io.StringIO()

    call_command("purge_exports", stdout=out)

    assert out.getvalue().strip() == "Berkas ekspor dihapus: 0; catatan ekspor dihapus: 0."
