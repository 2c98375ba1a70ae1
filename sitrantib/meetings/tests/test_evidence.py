import io
from pathlib import PurePosixPath

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.translation import gettext
from PIL import Image

from sitrantib.core.uploads import (
    MESSAGE_BAD_PDF,
    MESSAGE_TOO_LARGE,
    MESSAGE_TYPE_EVIDENCE,
    UploadKind,
)
from sitrantib.meetings import services
from sitrantib.meetings.tests.factories import (
    koramil,
    koramil_partner,
    make_item,
    make_meeting,
    pdf_upload,
    png_upload,
)

pytestmark = pytest.mark.django_db


def test_add_evidence_photo_stored_with_kind_and_type(world):
    item = make_item(world, make_meeting(world))

    evidence = services.add_evidence(
        item=item, file=png_upload(), note="Foto patroli", actor=world.partner
    )

    # Photos are stored re-encoded (without their metadata): an opaque PNG becomes a JPEG.
    assert (evidence.kind, evidence.content_type, evidence.original_name) == (
        "photo",
        "image/jpeg",
        "bukti.png",
    )
    assert evidence.file.name.startswith("meetings/evidence/")


def test_add_evidence_pdf_is_document(world):
    item = make_item(world, make_meeting(world))

    evidence = services.add_evidence(item=item, file=pdf_upload(), actor=world.partner)

    assert (evidence.kind, evidence.content_type) == ("document", "application/pdf")


def test_add_evidence_disguised_file_refused(world):
    item = make_item(world, make_meeting(world))
    fake = SimpleUploadedFile("foto.png", b"MZ\x90\x00 not an image", content_type="image/png")

    with pytest.raises(ValidationError) as caught:
        services.add_evidence(item=item, file=fake, actor=world.partner)

    assert caught.value.messages == [gettext(MESSAGE_TYPE_EVIDENCE)]


def test_add_evidence_too_large_refused(world):
    item = make_item(world, make_meeting(world))
    big = SimpleUploadedFile("besar.pdf", b"%PDF-" + b"0" * UploadKind.EVIDENCE.max_bytes)

    with pytest.raises(ValidationError) as caught:
        services.add_evidence(item=item, file=big, actor=world.partner)

    assert caught.value.messages == [gettext(MESSAGE_TOO_LARGE) % {"limit": 5}]


@pytest.fixture
def evidence(world):
    item = make_item(world, make_meeting(world))
    return services.add_evidence(item=item, file=png_upload(), actor=world.partner)


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("admin", 200),
        ("partner", 200),
        ("camat", 200),
        ("staff", 200),
        ("operator", 404),
        ("outsider", 404),
        ("national", 200),
    ],
)
def test_evidence_file_served_only_in_scope(client, world, evidence, role, status):
    client.force_login(getattr(world, role))

    response = client.get(reverse("meetings:evidence_file", args=[evidence.pk]))

    assert response.status_code == status
    if status == 200:
        assert (response["Content-Type"], b"".join(response.streaming_content)[:4]) == (
            "image/jpeg",
            b"\xff\xd8\xff\xe0",
        )


def test_evidence_file_partner_of_other_institution_404(client, world, evidence):
    client.force_login(koramil_partner(world, koramil(world)))

    assert client.get(reverse("meetings:evidence_file", args=[evidence.pk])).status_code == 404


def test_evidence_file_anonymous_redirected_to_login(client, evidence):
    response = client.get(reverse("meetings:evidence_file", args=[evidence.pk]))

    assert (response.status_code, response["Location"].startswith("/akun/masuk/")) == (302, True)


def test_evidence_upload_view_shows_type_error_in_bahasa(client, world):
    item = make_item(world, make_meeting(world))
    client.force_login(world.partner)

    response = client.post(
        reverse("meetings:action_item_evidence", args=[item.pk]),
        {"file": SimpleUploadedFile("x.png", b"bukan gambar"), "note": ""},
    )

    assert response.status_code == 400
    assert (
        "Jenis berkas tidak diterima. Unggah PDF atau foto (JPEG, PNG, WEBP)."
        in response.content.decode()
    )


# Finding 5: the stored suffix comes from the content, and a PDF must really open -------------


@pytest.mark.parametrize(
    ("upload", "suffix"),
    [
        (lambda: png_upload("foto.html"), ".jpg"),
        (lambda: pdf_upload("laporan.exe"), ".pdf"),
        (lambda: png_upload("tanpa-akhiran"), ".jpg"),
    ],
    ids=["png-named-html", "pdf-named-exe", "png-without-suffix"],
)
def test_add_evidence_stored_suffix_from_detected_type(world, upload, suffix):
    item = make_item(world, make_meeting(world))

    evidence = services.add_evidence(item=item, file=upload(), actor=world.partner)

    assert PurePosixPath(evidence.file.name).suffix == suffix


def test_add_evidence_jpeg_stored_as_jpg(world):
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20)).save(buffer, format="JPEG")
    item = make_item(world, make_meeting(world))

    evidence = services.add_evidence(
        item=item, file=SimpleUploadedFile("foto.JPEG.svg", buffer.getvalue()), actor=world.partner
    )

    assert (PurePosixPath(evidence.file.name).suffix, evidence.content_type) == (
        ".jpg",
        "image/jpeg",
    )


def test_add_evidence_fake_pdf_header_refused(world):
    item = make_item(world, make_meeting(world))
    fake = SimpleUploadedFile("surat.pdf", b"%PDF-1.4\n<script>alert(1)</script>\n")

    with pytest.raises(ValidationError) as caught:
        services.add_evidence(item=item, file=fake, actor=world.partner)

    assert caught.value.messages == [gettext(MESSAGE_BAD_PDF)]


def test_add_evidence_photo_stored_without_metadata(world):
    exif = Image.Exif()
    exif[0x010F] = "Kamera Rahasia"  # Make
    exif[0x8825] = {1: "S", 2: (8.0, 10.0, 0.0)}  # GPS
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(buffer, format="JPEG", exif=exif.tobytes())
    item = make_item(world, make_meeting(world))

    evidence = services.add_evidence(
        item=item, file=SimpleUploadedFile("foto.jpg", buffer.getvalue()), actor=world.partner
    )

    with evidence.file.open("rb") as stored:
        content = stored.read()
    with Image.open(io.BytesIO(content)) as image:
        assert (dict(image.getexif()), image.size) == ({}, (40, 30))
    assert b"Kamera Rahasia" not in content


def test_add_evidence_client_name_kept_for_display_only(world):
    item = make_item(world, make_meeting(world))

    evidence = services.add_evidence(
        item=item, file=pdf_upload("../../etc/laporan\x07.pdf"), actor=world.partner
    )

    assert evidence.original_name == "laporan.pdf"
    assert "laporan" not in evidence.file.name
