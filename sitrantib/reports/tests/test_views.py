"""The catalogue page /laporan/: who opens it, which documents it offers, making one in the
background, and the messages of bad input (nothing queued)."""

from typing import Any

import pytest
from django.urls import reverse

from sitrantib.core.archive import read_archived
from sitrantib.core.models import ExportJob, ExportStatus, IssuedDocument
from sitrantib.reports.tests.tiny_kind import BUILDS, TINY, tiny_kind_fixture, tiny_text  # noqa: F401
from sitrantib.testing.responses import release

pytestmark = pytest.mark.django_db

HOME = "/laporan/"
MAKE = "/laporan/buat/"


def _post(client: Any, user: Any, data: dict[str, Any]) -> Any:
    client.force_login(user)
    return client.post(MAKE, data)


def _tiny(**values: Any) -> dict[str, Any]:
    data = {"kind": TINY, f"{TINY}-year": "2020", f"{TINY}-format": "docx"}
    data.update({f"{TINY}-{k}" if k != "kind" else k: v for k, v in values.items()})
    return data


def test_urls_are_the_catalogue_and_make():
    assert reverse("reports:home") == HOME
    assert reverse("reports:make") == MAKE


@pytest.mark.parametrize("role", ["admin", "camat", "staff"])
def test_catalogue_shows_the_kinds_the_kecamatan_user_may_make(client, world, tiny_kind, role):
    client.force_login(getattr(world, role))

    response = client.get(HOME)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="report-uji"' in html
    assert 'name="uji-year"' in html
    # The month is asked only of a monthly kind; the administrator's own kind only to them.
    assert 'name="uji-month"' not in html
    assert ('id="report-uji_admin"' in html) is (role == "admin")
    assert 'name="uji-kecamatan"' not in html  # their own kecamatan


def test_the_lkjip_card_leads_to_the_analysis_the_section_writes(client, world):
    client.force_login(world.admin)

    html = client.get(HOME).content.decode()

    link = f'href="{reverse("reports:narrative_list")}"'
    card = html[html.index('id="report-lkjip"') :]
    card = card.split('<div class="col">')[0]  # up to the next card, if any
    assert html.count(link) == 1
    assert link in card


@pytest.mark.parametrize("role", ["operator", "sibling_operator", "partner", "superuser"])
def test_operators_partners_and_users_without_role_are_refused(client, world, tiny_kind, role):
    client.force_login(getattr(world, role))

    assert client.get(HOME).status_code == 403
    assert client.post(MAKE, _tiny()).status_code == 403
    assert not ExportJob.objects.exists()


def test_anonymous_is_sent_to_login(client, world, tiny_kind):
    response = client.get(HOME)

    assert response.status_code == 302
    assert "/login" in response["Location"] or "masuk" in response["Location"]


def test_a_wide_reader_chooses_the_kecamatan_with_the_search_field(client, world, tiny_kind):
    client.force_login(world.regency_admin)

    html = client.get(HOME).content.decode()

    assert 'name="uji-kecamatan"' in html
    assert 'role="combobox"' in html
    assert "/sistem/cari/reports.districts/" in html


def test_post_queues_the_job_and_the_progress_page_offers_the_archived_bytes(
    client, world, tiny_kind, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, world.admin, _tiny())

    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("core:export_progress", args=[job.pk])
    assert (job.status, job.filename) == (ExportStatus.DONE, "uji-2020.docx")
    assert job.params == {"kind": TINY, "district": "35.08.07", "year": 2020, "format": "docx"}

    progress = client.get(response["Location"]).content.decode()
    download_url = reverse("core:export_download", args=[job.pk])
    assert download_url in progress
    download = client.get(download_url)
    body = b"".join(download.streaming_content)
    release(download)

    document = IssuedDocument.objects.get()
    assert (document.kind, document.request_key) == ("reports.uji", f"job:{job.pk}")
    assert document.issued_by == world.admin
    assert body == read_archived(document)
    assert download["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert 'filename="uji-2020.docx"' in download["Content-Disposition"]


def test_the_catalogue_lists_the_recent_issues_of_the_kecamatan(
    client, world, tiny_kind, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, world.admin, _tiny())
        _post(client, world.admin, _tiny(year="2019", format="pdf"))
    document = IssuedDocument.objects.order_by("id").first()
    assert document is not None

    client.force_login(world.camat)
    html = client.get(HOME).content.decode()
    outsider_html = _page_of(client, world.outsider)

    assert f'data-document="{document.pk}"' in html
    assert "Laporan uji 2019" in html
    assert "Laporan uji 2020" in html
    assert reverse("core:archive_detail", args=[document.pk]) in html
    assert "Laporan uji 2019" not in outsider_html


def _page_of(client: Any, user: Any) -> str:
    client.force_login(user)
    return str(client.get(HOME).content.decode())


def test_the_recent_list_takes_the_same_queries_for_one_and_three_issues(
    client, world, tiny_kind, django_assert_num_queries, django_capture_on_commit_callbacks
):
    client.force_login(world.admin)
    counts = []
    for years in (["2020"], ["2018", "2019"]):
        with django_capture_on_commit_callbacks(execute=True):
            for year in years:
                client.post(MAKE, _tiny(year=year))
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            response = client.get(HOME)
        counts.append(len(queries))
        assert response.content.decode().count("data-document=") == IssuedDocument.objects.count()
    assert counts[0] == counts[1]


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"year": "1999"}, "year", "Tahun harus antara 2000 dan"),
        ({"year": "3000"}, "year", "Tahun harus antara 2000 dan"),
        ({"year": "dua ribu"}, "year", "Tulis tahun dengan empat angka"),
        ({"year": ""}, "year", "Isi tahun dokumen"),
        ({"format": "odt"}, "format", "Pilih salah satu format yang tersedia: DOCX, PDF, XLSX."),
    ],
)
def test_bad_input_is_named_beside_its_field_and_nothing_is_queued(
    client, world, tiny_kind, values, field, message
):
    response = _post(client, world.admin, _tiny(**values))

    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert f'id="id_uji-{field}_error"' in html or f"id_uji-{field}" in html
    assert 'aria-invalid="true"' in html or "is-invalid" in html
    assert not ExportJob.objects.exists()
    assert not IssuedDocument.objects.exists()


def test_a_format_the_kind_does_not_offer_is_refused(client, world, tiny_kind):
    response = _post(
        client,
        world.admin,
        {
            "kind": "uji_admin",
            "uji_admin-year": "2020",
            "uji_admin-format": "docx",
            "uji_admin-month": "3",
        },
    )

    assert "Pilih salah satu format yang tersedia: PDF." in response.content.decode()
    assert not ExportJob.objects.exists()


def test_a_monthly_kind_needs_its_month(client, world, tiny_kind):
    response = _post(
        client,
        world.admin,
        {"kind": "uji_admin", "uji_admin-year": "2020", "uji_admin-format": "pdf"},
    )

    assert "Pilih bulan laporan." in response.content.decode()
    assert not ExportJob.objects.exists()


@pytest.mark.parametrize("kind", ["tidakada", "", "uji_admin"])
def test_an_unknown_kind_or_one_not_offered_to_the_user_is_named_and_nothing_queued(
    client, world, tiny_kind, kind
):
    user = world.staff  # uji_admin is the administrator's only
    response = _post(client, user, {"kind": kind, f"{kind}-year": "2020"})

    assert response.status_code == 200
    assert "Jenis dokumen itu tidak dikenal." in response.content.decode()
    assert not ExportJob.objects.exists()


def test_a_wide_reader_must_choose_a_kecamatan_of_their_scope(client, world, tiny_kind):
    client.force_login(world.regency_admin)

    missing = client.post(MAKE, _tiny())
    foreign = client.post(MAKE, _tiny(kecamatan="99.99.99"))

    assert "Pilih kecamatan dokumen ini." in missing.content.decode()
    assert "Pilihan tidak ditemukan." in foreign.content.decode()
    assert not ExportJob.objects.exists()


def test_a_wide_reader_makes_a_document_of_the_chosen_kecamatan(
    client, world, tiny_kind, django_capture_on_commit_callbacks
):
    client.force_login(world.regency_admin)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(MAKE, _tiny(kecamatan=world.other_district.code))

    assert response.status_code == 302
    document = IssuedDocument.objects.get()
    assert document.district_code == world.other_district.code
    assert BUILDS[-1].district_code == world.other_district.code


def test_a_kind_that_cannot_be_made_says_why_on_the_progress_page(
    client, world, tiny_kind, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, world.admin, _tiny(year="2001"))

    job = ExportJob.objects.get()
    assert job.status == ExportStatus.FAILED
    assert "Belum ada data tahun ini." in client.get(response["Location"]).content.decode()
    assert not IssuedDocument.objects.exists()


def test_the_document_holds_the_records_of_its_kecamatan(
    client, world, tiny_kind, django_capture_on_commit_callbacks
):
    import io

    import docx

    with django_capture_on_commit_callbacks(execute=True):
        _post(client, world.admin, _tiny())

    document = IssuedDocument.objects.get()
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(read_archived(document))).paragraphs)
    assert text == tiny_text(BUILDS[-1])
