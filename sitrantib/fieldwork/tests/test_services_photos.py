"""Photos of visits and incidents: re-encoded without EXIF, the GPS position kept only when the
user chose to, at most MAX_PHOTOS per report, anything but a photo refused in Bahasa Indonesia."""

import io
import os
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from sitrantib.core.enums import AuditAction
from sitrantib.core.models import AuditEntry
from sitrantib.core.uploads import GPS_IFD, MESSAGE_BAD_IMAGE, MESSAGE_TYPE_PHOTO
from sitrantib.fieldwork.models import FieldPhoto
from sitrantib.fieldwork.services import photos
from sitrantib.fieldwork.tests.factories import make_incident, make_visit

pytestmark = pytest.mark.django_db

MAKE, MODEL, DATETIME = 0x010F, 0x0110, 0x0132


def jpeg_with_exif(name: str = "IMG_20260312.jpg", size: tuple[int, int] = (2400, 1600)) -> Any:
    """A phone photo: camera make and model, time, and the GPS position of Yosowilangun."""
    image = Image.new("RGB", size, (30, 140, 90))
    exif = Image.Exif()
    exif[MAKE] = "KameraHP"
    exif[MODEL] = "Seri 12"
    exif[DATETIME] = "2026:03:12 09:15:00"
    exif[GPS_IFD] = {1: "S", 2: (8.0, 14.0, 30.0), 3: "E", 4: (113.0, 17.0, 10.0)}
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif.tobytes())
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def stored_exif(photo: FieldPhoto) -> tuple[dict[int, Any], dict[int, Any], tuple[int, int]]:
    with photo.file.open("rb") as handle, Image.open(handle) as image:
        exif = image.getexif()
        return dict(exif), dict(exif.get_ifd(GPS_IFD)), image.size


@pytest.mark.parametrize("owner", ["visit", "incident"])
def test_exif_and_location_are_stripped_by_default(world, owner):
    record = make_visit(world) if owner == "visit" else make_incident(world)
    photo = photos.add_photo(owner=record, file=jpeg_with_exif(), actor=world.operator)
    tags, gps, size = stored_exif(photo)
    assert (tags, gps) == ({}, {})
    assert max(size) == 2000  # resized
    assert photo.kept_location is False
    assert "IMG_20260312" not in photo.file.name  # the phone's name is not kept either
    assert photo.size == photo.file.size
    assert getattr(photo, owner) == record


def test_location_kept_only_when_the_user_chose_to(world):
    visit = make_visit(world)
    photo = photos.add_photo(
        owner=visit, file=jpeg_with_exif(), actor=world.operator, keep_location=True
    )
    tags, gps, _size = stored_exif(photo)
    assert (gps[1], gps[3]) == ("S", "E")
    assert [float(v) for v in gps[2]] == [8.0, 14.0, 30.0]
    assert MAKE not in tags
    assert MODEL not in tags
    assert DATETIME not in tags
    assert photo.kept_location is True


def test_at_most_ten_photos_per_report(world):
    incident = make_incident(world)
    small = (200, 150)
    for i in range(photos.MAX_PHOTOS):
        photos.add_photo(
            owner=incident, file=jpeg_with_exif(f"{i}.jpg", small), actor=world.operator
        )
    with pytest.raises(ValidationError) as refused:
        photos.add_photo(owner=incident, file=jpeg_with_exif("11.jpg", small), actor=world.admin)
    assert refused.value.message_dict["photo"] == [photos.MESSAGE_TOO_MANY % {"count": 10}]
    assert FieldPhoto.objects.filter(incident=incident).count() == 10


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("laporan.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"),
        ("foto.jpg", b"ini bukan foto, hanya teks biasa"),
        ("foto.jpg", b"\xff\xd8\xff\xe0" + b"rusak" * 20),
    ],
)
def test_a_file_that_is_not_a_photo_is_refused_in_indonesian(world, name, content):
    visit = make_visit(world)
    upload = SimpleUploadedFile(name, content, content_type="image/jpeg")
    with pytest.raises(ValidationError) as refused:
        photos.add_photo(owner=visit, file=upload, actor=world.operator)
    [message] = refused.value.messages
    assert message in {MESSAGE_TYPE_PHOTO, MESSAGE_BAD_IMAGE}
    assert not FieldPhoto.objects.exists()


def test_a_text_file_gets_the_type_message(world):
    upload = SimpleUploadedFile("catatan.txt", b"hanya teks", content_type="text/plain")
    with pytest.raises(ValidationError) as refused:
        photos.add_photo(owner=make_visit(world), file=upload, actor=world.operator)
    assert refused.value.messages == ["Jenis berkas tidak diterima. Unggah foto (JPEG, PNG, WEBP)."]


@pytest.mark.parametrize("who", ["sibling_operator", "staff", "camat", "partner", "outsider"])
def test_only_writers_of_the_desa_add_photos(world, who):
    visit = make_visit(world)
    with pytest.raises(PermissionDenied):
        photos.add_photo(owner=visit, file=jpeg_with_exif(), actor=getattr(world, who))
    assert not FieldPhoto.objects.exists()


def test_adding_and_removing_a_photo_is_audited_and_the_file_goes(world):
    visit = make_visit(world)
    photo = photos.add_photo(owner=visit, file=jpeg_with_exif(), actor=world.operator)
    path, pk = photo.file.path, photo.pk
    photos.remove_photo(photo=photo, actor=world.operator)
    assert not FieldPhoto.objects.exists()
    assert not os.path.exists(path)
    entries = AuditEntry.objects.filter(
        object_type="fieldwork.visit", object_id=str(visit.pk), action=AuditAction.UPDATE
    ).order_by("pk")
    assert [(e.after or {}).get("photo_added") for e in entries] == [pk, None]
    assert [(e.before or {}).get("photo_removed") for e in entries] == [None, pk]


def test_removing_is_for_writers_of_the_desa(world):
    visit = make_visit(world)
    photo = photos.add_photo(owner=visit, file=jpeg_with_exif(), actor=world.operator)
    with pytest.raises(PermissionDenied):
        photos.remove_photo(photo=photo, actor=world.sibling_operator)
    assert FieldPhoto.objects.count() == 1
