"""Member photos: checked by content, stored upright, resized and without metadata, privately."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from sitrantib.core.uploads import MESSAGE_TYPE_PHOTO
from sitrantib.linmas.models import Member
from sitrantib.linmas.services import PHOTO_MAX_SIDE

from .conftest import make_member
from .test_members import _form_post


def _jpeg_with_location(size=(3000, 2000)) -> bytes:
    image = Image.new("RGB", size, (10, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "KameraHP"  # Make
    exif[0x8825] = {1: "S", 2: (8.0, 10.0, 0.0)}  # GPS position
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif.tobytes())
    return buffer.getvalue()


def test_uploaded_photo_is_resized_and_stripped_of_metadata(client, world, media):
    member = make_member(world.village)
    client.force_login(world.operator)
    photo = SimpleUploadedFile("foto-saya.jpg", _jpeg_with_location(), content_type="image/jpeg")
    response = client.post(f"/linmas/anggota/{member.pk}/ubah/", _form_post(member, photo=photo))
    member.refresh_from_db()
    with member.photo.open("rb") as handle, Image.open(handle) as stored:
        size, exif = stored.size, dict(stored.getexif())
    assert (
        response.status_code,
        max(size),
        exif,
        "foto-saya" in member.photo.name,
        member.photo.path.startswith(str(media)),
    ) == (302, PHOTO_MAX_SIDE, {}, False, True)


def test_photo_that_is_not_an_image_is_refused_next_to_its_field(client, world, media):
    member = make_member(world.village)
    client.force_login(world.operator)
    fake = SimpleUploadedFile("foto.jpg", b"%PDF-1.4 bukan foto", content_type="image/jpeg")
    response = client.post(f"/linmas/anggota/{member.pk}/ubah/", _form_post(member, photo=fake))
    errors = response.context["form"].errors["photo"]
    assert (response.status_code, Member.objects.get(pk=member.pk).photo.name) == (200, "")
    assert MESSAGE_TYPE_PHOTO in errors or len(errors) == 1
