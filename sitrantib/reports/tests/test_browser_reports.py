"""Browser journey: the section's administrator makes the KAK of 2020 as a Word file from the
catalogue, sees the progress page and downloads the file, which is the archived document."""

import re
from pathlib import Path
from typing import Any

import docx
import pytest
from playwright.sync_api import expect

from sitrantib.core.archive import read_archived
from sitrantib.core.enums import Role
from sitrantib.core.models import IssuedDocument
from sitrantib.regions.models import District
from sitrantib.reports.tests.kak_support import DISTRICT, approved_kak_2020
from sitrantib.testing.a11y.axe import axe_violations
from sitrantib.testing.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_makes_the_kak_docx_and_downloads_the_archived_file(
    page: Any, live_server: Any, login: Any, tmp_path: Path
) -> None:
    approved_kak_2020()
    admin = make_user(
        role=Role.TRANTIB_ADMIN, district=District.objects.get(code=DISTRICT), username="kasi"
    )
    login(page, admin)

    page.goto(f"{live_server.url}/laporan/")
    assert axe_violations(page, "catalogue") == []
    card = page.locator("#report-kak")
    expect(card).to_contain_text("Kerangka Acuan Kerja")
    card.get_by_label("Tahun").fill("2020")
    card.get_by_label("DOCX").check()
    card.get_by_role("button", name="Buat dokumen").click()

    # The progress page: the job ran (at once on this backend) and offers the download.
    expect(page).to_have_url(re.compile(r"/sistem/ekspor/\d+/$"))
    download_link = page.locator("#export-download")
    expect(download_link).to_be_visible()
    expect(download_link).to_contain_text("kak")
    assert axe_violations(page, "progress") == []
    with page.expect_download() as info:
        download_link.click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)

    document = IssuedDocument.objects.get(kind="reports.kak")
    assert target.read_bytes() == read_archived(document)
    assert target.suffix == ".docx"
    text = "\n".join(p.text for p in docx.Document(str(target)).paragraphs)
    assert "KERANGKA ACUAN KERJA" in text.upper()
    assert document.issued_by_id == admin.pk

    # Back on the catalogue, the document is listed among the recent ones.
    page.goto(f"{live_server.url}/laporan/")
    expect(page.locator(f'[data-document="{document.pk}"]')).to_be_visible()
