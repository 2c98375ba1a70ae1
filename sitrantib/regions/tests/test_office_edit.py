import pytest
from django.test import Client

from sitrantib.core.models import AuditEntry
from sitrantib.regions.models import OfficeProfile, Signatory


@pytest.fixture
def office(world):
    office = OfficeProfile.objects.create(
        district=world.district,
        government_line="PEMERINTAH KABUPATEN LUMAJANG",
        office_line="KECAMATAN YOSOWILANGUN",
        address="Jl. Mayjen Soekartijo No. 56",
        phone="(0334) 390555",
        town="YOSOWILANGUN",
        postcode="67382",
        letter_place="Lumajang",
    )
    Signatory.objects.create(office=office, role="camat", title="CAMAT YOSOWILANGUN")
    return office


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _form(office, **changes):
    data = {
        "office-government_line": office.government_line,
        "office-office_line": office.office_line,
        "office-address": office.address,
        "office-phone": office.phone,
        "office-town": office.town,
        "office-postcode": office.postcode,
        "office-letter_place": office.letter_place,
        "office-email": "",
    }
    signatory = office.signatories.get()
    data.update(
        {
            f"signatory-{signatory.pk}-title": signatory.title,
            f"signatory-{signatory.pk}-name": "",
            f"signatory-{signatory.pk}-rank": "",
            f"signatory-{signatory.pk}-nip": "",
        }
    )
    data.update(changes)
    return data


def test_admin_changes_phone_and_camat_name_with_audit(world, office):
    signatory = office.signatories.get()
    data = _form(
        office,
        **{
            "office-phone": "(0334) 390556",
            f"signatory-{signatory.pk}-name": "Drs. Budi Santoso",
            f"signatory-{signatory.pk}-nip": "197001011990031001",
        },
    )

    response = _client(world.admin).post("/kantor/", data)

    assert response.status_code == 302
    office.refresh_from_db()
    signatory.refresh_from_db()
    assert office.contact_line == "Jl. Mayjen Soekartijo No. 56 Telp. (0334) 390556"
    assert (signatory.name, signatory.nip) == ("Drs. Budi Santoso", "197001011990031001")
    entries = AuditEntry.objects.filter(district_code="35.08.07", action="update")
    assert sorted(e.object_type for e in entries) == ["regions.officeprofile", "regions.signatory"]


def test_invalid_postcode_and_nip_are_refused_and_nothing_saved(world, office):
    signatory = office.signatories.get()
    data = _form(office, **{"office-postcode": "6738", f"signatory-{signatory.pk}-nip": "123"})

    response = _client(world.admin).post("/kantor/", data)

    body = response.content.decode()
    assert response.status_code == 200
    assert "Kode pos 5 angka." in body
    assert "NIP terdiri atas 18 angka." in body
    office.refresh_from_db()
    assert office.postcode == "67382"
    assert AuditEntry.objects.count() == 0


def test_unchanged_form_writes_no_audit(world, office):
    _client(world.admin).post("/kantor/", _form(office))

    assert AuditEntry.objects.count() == 0


@pytest.mark.parametrize("role", ["camat", "staff", "operator", "partner"])
def test_office_edit_refused_to_non_administrators(world, office, role):
    assert _client(getattr(world, role)).get("/kantor/").status_code == 403


def test_office_edit_of_another_kecamatan_is_not_found(world, office):
    assert _client(world.outsider).get("/kantor/").status_code == 404


def test_office_edit_anonymous_is_sent_to_login(world):
    assert Client().get("/kantor/").status_code == 302


def test_office_edit_asking_for_another_kecamatan_is_not_found(world, office):
    assert _client(world.outsider).get("/kantor/?district=35.08.07").status_code == 404


def test_national_admin_edits_a_chosen_office_and_comes_back_to_it(world, office):
    response = _client(world.national).post("/kantor/?district=35.08.07", _form(office))

    assert response.status_code == 302
    assert response.url == "/kantor/?district=35.08.07"


def test_form_carries_the_version_it_was_opened_with(world, office):
    response = _client(world.admin).get("/kantor/")

    signatory = office.signatories.get()
    assert response.context["form"]["version"].value() == 1
    assert response.context["signatory_forms"][0][1]["version"].value() == signatory.version
    assert 'name="office-version"' in response.content.decode()


def test_second_stale_save_of_the_letterhead_is_refused_and_changes_nothing(world, office):
    opened = _form(office, **{"office-version": "1"})
    first = _client(world.admin).post("/kantor/", {**opened, "office-phone": "(0334) 111"})
    assert first.status_code == 302
    other = world.national

    second = _client(other).post(
        "/kantor/?district=35.08.07", {**opened, "office-address": "Jl. Lain 1"}
    )

    body = second.content.decode()
    office.refresh_from_db()
    assert second.status_code == 200
    assert (office.address, office.phone, office.version) == (
        "Jl. Mayjen Soekartijo No. 56",
        "(0334) 111",
        2,
    )
    assert "sudah diubah oleh kasitrantib" in body
    assert "(0334) 111" in body  # what the other person changed
    assert 'value="Jl. Lain 1"' in body  # what this person typed stays
    assert second.context["form"].data["office-version"] == "2"
    assert AuditEntry.objects.filter(object_type="regions.officeprofile").count() == 1


def test_stale_signatory_refuses_the_whole_save(world, office):
    signatory = office.signatories.get()
    key = f"signatory-{signatory.pk}"
    opened = _form(office, **{"office-version": "1", f"{key}-version": "1"})
    _client(world.admin).post("/kantor/", {**opened, f"{key}-name": "Drs. Budi"})

    second = _client(world.national).post(
        "/kantor/?district=35.08.07",
        {**opened, "office-phone": "(0334) 222", f"{key}-name": "Ir. Sri"},
    )

    office.refresh_from_db()
    signatory.refresh_from_db()
    assert second.status_code == 200
    assert office.phone == "(0334) 390555"  # the letterhead change was rolled back too
    assert signatory.name == "Drs. Budi"
    assert second.context["signatory_forms"][0][1].non_field_errors()


def test_post_without_version_still_saves(world, office):
    response = _client(world.admin).post("/kantor/", _form(office, **{"office-phone": "1"}))

    office.refresh_from_db()
    assert response.status_code == 302
    assert (office.phone, office.version) == ("1", 2)
