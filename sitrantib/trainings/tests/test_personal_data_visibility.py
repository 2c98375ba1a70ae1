"""Who sees a member's NIK, phone, address and birth date, and an instructor's phone, on every
surface that shows LINMAS members or training participants (issue 15 B5, UU 27/2022, ADR 0010):
pages, API, PDFs and spreadsheets, per role.

Those who keep the register (the kecamatan's Trantib admin, the desa's operator, a national
administrator) see them in full where a surface shows them; nobody else sees any of them on any
surface, nor an exact birth date (which, with the sex and desa, rebuilds a masked NIK). The
instructor's phone is in full for those who run the trainings (the admin) only. Training documents
(SPJ sheets, certificates, report) never carry a NIK, phone or address, for anyone.
"""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from sitrantib.linmas import services as linmas_services
from sitrantib.trainings import services
from sitrantib.trainings.models import Certificate, Enrolment
from sitrantib.trainings.tests.factories import (
    make_instructor,
    make_sessions,
    make_training,
    run_training,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    """Files of one test (prepared exports, photos) in its own directories."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


NIK = "3508075708900007"  # a woman born 17-08-1990: digits 7-12 are 570890
PHONE = "081234567890"
ADDRESS = "Jl. Mawar Melati 17"
EXACT_DATES = ("17-08-1990", "17 Agustus 1990", "1990-08-17", "17/08/1990", "17.08.1990")
INSTRUCTOR_PHONE = "081200000001"

# The roles that keep the register of the member's desa (ADR 0010), and those who run trainings.
KEEPERS = {"admin", "operator", "national"}
MANAGERS = {"admin", "national"}


def _text(response) -> str:
    """What a response shows, whatever its format: HTML/JSON text, PDF text, every XLSX cell."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if "pdf" in kind:
        return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    if "spreadsheet" in kind:
        book = load_workbook(io.BytesIO(content))
        return "\n".join(
            str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row
        )
    return content.decode()


def _setting(world):
    member = linmas_services.create_member(
        village=world.village,
        data={
            "nik": NIK,
            "name": "Siti Aminah",
            "sex": "P",
            "birth_place": "Lumajang",
            "birth_date": dt.date(1990, 8, 17),
            "address": ADDRESS,
            "phone": PHONE,
            "rt": "001",
            "rw": "002",
            "card_number": "KTA-7",
            "card_valid_until": dt.date(2030, 1, 1),
        },
        actor=world.admin,
    )
    training = make_training(world, title="Pelatihan Dasar")
    [session] = make_sessions(world, training, count=1, instructor=make_instructor(world))
    services.enrol_member(training=training, member=member, actor=world.admin)
    training = run_training(world, training)
    enrolment = Enrolment.objects.get(training=training)
    services.mark_attendance(session=session, marks={enrolment.pk: "hadir"}, actor=world.admin)
    services.set_scores(training=training, scores={enrolment.pk: (60, 90)}, actor=world.admin)
    training = services.transition_training(
        training=training, to_status="finished", actor=world.admin
    )
    services.issue_certificates(training=training, actor=world.admin)
    services.issue_assignment(session=session, actor=world.admin)
    return member, training, session, Certificate.objects.get()


def _surfaces(member, training, session, certificate) -> dict[str, str]:
    t = training.pk
    return {
        # The register.
        "member list": "/linmas/anggota/",
        "member page": f"/linmas/anggota/{member.pk}/",
        "register xlsx": "/linmas/ekspor/register.xlsx",
        "register pdf": "/linmas/ekspor/daftar.pdf",
        "cards pdf": "/linmas/kta.pdf",
        "api members": "/api/v1/linmas-members/",
        "api member": f"/api/v1/linmas-members/{member.pk}/",
        "personal data json": f"/linmas/anggota/{member.pk}/data-pribadi.json",
        # Trainings.
        "participants": f"/pelatihan/{t}/peserta/",
        "scores": f"/pelatihan/{t}/nilai/",
        "completion": f"/pelatihan/{t}/kelulusan/",
        "certificates": f"/pelatihan/{t}/sertifikat/",
        "attendance": f"/pelatihan/sesi/{session.pk}/kehadiran/",
        "attendance pdf": f"/pelatihan/sesi/{session.pk}/daftar-hadir.pdf",
        "transport pdf": f"/pelatihan/{t}/uang-transport.pdf",
        "honorarium pdf": f"/pelatihan/{t}/honorarium.pdf",
        "assignment pdf": f"/pelatihan/sesi/{session.pk}/surat-tugas.pdf",
        "certificates pdf": f"/pelatihan/{t}/sertifikat.pdf",
        "certificate pdf": f"/pelatihan/sertifikat/{certificate.pk}/pdf/",
        "report pdf": f"/pelatihan/{t}/laporan.pdf",
        "report xlsx": f"/pelatihan/{t}/laporan.xlsx",
        "instructors": "/pelatihan/instruktur/",
        "api enrolments": f"/api/v1/trainings/{t}/enrolments/",
        "api instructors": "/api/v1/instructors/",
        "public certificate check": certificate.get_absolute_url(),
        "public card check": f"/verifikasi/{member.verification_code}",
    }


ALL = frozenset({"nik", "phone", "address", "birth date"})
# What each surface shows those who keep the register (also the positive control: the values are
# there, so their absence for the other roles means something). Every other surface, and every
# training document, shows none of them to anyone.
KEEPER_SEES = {
    "member page": ALL,
    "register xlsx": ALL,
    "api member": ALL,
    "api members": ALL,
    "member list": {"nik"},
    "register pdf": {"nik", "birth date"},
    "participants": {"nik"},
}


@pytest.mark.parametrize(
    "role", ["admin", "operator", "national", "camat", "staff", "partner", "sibling_operator"]
)
def test_personal_data_is_shown_only_to_the_roles_that_need_it_on_every_surface(
    client, world, media, role
):
    member, training, session, certificate = _setting(world)
    client.force_login(getattr(world, role))
    shown: dict[str, set[str]] = {}
    answered = {}
    for name, url in _surfaces(member, training, session, certificate).items():
        response = client.get(url)
        answered[name] = response.status_code
        if response.status_code != 200:
            continue
        text = _text(response)
        found = {
            label
            for label, values in (
                ("nik", (NIK,)),
                ("phone", (PHONE,)),
                ("address", (ADDRESS,)),
                ("birth date", EXACT_DATES),
                ("instructor phone", (INSTRUCTOR_PHONE,)),
            )
            if any(value in text for value in values)
        }
        if found:
            shown[name] = found
    keeper, manager = role in KEEPERS, role in MANAGERS
    expected = {name: set(seen) for name, seen in KEEPER_SEES.items()}
    if manager:  # the member's own data file, for the Admin Seksi Trantib (docs/adr/0016)
        expected["personal data json"] = set(ALL)
        expected["instructors"] = {"instructor phone"}
        expected["api instructors"] = {"instructor phone"}
    assert shown == (expected if keeper else {}), answered
    # Every role reached something: the test is not passing on a wall of refusals. The Camat and
    # the staff read the member and the participants, masked.
    assert 200 in answered.values()
    if role in {"camat", "staff"}:
        assert (answered["member page"], answered["participants"], answered["api member"]) == (
            200,
            200,
            200,
        )


def test_public_pages_of_a_card_and_a_certificate_show_no_personal_data(client, world, media):
    member, _training, _session, certificate = _setting(world)
    for url in (certificate.get_absolute_url(), f"/verifikasi/{member.verification_code}"):
        text = client.get(url).content.decode()
        assert ("Siti Aminah" in text, NIK in text, PHONE in text, ADDRESS in text) == (
            True,
            False,
            False,
            False,
        )
