"""The field-work pages of the accessibility checks (`a11y.PAGES`, `EXCLUDED`, `SCENE`).

Who opens what follows `sitrantib/fieldwork/access.py`: the section's administrator and the desa
operator write (the operator only for `world.village`), the Camat and the kecamatan staff read,
the partner (the Polsek) reads only the incident handed over to it, and the public pages under
/lapor/ are open to anyone. The scene holds one record of each kind in `world.village`: a
Poskamling with coordinates and a roster, a Satgas with members, a visit judged "rawan" with a
recommendation and a photo, a reported incident, an incident handed over to the Polsek, and a
citizen report waiting in the queue.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from sitrantib.testing.a11y_page import ADMIN, WIDE, Page

READERS = ("admin", "staff", "camat", "operator")
WRITERS = ("admin", "operator")
INCIDENT_READERS = (*READERS, "partner")
PUBLIC = ("anonymous",)

# fmt: off
PAGES: list[Page] = [
    # overview: situation of the desa, the rule, the field calendar
    Page("fieldwork:home", (*INCIDENT_READERS, *WIDE), menu_open_on_phone=True),
    Page("fieldwork:village", READERS, code="village.code"),
    Page("fieldwork:situations", (*READERS, *WIDE)),
    Page("fieldwork:rule", ADMIN),
    Page("fieldwork:calendar", READERS),
    # registers: Poskamling and Satgas Keamanan Desa
    Page("fieldwork:post_list", READERS),
    Page("fieldwork:post_create", WRITERS),  # the admin first chooses the desa
    Page("fieldwork:post_create", ADMIN, query="desa=35.08.07.2001"),
    Page("fieldwork:post_detail", READERS, pk="post"),
    Page("fieldwork:post_edit", WRITERS, pk="post"),
    Page("fieldwork:post_roster", WRITERS, pk="post"),
    Page("fieldwork:task_force_list", READERS),
    Page("fieldwork:task_force_create", ADMIN),  # the admin first chooses the desa
    Page("fieldwork:task_force_create", ADMIN, query="desa=35.08.07.2002"),
    Page("fieldwork:task_force_detail", READERS, pk="task_force"),
    Page("fieldwork:task_force_edit", WRITERS, pk="task_force"),
    Page("fieldwork:task_force_members", WRITERS, pk="task_force"),
    # visits and incidents: the report forms (they also work offline) and the outbox
    Page("fieldwork:visit_create", WRITERS, menu_open_on_phone=True),
    Page("fieldwork:visit_edit", WRITERS, pk="visit"),
    Page("fieldwork:incident_create", WRITERS),
    Page("fieldwork:incident_edit", WRITERS, pk="incident"),
    Page("fieldwork:outbox", WRITERS),
    Page("fieldwork:visit_list", READERS),
    Page("fieldwork:visit_detail", READERS, pk="visit"),
    Page("fieldwork:recommendation_action", ADMIN, pk="recommendation"),
    Page("fieldwork:incident_list", (*INCIDENT_READERS, "national")),
    Page("fieldwork:incident_map", INCIDENT_READERS),
    Page("fieldwork:incident_monthly", INCIDENT_READERS),
    # The handed-over incident first: the access matrix asks its URL of every viewer (the
    # partner reads it); the reported one shows the section's verification buttons.
    Page("fieldwork:incident_detail", INCIDENT_READERS, pk="handed_incident"),
    Page("fieldwork:incident_detail", WRITERS, pk="incident"),
    # citizen reports: the section's queue, the public form and its status page
    # a wide administrator finds the desa of the queue with the search field
    Page("fieldwork:report_queue", ("admin", *WIDE)),
    Page("fieldwork:report_detail", ADMIN, pk="citizen_report"),
    Page("fieldwork_public:start", PUBLIC, menu_open_on_phone=True),
    Page("fieldwork_public:form", PUBLIC, district_code="district.code",
         menu_open_on_phone=True),
    Page("fieldwork_public:status_lookup", PUBLIC),
    Page("fieldwork_public:status", PUBLIC, code="citizen_report.tracking_code"),
]
# fmt: on

EXCLUDED: dict[str, str] = {
    "fieldwork:map_data": "GeoJSON of the Poskamling and incident points for the maps",
    "fieldwork:village_options": "JSON of one desa's posts, satgas and dusun for the report forms",
    "fieldwork:service_worker": "JavaScript: the service worker of the offline report forms",
    "fieldwork:manifest": "JSON: the web app manifest (install on a phone)",
    "fieldwork:visit_resolve": "POST-only action (its form is on fieldwork:visit_detail)",
    "fieldwork:visit_photo_add": "POST-only upload (its form is on fieldwork:visit_detail)",
    "fieldwork:visit_pdf": "PDF download (the visit report)",
    "fieldwork:incident_transition": "POST-only action (its form is on incident_detail)",
    "fieldwork:incident_photo_add": "POST-only upload (its form is on incident_detail)",
    "fieldwork:photo_file": "image file",
    "fieldwork:photo_delete": "POST-only action",
    "fieldwork:report_verify": "POST-only action (its form is on fieldwork:report_detail)",
    "fieldwork:report_reject": "POST-only action (its form is on fieldwork:report_detail)",
}


# ---------------------------------------------------------------------------------------------
# The scene.


def _upload(name: str = "foto.png") -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from sitrantib.testing.bad_input import png_bytes

    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def _post(s: Any) -> Any:
    from sitrantib.fieldwork.services.registers import DutyNight, Person, set_roster
    from sitrantib.fieldwork.tests.factories import make_post

    post = make_post(
        s,
        latitude=Decimal("-8.226100"),
        longitude=Decimal("113.296400"),
        equipment=["kentongan", "light", "radio"],
        address="Pertigaan Dusun Krajan",
    )
    set_roster(
        post=post,
        nights=[
            DutyNight(5, "Regu A", (Person("Suparno"), Person("Mulyadi"))),
            DutyNight(6, "Regu B", (Person("Hartono"),)),
        ],
        actor=s.admin,
    )
    return post


def _task_force(s: Any) -> Any:
    from sitrantib.fieldwork.services.registers import Person, set_task_force_members
    from sitrantib.fieldwork.tests.factories import make_task_force

    task_force = make_task_force(s, decree_date=dt.date(2026, 1, 12), vest_count=10, radio_count=2)
    set_task_force_members(
        task_force=task_force,
        people=[Person("Sutrisno", position="Ketua"), Person("Agus Salim", position="Anggota")],
        actor=s.admin,
    )
    return task_force


def _visit(s: Any) -> Any:
    """A visit judged rawan, not yet resolved, with a recommendation and a team."""
    from sitrantib.fieldwork.enums import Situation
    from sitrantib.fieldwork.services.visits import TeamMember
    from sitrantib.fieldwork.tests.factories import make_visit

    return make_visit(
        s,
        situation=Situation.RAWAN,
        situation_reason="Dua kali pencurian ternak dalam sepekan",
        posts=[s.post],
        task_force=s.task_force,
        place="Balai Desa",
        team=[
            TeamMember("Hadi Prasetyo", position="Kasi Trantib"),
            TeamMember("Aiptu Slamet", institution=s.polsek, position="Bhabinkamtibmas"),
        ],
        recommendations=["Tambah jadwal ronda malam Sabtu", "Pasang lampu di pos"],
        latitude=Decimal("-8.226300"),
        longitude=Decimal("113.296100"),
    )


def _visit_photo(s: Any) -> Any:
    from sitrantib.fieldwork.services.photos import add_photo

    return add_photo(owner=s.visit, file=_upload(), actor=s.admin, caption="Pos ronda")


def _incident(s: Any) -> Any:
    """An incident as reported (status reported), with coordinates."""
    from sitrantib.fieldwork.tests.factories import make_incident

    return make_incident(
        s,
        place="Jalan Raya Darungan",
        latitude=Decimal("-8.227000"),
        longitude=Decimal("113.297000"),
        affected_count=1,
        losses="Satu sepeda motor",
    )


def _handed_incident(s: Any) -> Any:
    """An incident handed over to the Polsek (the partner reads it)."""
    from django.utils import timezone

    from sitrantib.fieldwork.enums import IncidentStatus
    from sitrantib.fieldwork.services.incidents import transition_incident
    from sitrantib.fieldwork.tests.factories import make_incident

    incident = make_incident(
        s,
        when=timezone.now() - dt.timedelta(hours=5),  # listed after the reported one
        place="Pasar Desa",
        description="Perkelahian antarpemuda setelah pertandingan bola.",
        latitude=Decimal("-8.225000"),
        longitude=Decimal("113.295000"),
    )
    transition_incident(
        incident=incident,
        to_status=IncidentStatus.VERIFIED,
        actor=s.admin,
        note="Dicek di lokasi",
    )
    return transition_incident(
        incident=incident,
        to_status=IncidentStatus.HANDED_OVER,
        actor=s.admin,
        note="Diserahkan ke Polsek",
        handed_to=s.polsek,
    )


def _citizen_report(s: Any) -> Any:
    from django.utils import timezone

    from sitrantib.fieldwork.services.reports import ReportInput, submit_report
    from sitrantib.fieldwork.tests.factories import category

    report, _created = submit_report(
        data=ReportInput(
            village=s.village,
            category=category(),
            place="Depan balai desa",
            occurred_at=timezone.now() - dt.timedelta(hours=3),
            description="Ada orang asing mondar-mandir memeriksa sepeda motor warga.",
            contact_name="Siti",
            contact_phone="081234567890",
        ),
        client_id=uuid.uuid4(),
    )
    return report


SCENE: list[tuple[str, Callable[[Any], Any]]] = [
    ("post", _post),
    ("task_force", _task_force),
    ("visit", _visit),
    ("recommendation", lambda s: s.visit.recommendations.order_by("pk").first()),
    ("visit_photo", _visit_photo),
    ("incident", _incident),
    ("handed_incident", _handed_incident),
    ("citizen_report", _citizen_report),
]
