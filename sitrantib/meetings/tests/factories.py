"""Builders for meeting tests: an office with its Camat, partner institutions, meetings, items."""

import datetime as dt
import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image
from pypdf import PdfWriter

from sitrantib.core.enums import Role
from sitrantib.meetings import services
from sitrantib.meetings.models import ActionItem, Meeting, MeetingKind
from sitrantib.regions.models import OfficeProfile, Signatory
from sitrantib.testing.factories import make_institution, make_user

TODAY = dt.date(2026, 11, 16)  # a Monday


def make_office(district: Any) -> OfficeProfile:
    office = OfficeProfile.objects.create(
        district=district,
        government_line="PEMERINTAH KABUPATEN LUMAJANG",
        office_line="KECAMATAN YOSOWILANGUN",
        address="Jl. Mayjen Soekartijo No. 56",
        phone="(0334) 390555",
        town="YOSOWILANGUN",
        postcode="67382",
        letter_place="Lumajang",
    )
    Signatory.objects.create(
        office=office,
        role="camat",
        title="CAMAT YOSOWILANGUN",
        name="Budi Santoso",
        rank="Pembina",
        nip="197001011990031001",
    )
    return office


def koramil(world: Any) -> Any:
    return make_institution(district=world.district, kind="koramil", name="Koramil Yosowilangun")


def village_government(world: Any, village: Any = None) -> Any:
    village = village or world.village
    return make_institution(
        district=world.district,
        kind="village_government",
        name=f"Pemerintah Desa {village.name}",
        village=village,
    )


def make_meeting(
    world: Any,
    *,
    invited: list[Any] | None = None,
    title: str = "Rapat Koordinasi FORKOMPIMKA Februari",
    starts_at: dt.datetime | None = None,
    agenda: tuple[str, ...] = ("Situasi kamtibmas", "Persiapan pelatihan LINMAS"),
    district: Any = None,
    actor: Any = None,
) -> Meeting:
    return services.create_meeting(
        district=district or world.district,
        kind=MeetingKind.objects.get_or_create(
            code="rapat_koordinasi", defaults={"name": "Rapat koordinasi", "order": 1}
        )[0],
        title=title,
        starts_at=starts_at or timezone.make_aware(dt.datetime(2026, 2, 10, 9, 0)),
        venue="Pendopo Kecamatan Yosowilangun",
        chair="Camat Yosowilangun",
        agenda=agenda,
        invited=invited if invited is not None else [world.polsek],
        actor=actor or world.admin,
    )


def make_item(
    world: Any,
    meeting: Meeting,
    *,
    owner: Any = None,
    due: dt.date = TODAY,
    description: str = "Patroli malam di Darungan",
) -> ActionItem:
    return services.create_action_item(
        meeting=meeting,
        description=description,
        owner_institution=owner or world.polsek,
        due_date=due,
        actor=world.national if meeting.district_id != world.district.pk else world.admin,
    )


def finish(world: Any, item: ActionItem, actor: Any = None) -> ActionItem:
    """Take an item to done with a note as evidence."""
    actor = actor or world.admin
    services.add_evidence(item=item, note="Patroli dilaksanakan", actor=actor)
    services.transition_action_item(item=item, to_status="in_progress", actor=actor)
    return services.transition_action_item(item=item, to_status="done", actor=actor)


def png_upload(name: str = "bukti.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def pdf_bytes() -> bytes:
    """A real one-page PDF (pypdf must open it)."""
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_upload(name: str = "laporan.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def koramil_partner(world: Any, institution: Any) -> Any:
    return make_user(
        role=Role.PARTNER, district=world.district, institution=institution, username="koramil"
    )
