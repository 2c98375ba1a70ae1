"""Names of issued documents (core.archive.download_name): no path, quote or control character
reaches the storage or the Content-Disposition header, whatever name the issuing code passes."""

import pytest
from django.urls import reverse

from sitrantib.core.archive import download_name
from sitrantib.core.models import IssuedDocument
from sitrantib.testing.responses import release

from .test_archive_pages import _issue


@pytest.mark.parametrize(
    ("given", "stored", "header"),
    [
        ("laporan.pdf", "laporan.pdf", 'attachment; filename="laporan.pdf"'),
        # A quote would end the header's quoted name and let the rest pass as a parameter.
        (
            "a.pdf\"; filename*=utf-8''x.exe",
            "a.pdf ; filename =utf-8''x.exe",
            "attachment; filename=\"a.pdf ; filename =utf-8''x.exe\"",
        ),
        ("../../etc/passwd.pdf", "passwd.pdf", 'attachment; filename="passwd.pdf"'),
        ("..\\..\\boot.ini.pdf", "boot.ini.pdf", 'attachment; filename="boot.ini.pdf"'),
        ("rapat/undangan.pdf", "undangan.pdf", 'attachment; filename="undangan.pdf"'),
        (
            "a\r\nSet-Cookie: x=1.pdf",
            "a Set-Cookie x=1.pdf",
            'attachment; filename="a Set-Cookie x=1.pdf"',
        ),
        ("Bu\x05di\x00.pdf", "Budi.pdf", 'attachment; filename="Budi.pdf"'),
        (
            "Laporan Januari \u2013 Ñ.pdf",
            "Laporan Januari \u2013 Ñ.pdf",
            "attachment; filename*=utf-8''Laporan%20Januari%20%E2%80%93%20%C3%91.pdf",
        ),
        ("..", "dokumen.pdf", 'attachment; filename="dokumen.pdf"'),
    ],
)
def test_odd_names_are_stored_and_sent_safely(client, world, given, stored, header):
    document = _issue(world, filename=given)

    assert document.filename == stored
    assert document.file.name.startswith("archive/")
    assert ".." not in document.file.name
    client.force_login(world.admin)
    response = client.get(reverse("core:archive_download", args=[document.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == header
    release(response)


def test_a_name_stored_before_the_rule_is_still_sent_safely(client, world):
    document = _issue(world)
    IssuedDocument.objects.filter(pk=document.pk).update(filename='x"\r\ny.pdf')

    client.force_login(world.admin)
    response = client.get(reverse("core:archive_download", args=[document.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="x y.pdf"'
    release(response)


def test_a_long_name_keeps_its_extension_within_the_column():
    name = download_name("k" * 300 + ".docx", "docx")
    assert (len(name), name[-5:]) == (200, ".docx")
    assert download_name("", "xlsx") == "dokumen.xlsx"
