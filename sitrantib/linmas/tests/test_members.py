import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from sitrantib.core.models import AuditEntry
from sitrantib.linmas.enums import Education, MaritalStatus, MemberStatus
from sitrantib.linmas.models import EquipmentType, Member, Squad
from sitrantib.linmas.nik import MESSAGE_NIK_REGION, MESSAGE_NIK_SEX_FEMALE
from sitrantib.linmas.rules import (
    MESSAGE_NIK_TAKEN_ELSEWHERE,
    MESSAGE_NIK_TAKEN_HERE,
    MESSAGE_SQUAD_OTHER_VILLAGE,
    SOURCE_84_2014,
    SOURCE_LOCAL_MAX_AGE,
    WARNING_AGE,
    WARNING_EDUCATION,
    WARNING_MAX_AGE,
    WARNING_RESIDENT,
    requirement_warnings,
)
from sitrantib.linmas.services import (
    MESSAGE_REASON_REQUIRED,
    MESSAGE_STATUS_DATE_BEFORE_BIRTH,
    MESSAGE_STATUS_DATE_BEFORE_PREVIOUS,
    MESSAGE_STATUS_DATE_FUTURE,
    MESSAGE_TRANSITION_NOT_ALLOWED,
    create_member,
    save_squad,
    set_equipment,
    transition_member,
    update_member,
)
from sitrantib.regions.models import Hamlet

from .conftest import make_member, member_data

TODAY = dt.date(2026, 11, 28)


def test_create_member_saves_normalised_nik_and_audits(world):
    data = member_data(nik="3508.0717.0890-0001")
    member = create_member(village=world.village, data=data, actor=world.operator)
    assert (member.nik, len(member.verification_code) >= 16) == ("3508071708900001", True)
    assert AuditEntry.objects.filter(object_type="linmas.member", action="create").count() == 1


def test_create_member_refuses_nik_of_other_desa_naming_desa_not_person(world):
    make_member(world.sibling_village, name="Rahasia Orang Kraton")
    with pytest.raises(ValidationError) as info:
        create_member(village=world.village, data=member_data(), actor=world.operator)
    message = info.value.message_dict["nik"][0]
    assert message == MESSAGE_NIK_TAKEN_ELSEWHERE % {
        "village": "Kraton",
        "district": "Kecamatan 35.08.07",
    }
    assert "Rahasia" not in message


def test_create_member_refuses_nik_already_in_same_desa(world):
    make_member(world.village)
    with pytest.raises(ValidationError) as info:
        create_member(village=world.village, data=member_data(name="Lain"), actor=world.operator)
    assert info.value.message_dict["nik"] == [MESSAGE_NIK_TAKEN_HERE]


def test_create_member_refuses_sex_not_matching_nik(world):
    with pytest.raises(ValidationError) as info:
        create_member(
            village=world.village,
            data=member_data(sex="L", nik="3508075708900001"),
            actor=world.operator,
        )
    assert info.value.message_dict == {"sex": [MESSAGE_NIK_SEX_FEMALE]}


def test_create_member_accepts_kecamatan_code_not_in_current_list_with_warning(client, world):
    member = create_member(
        village=world.village, data=member_data(nik="3508991708900001"), actor=world.operator
    )
    client.force_login(world.operator)
    page = client.get(f"/linmas/anggota/{member.pk}/")
    warning = MESSAGE_NIK_REGION % {"code": "35.08.99"}
    assert (member.nik, page.context["nik_warnings"]) == ("3508991708900001", [warning])


def test_create_member_refuses_squad_of_other_desa(world):
    squad = Squad.objects.create(village=world.sibling_village, name="Regu 1")
    with pytest.raises(ValidationError) as info:
        create_member(village=world.village, data=member_data(squad=squad), actor=world.admin)
    assert info.value.message_dict["squad"] == [MESSAGE_SQUAD_OTHER_VILLAGE]


def test_create_member_refuses_operator_of_other_desa(world):
    with pytest.raises(PermissionDenied):
        create_member(village=world.village, data=member_data(), actor=world.sibling_operator)


@pytest.mark.parametrize("role", ["camat", "staff", "partner", "outsider"])
def test_create_member_refuses_roles_that_do_not_write(world, role):
    with pytest.raises(PermissionDenied):
        create_member(village=world.village, data=member_data(), actor=getattr(world, role))


def test_update_member_without_changes_is_not_saved_or_audited(world):
    member = create_member(village=world.village, data=member_data(), actor=world.operator)
    before = AuditEntry.objects.count()
    _member, changed = update_member(
        member=member, data={"name": "Budi Santoso"}, actor=world.operator
    )
    assert (changed, AuditEntry.objects.count()) == (False, before)


def test_update_member_records_change(world):
    member = create_member(village=world.village, data=member_data(), actor=world.operator)
    member, changed = update_member(member=member, data={"phone": "0899"}, actor=world.admin)
    entry = AuditEntry.objects.filter(action="update").get()
    assert (changed, member.phone, entry.after["phone"]) == (True, "0899", "0899")


def test_transition_member_moves_along_table_with_reason(world):
    member = make_member(world.village)
    member = transition_member(
        member=member,
        status="berhenti",
        reason="Pindah domisili",
        actor=world.operator,
        on_date=dt.date(2026, 1, 5),
    )
    assert (member.status, member.status_reason, member.status_date) == (
        "berhenti",
        "Pindah domisili",
        dt.date(2026, 1, 5),
    )


def test_transition_member_requires_reason_when_leaving_aktif(world):
    with pytest.raises(ValidationError) as info:
        transition_member(
            member=make_member(world.village), status="nonaktif", reason=" ", actor=world.admin
        )
    assert info.value.message_dict["reason"] == [MESSAGE_REASON_REQUIRED % {"to": "Nonaktif"}]


def test_transition_member_refuses_move_from_meninggal(world):
    member = make_member(world.village, status=MemberStatus.MENINGGAL)
    with pytest.raises(ValidationError) as info:
        transition_member(member=member, status="aktif", reason="salah", actor=world.admin)
    assert info.value.message_dict["status"] == [
        MESSAGE_TRANSITION_NOT_ALLOWED % {"from": "Meninggal", "to": "Aktif"}
    ]


def test_transition_member_error_is_translated_to_english(world):
    member = make_member(world.village, status=MemberStatus.MENINGGAL)
    with translation.override("en"), pytest.raises(ValidationError) as info:
        transition_member(member=member, status="aktif", reason="salah", actor=world.admin)
    assert info.value.message_dict["status"] == [
        "The status cannot change from Deceased to Active."
    ]


@pytest.mark.parametrize(
    ("current", "target"),
    [("nonaktif", "aktif"), ("nonaktif", "berhenti"), ("berhenti", "aktif")],
)
def test_transition_member_requires_reason_for_every_move(world, current, target):
    member = make_member(world.village, status=current)
    with pytest.raises(ValidationError) as info:
        transition_member(member=member, status=target, reason="", actor=world.admin)
    assert info.value.message_dict == {
        "reason": [MESSAGE_REASON_REQUIRED % {"to": MemberStatus(target).label}]
    }


def test_transition_member_refuses_future_date(world):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as info:
        transition_member(
            member=make_member(world.village),
            status="nonaktif",
            reason="Sakit",
            on_date=tomorrow,
            actor=world.admin,
        )
    assert info.value.message_dict == {"on_date": [MESSAGE_STATUS_DATE_FUTURE]}


def test_transition_member_refuses_date_before_birth(world):
    member = make_member(world.village, born=dt.date(1990, 8, 17))
    with pytest.raises(ValidationError) as info:
        transition_member(
            member=member,
            status="berhenti",
            reason="Pindah",
            on_date=dt.date(1900, 1, 1),
            actor=world.admin,
        )
    assert info.value.message_dict == {
        "on_date": [MESSAGE_STATUS_DATE_BEFORE_BIRTH % {"date": "17 Agustus 1990"}]
    }


def test_transition_member_refuses_date_before_current_status_date(world):
    member = make_member(world.village, status="nonaktif", status_date=dt.date(2025, 6, 1))
    with pytest.raises(ValidationError) as info:
        transition_member(
            member=member,
            status="aktif",
            reason="Aktif kembali",
            on_date=dt.date(2025, 5, 1),
            actor=world.admin,
        )
    assert info.value.message_dict == {
        "on_date": [MESSAGE_STATUS_DATE_BEFORE_PREVIOUS % {"date": "1 Juni 2025"}]
    }


def test_transition_page_shows_date_error_and_keeps_status(client, world):
    member = make_member(world.village)
    client.force_login(world.operator)
    response = client.post(
        f"/linmas/anggota/{member.pk}/status/",
        {"status": "nonaktif", "reason": "Sakit", "on_date": "2099-01-01"},
    )
    member.refresh_from_db()
    form = response.context["transition_form"]
    body = response.content.decode()
    # Refused: the form comes back with the error beside the date and what was typed (issue 9).
    assert (response.status_code, form.errors["on_date"], member.status) == (
        200,
        [MESSAGE_STATUS_DATE_FUTURE],
        "aktif",
    )
    assert 'value="Sakit"' in body
    assert 'value="2099-01-01"' in body
    assert 'id="id_on_date_error"' in body


def _member(**kw):
    data = member_data(**kw)
    return Member(**data)


def test_requirement_warnings_none_for_adult_with_slta():
    assert requirement_warnings(_member(), today=TODAY) == []


def test_requirement_warnings_age_under_18_and_unmarried():
    member = _member(born=dt.date(2010, 1, 1), marital_status=MaritalStatus.BELUM_KAWIN)
    warnings = requirement_warnings(member, today=TODAY)
    assert [(w.message, w.source) for w in warnings] == [
        (WARNING_AGE % {"age": 16, "minimum": 18}, SOURCE_84_2014)
    ]


def test_requirement_warnings_age_under_18_but_married_passes():
    member = _member(born=dt.date(2010, 1, 1), marital_status=MaritalStatus.KAWIN)
    assert requirement_warnings(member, today=TODAY) == []


@pytest.mark.parametrize("status", [MaritalStatus.KAWIN, MaritalStatus.CERAI])
def test_requirement_warnings_age_under_18_but_ever_married_passes(status):
    member = _member(born=dt.date(2010, 1, 1), marital_status=status)
    assert requirement_warnings(member, today=TODAY) == []


@pytest.mark.parametrize("status", [MaritalStatus.BELUM_KAWIN, ""])
def test_requirement_warnings_age_under_18_never_married_warns(status):
    member = _member(born=dt.date(2010, 1, 1), marital_status=status)
    assert [w.message for w in requirement_warnings(member, today=TODAY)] == [
        WARNING_AGE % {"age": 16, "minimum": 18}
    ]


def test_requirement_warnings_education_below_sltp_and_not_resident():
    member = _member(education=Education.SD, resides_in_village=False)
    assert [w.message for w in requirement_warnings(member, today=TODAY)] == [
        WARNING_EDUCATION,
        WARNING_RESIDENT,
    ]


def test_requirement_warnings_thresholds_are_settings(settings):
    settings.SITRANTIB_LINMAS_MIN_AGE = 21
    settings.SITRANTIB_LINMAS_MAX_AGE = 30
    member = _member(born=dt.date(1990, 1, 1), marital_status=MaritalStatus.BELUM_KAWIN)
    assert [(w.message, w.source) for w in requirement_warnings(member, today=TODAY)] == [
        (WARNING_MAX_AGE % {"age": 36, "maximum": 30}, SOURCE_LOCAL_MAX_AGE)
    ]


def test_save_squad_and_set_equipment_write_audit(world):
    squad = save_squad(village=world.village, name="Regu Pengamanan", actor=world.operator)
    ht = EquipmentType.objects.get(code="ht")
    stock = set_equipment(
        village=world.village, item_type=ht, good=2, damaged=1, required=6, actor=world.admin
    )
    assert (squad.village_id, stock.shortage, AuditEntry.objects.count()) == ("35.08.07.2001", 4, 2)


def test_equipment_types_are_seeded(db):
    assert {"ht", "rompi", "senter", "seragam"} <= set(
        EquipmentType.objects.values_list("code", flat=True)
    )


def test_member_form_page_creates_member_and_shows_warnings(client, world):
    client.force_login(world.operator)
    data = member_data(education=Education.SD)
    post = {k: ("" if v is None else v) for k, v in data.items()}
    post.update(
        {"village": world.village.code, "birth_date": "1990-08-17", "resides_in_village": "on"}
    )
    response = client.post("/linmas/anggota/tambah/", post, follow=True)
    member = Member.objects.get()
    assert (response.status_code, member.village_id) == (200, world.village.code)
    assert WARNING_EDUCATION in response.content.decode()


def test_member_form_page_shows_birth_date_conflict_next_to_birth_date(client, world):
    client.force_login(world.operator)
    post = dict(member_data().items())
    post.update({"village": world.village.code, "birth_date": "1990-08-18"})
    response = client.post("/linmas/anggota/tambah/", post)
    assert (response.status_code, Member.objects.count()) == (200, 0)
    assert response.context["form"].errors == {
        "birth_date": [
            "Tanggal lahir menurut NIK 17 Agustus 1990, tetapi yang diisi 18 Agustus 1990."
        ]
    }


def test_member_form_page_reports_only_sex_conflict_in_words(client, world):
    client.force_login(world.operator)
    post = dict(member_data(born=dt.date(1990, 5, 15), nik="3508075505900003", sex="L").items())
    post.update({"village": world.village.code, "birth_date": "1990-05-15"})
    response = client.post("/linmas/anggota/tambah/", post)
    assert response.context["form"].errors == {
        "sex": ["NIK ini milik perempuan, tetapi jenis kelamin diisi Laki-laki."]
    }


def test_member_form_page_shows_success_message_once(client, world):
    client.force_login(world.operator)
    post = dict(member_data().items())
    post.update({"village": world.village.code, "birth_date": "1990-08-17"})
    response = client.post("/linmas/anggota/tambah/", post, follow=True)
    assert response.content.decode().count("Anggota LINMAS tersimpan.") == 1


def test_member_form_page_preselects_the_only_writable_desa(client, world):
    client.force_login(world.operator)
    response = client.get("/linmas/anggota/tambah/")
    field = response.context["form"]["village"]
    assert field.value() == world.village.code
    # A search field (16 A2): the chosen desa is the value, shown by its label.
    assert f'value="{world.village.code}"' in str(field)
    assert 'data-label="Darungan"' in str(field)


def test_member_form_page_leaves_desa_unchosen_for_kecamatan_writer(client, world):
    client.force_login(world.admin)
    response = client.get("/linmas/anggota/tambah/")
    assert response.context["form"]["village"].value() is None


def test_member_form_page_hides_dusun_when_desa_has_no_dusun_names(client, world):
    client.force_login(world.operator)
    response = client.get("/linmas/anggota/tambah/")
    assert "hamlet" not in response.context["form"].fields


def test_member_form_page_offers_dusun_of_desa_with_dusun_names(client, world):
    hamlet = Hamlet.objects.create(village=world.village, name="Krajan")
    client.force_login(world.operator)
    response = client.get("/linmas/anggota/tambah/")
    assert list(response.context["form"].fields["hamlet"].queryset) == [hamlet]


def _photo_png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (60, 80), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def _form_post(member: Member, **overrides):
    post = {
        k: ("" if v is None else v)
        for k, v in member_data().items()
        if k not in {"nik", "birth_date"}
    }
    post.update({"birth_date": "1990-08-17", "resides_in_village": "on"})
    post.update(overrides)
    return post


def test_member_edit_page_with_photo_links_to_scoped_photo_view(client, world, media):
    from django.core.files.base import ContentFile

    member = make_member(world.village)
    member.photo.save("foto.png", ContentFile(_photo_png()))
    client.force_login(world.operator)
    response = client.get(f"/linmas/anggota/{member.pk}/ubah/")
    body = response.content.decode()
    assert (response.status_code, f'href="/linmas/anggota/{member.pk}/foto/"' in body) == (
        200,
        True,
    )


def test_member_edit_keeps_photo_when_nothing_uploaded(client, world, media):
    from django.core.files.base import ContentFile

    member = make_member(world.village)
    member.photo.save("foto.png", ContentFile(_photo_png()))
    name = member.photo.name
    client.force_login(world.operator)
    response = client.post(f"/linmas/anggota/{member.pk}/ubah/", _form_post(member, phone="0899"))
    member.refresh_from_db()
    assert (response.status_code, member.phone, member.photo.name) == (302, "0899", name)


def test_member_edit_removes_photo_and_its_file(
    client, world, media, django_capture_on_commit_callbacks
):
    from django.core.files.base import ContentFile

    member = make_member(world.village)
    member.photo.save("foto.png", ContentFile(_photo_png()))
    path = member.photo.path
    client.force_login(world.operator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/linmas/anggota/{member.pk}/ubah/", _form_post(member, **{"photo-clear": "on"})
        )
    member.refresh_from_db()
    import os

    assert (response.status_code, member.photo.name, os.path.exists(path)) == (302, "", False)


def test_audit_page_masks_member_personal_data_for_camat(client, world):
    member = create_member(village=world.village, data=member_data(), actor=world.operator)
    update_member(
        member=member,
        data={"phone": "089911112222", "address": "Jl. Rahasia 9"},
        actor=world.operator,
    )
    entry = AuditEntry.objects.get(action="update", object_type="linmas.member")
    client.force_login(world.camat)
    body = client.get(f"/sistem/log-audit/{entry.pk}/").content.decode()
    assert (
        member.nik in body,
        "089911112222" in body,
        "081234567890" in body,
        "Jl. Rahasia 9" in body,
        "Jl. Raya Darungan 5" in body,
    ) == (False, False, False, False, False)


@pytest.mark.parametrize("url", ["/linmas/regu/", "/linmas/perlengkapan/", "/linmas/impor/"])
def test_village_forms_preselect_the_only_writable_desa(client, world, url):
    client.force_login(world.operator)
    response = client.get(url)
    assert response.context["form"]["village"].value() == world.village.code


def test_member_edit_page_hides_dusun_when_member_desa_has_no_dusun_names(client, world):
    Hamlet.objects.create(village=world.sibling_village, name="Krajan")
    member = make_member(world.village)
    client.force_login(world.admin)
    response = client.get(f"/linmas/anggota/{member.pk}/ubah/")
    assert "hamlet" not in response.context["form"].fields
