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


def test_superuser_edits_a_chosen_office_and_comes_back_to_it(world, office):
    response = _client(world.superuser).post("/kantor/?district=35.08.07", _form(office))

    assert response.status_code == 302
    assert response.url == "/kantor/?district=35.08.07"
