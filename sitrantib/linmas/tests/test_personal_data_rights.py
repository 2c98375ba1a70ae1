"""A member's rights over their personal data (issue 15 B5, UU 27/2022, docs/adr/0016): the
download of everything held about them, and the anonymisation on request with the audit kept."""

import base64
import datetime as dt
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from sitrantib.core.audit import REDACTED_NEW_VALUE, REDACTED_OLD_VALUE, REDACTED_VALUE
from sitrantib.core.models import AuditEntry
from sitrantib.linmas import personal_data, services
from sitrantib.linmas.enums import MemberStatus
from sitrantib.linmas.models import EquipmentType, Member
from sitrantib.linmas.nik import NikError, check_nik

from .conftest import member_data

pytestmark = pytest.mark.django_db

NIK = "3508071708900001"
OLD_PHONE, NEW_PHONE = "081234567890", "085299990000"
PERSONAL = ("Budi Santoso", NIK, "Jl. Raya Darungan 5", OLD_PHONE, NEW_PHONE, "Lumajang")


def _jpeg() -> SimpleUploadedFile:
    import io

    buffer = io.BytesIO()
    Image.new("RGB", (60, 80), (10, 120, 200)).save(buffer, format="JPEG")
    return SimpleUploadedFile("foto.jpg", buffer.getvalue(), content_type="image/jpeg")


def _member(world, *, photo: bool = False) -> Member:
    """A member created, edited (phone, photo) and given equipment through the services, so the
    audit log holds entries with personal values, as it does in use."""
    member = services.create_member(
        village=world.village,
        data=member_data(decree_number="188/12/2025", card_number="KTA-0012"),
        actor=world.operator,
    )
    changes: dict = {"phone": NEW_PHONE}
    if photo:
        changes["photo"] = _jpeg()
    services.update_member(member=member, data=changes, actor=world.operator)
    services.issue_equipment(
        member=member,
        item_type=EquipmentType.objects.order_by("order").first(),
        quantity=1,
        issued_on=dt.date(2026, 1, 5),
        actor=world.operator,
    )
    return Member.objects.get(pk=member.pk)


# ---------------------------------------------------------------- download


def test_personal_data_download_holds_register_equipment_photo_and_audit(client, world, media):
    member = _member(world, photo=True)
    client.force_login(world.admin)
    response = client.get(f"/linmas/anggota/{member.pk}/data-pribadi.json")
    data = json.loads(response.content)
    linmas = data["linmas"]
    photo = base64.b64decode(linmas["member"]["photo"]["base64"])
    entries = {(e["object_type"], e["action"]) for e in data["audit"]}
    assert (
        response.status_code,
        response["Cache-Control"],
        response["Content-Disposition"],
        data["member_id"],
        linmas["member"]["nik"],
        linmas["member"]["phone"],
        linmas["member"]["birth_date"],
        linmas["village"]["name"],
        [e["quantity"] for e in linmas["equipment"]],
        photo[:2],
        {("linmas.member", "create"), ("linmas.member", "update")} <= entries,
        ("linmas.equipmentissue", "create") in entries,
    ) == (
        200,
        "no-store",
        f'attachment; filename="data-pribadi-anggota-{member.pk}.json"',
        member.pk,
        NIK,
        NEW_PHONE,
        "1990-08-17",
        "Darungan",
        [1],
        b"\xff\xd8",  # the JPEG itself
        True,
        True,
    )


def test_personal_data_download_is_audited_as_an_export_without_the_data(client, world):
    member = _member(world)
    client.force_login(world.admin)
    client.get(f"/linmas/anggota/{member.pk}/data-pribadi.json")
    entry = AuditEntry.objects.get(action="export")
    assert (
        entry.actor_id,
        entry.object_type,
        entry.object_id,
        entry.object_repr,
        entry.district_code,
        entry.before,
        entry.after,
    ) == (
        world.admin.pk,
        "linmas.member",
        str(member.pk),
        f"data-pribadi-anggota-{member.pk}.json",
        "35.08.07",
        None,
        None,
    )


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("admin", 200),
        ("regency_admin", 200),
        ("operator", 403),
        ("camat", 403),
        ("staff", 403),
        ("partner", 403),
        ("outsider", 404),
        ("superuser", 403),
    ],
)
def test_only_the_kecamatan_admin_downloads_or_anonymises(client, world, role, status):
    member = _member(world)
    client.force_login(getattr(world, role))
    download = client.get(f"/linmas/anggota/{member.pk}/data-pribadi.json")
    anonymise = client.post(
        f"/linmas/anggota/{member.pk}/anonimkan/", {"reason": "Surat 1/2026", "confirm": "on"}
    )
    member.refresh_from_db()
    assert (
        download.status_code,
        anonymise.status_code,
        member.is_anonymised,
        AuditEntry.objects.filter(action="export").count(),
    ) == (status, 302 if status == 200 else status, status == 200, int(status == 200))


def test_anonymous_visitor_is_sent_to_the_login_page(client, world):
    member = _member(world)
    for url in ("data-pribadi.json", "anonimkan/"):
        response = client.get(f"/linmas/anggota/{member.pk}/{url}")
        assert (response.status_code, "/akun/masuk/" in response["Location"]) == (302, True)


@pytest.mark.parametrize(
    ("role", "offered"), [("admin", True), ("operator", False), ("camat", False)]
)
def test_member_page_offers_the_two_actions_to_the_admin_only(client, world, role, offered):
    member = _member(world)
    client.force_login(getattr(world, role))
    text = client.get(f"/linmas/anggota/{member.pk}/").content.decode()
    assert (
        "Unduh data pribadi" in text,
        f"/linmas/anggota/{member.pk}/anonimkan/" in text,
    ) == (offered, offered)


# ---------------------------------------------------------------- anonymisation


def test_anonymise_erases_personal_data_and_the_photo_and_keeps_office_records(
    client, world, media, django_capture_on_commit_callbacks
):
    member = _member(world, photo=True)
    photo_path = member.photo.path
    client.force_login(world.admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/linmas/anggota/{member.pk}/anonimkan/",
            {"reason": "Surat permohonan 12 Januari 2026", "confirm": "on"},
        )
    import os

    member.refresh_from_db()
    assert (
        response.status_code,
        member.name,
        member.nik,
        member.birth_date,
        member.birth_place,
        member.address,
        member.rt,
        member.rw,
        member.phone,
        member.occupation,
        member.education,
        member.marital_status,
        member.photo.name,
        os.path.exists(photo_path),
        member.status,
        member.status_reason,
        # Kept: the office's records.
        member.village_id,
        member.sex,
        member.decree_number,
        member.card_number,
        member.equipment.count(),
    ) == (
        302,
        f"Anonim #{member.pk}",
        f"00{member.pk:014d}",
        dt.date(1990, 1, 1),
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        False,
        MemberStatus.NONAKTIF,
        "Data pribadi dianonimkan atas permintaan (UU 27/2022): Surat permohonan 12 Januari 2026",
        world.village.pk,
        "L",
        "188/12/2025",
        "KTA-0012",
        1,
    )


def test_anonymised_niks_are_16_digits_never_valid_and_never_collide(world):
    first, second = (
        _member(world),
        services.create_member(
            village=world.village, data=member_data(serial=2, name="Sri"), actor=world.admin
        ),
    )
    for member in (first, second):
        personal_data.anonymise_member(member=member, reason="Permintaan", actor=world.admin)
    niks = list(Member.objects.order_by("pk").values_list("nik", flat=True))
    refused = []
    for nik in niks:
        with pytest.raises(NikError) as caught:
            check_nik(nik, region_lookup=lambda code: None, today=dt.date(2026, 1, 1))
        refused.append(bool(caught.value.message))
    assert ([len(n) for n in niks], len(set(niks)), refused) == ([16, 16], 2, [True, True])


def test_anonymise_leaves_no_erased_value_in_the_audit_log_but_who_when_and_which_field(world):
    member = _member(world)
    update = AuditEntry.objects.get(object_type="linmas.member", action="update")
    at, actor = update.at, update.actor_id
    personal_data.anonymise_member(member=member, reason="Surat 3/2026", actor=world.admin)
    everything = json.dumps(
        list(AuditEntry.objects.values("before", "after", "object_repr", "note"))
    )
    update.refresh_from_db()
    latest = AuditEntry.objects.filter(object_type="linmas.member").order_by("-pk").first()
    create = AuditEntry.objects.get(object_type="linmas.member", action="create")
    assert [value for value in PERSONAL if value in everything] == []
    assert (
        # The earlier change: same author and time, the phone still shown as changed.
        update.at,
        update.actor_id,
        [(name, old, new) for name, old, new in update.changed_fields if name == "phone"],
        update.object_repr,
        create.after["nik"],
        create.after["name"],
        create.after["card_number"],
        # The anonymisation: recorded, with its reason, without the erased values.
        latest.actor_id,
        latest.note,
        latest.before["nik"],
        latest.after["name"],
    ) == (
        at,
        actor,
        [("phone", REDACTED_OLD_VALUE, REDACTED_NEW_VALUE)],
        f"Anonim #{member.pk}",
        REDACTED_VALUE,
        REDACTED_VALUE,
        "KTA-0012",
        world.admin.pk,
        "Anonimisasi data pribadi atas permintaan: Surat 3/2026",
        REDACTED_VALUE,
        f"Anonim #{member.pk}",
    )


def test_anonymised_member_is_a_kept_record_not_edited_or_moved_again(client, world):
    member = _member(world)
    personal_data.anonymise_member(member=member, reason="Permintaan", actor=world.admin)
    member.refresh_from_db()
    with pytest.raises(ValidationError) as edit:
        services.update_member(member=member, data={"phone": "0811"}, actor=world.admin)
    with pytest.raises(ValidationError) as move:
        services.transition_member(
            member=member, status=MemberStatus.AKTIF, reason="Kembali", actor=world.admin
        )
    with pytest.raises(ValidationError) as again:
        personal_data.anonymise_member(member=member, reason="Lagi", actor=world.admin)
    client.force_login(world.admin)
    text = client.get(f"/linmas/anggota/{member.pk}/").content.decode()
    assert (
        services.MESSAGE_ANONYMISED in edit.value.messages,
        services.MESSAGE_ANONYMISED in move.value.messages,
        personal_data.MESSAGE_ALREADY_ANONYMISED in again.value.messages,
        'id="member-anonymised"' in text,
        f"/linmas/anggota/{member.pk}/ubah/" in text,
        "Unduh data pribadi" in text,
    ) == (True, True, True, True, False, True)


@pytest.mark.parametrize(
    ("post", "field"),
    [({"reason": "Surat 1/2026"}, "confirm"), ({"confirm": "on", "reason": "  "}, "reason")],
)
def test_anonymise_needs_a_reason_and_a_confirmation_beside_their_fields(
    client, world, post, field
):
    member = _member(world)
    entries = AuditEntry.objects.count()
    client.force_login(world.admin)
    response = client.post(f"/linmas/anggota/{member.pk}/anonimkan/", post)
    member.refresh_from_db()
    assert (
        response.status_code,
        list(response.context["form"].errors),
        member.name,
        AuditEntry.objects.count(),
    ) == (200, [field], "Budi Santoso", entries)


def test_anonymise_by_a_village_operator_is_refused_by_the_service(world):
    member = _member(world)
    with pytest.raises(PermissionDenied):
        personal_data.anonymise_member(member=member, reason="Permintaan", actor=world.operator)


def test_public_card_check_of_an_anonymised_member_names_no_one(client, world):
    member = _member(world)
    personal_data.anonymise_member(member=member, reason="Permintaan", actor=world.admin)
    text = client.get(f"/verifikasi/{member.verification_code}").content.decode()
    assert (f"Anonim #{member.pk}" in text, "Budi" in text) == (True, False)


def test_confirmation_page_lists_what_goes_and_what_stays_and_changes_nothing(client, world):
    member = _member(world)
    entries = AuditEntry.objects.count()
    client.force_login(world.admin)
    response = client.get(f"/linmas/anggota/{member.pk}/anonimkan/")
    text = response.content.decode()
    member.refresh_from_db()
    assert (
        response.status_code,
        'id="anonymise-erased"' in text,
        'id="anonymise-kept"' in text,
        'id="anonymise-open"' in text,
        member.name,
        AuditEntry.objects.count(),
    ) == (200, True, True, False, "Budi Santoso", entries)
