"""The scene the access matrix asks on: a11y's scene (`a11y.build_scene`) plus an uninvolved
partner (the Koramil), more records of the kecamatan, a record of the other desa, and a record of
every kind in the other kecamatan (its names carry FOREIGN, which no answer to a viewer of
world.district may contain). `MATRIX_SCENE` lists the builders in order; `build_matrix_scene`
runs them."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from sitrantib.testing import (
    a11y,
    access_archive,
    access_fieldwork,
    access_indicators,
    access_reports,
    access_villagedocs,
)
from sitrantib.testing.access_vocabulary import FOREIGN, SIBLING


def _koramil(s: Any) -> Any:
    from sitrantib.testing.factories import make_institution

    return make_institution(district=s.district, kind="koramil", name="Koramil Yosowilangun")


def _koramil_partner(s: Any) -> Any:
    from sitrantib.core.enums import Role
    from sitrantib.testing.factories import make_user

    return make_user(
        role=Role.PARTNER, district=s.district, institution=s.koramil, username="koramil"
    )


def _evidence(s: Any) -> Any:
    from sitrantib.meetings.services.evidence import add_evidence
    from sitrantib.meetings.tests.factories import png_upload

    return add_evidence(item=s.action_item, file=png_upload(), note="Foto patroli", actor=s.admin)


def _spending(s: Any) -> Any:
    import datetime as dt
    from decimal import Decimal

    from sitrantib.budget.services import record_spending
    from sitrantib.meetings.tests.factories import pdf_upload

    return record_spending(
        line=s.budget_line,
        on_date=dt.date(2026, 2, 10),
        amount=Decimal(1000),
        description="Konsumsi rapat",
        actor=s.admin,
        evidence=pdf_upload(),
    )


def _sibling_member(s: Any) -> Any:
    from sitrantib.linmas.tests.conftest import make_member

    return make_member(s.sibling_village, serial=92, name=f"Sari {SIBLING}")


def _foreign(s: Any) -> SimpleNamespace:
    """One record of every kind in the other kecamatan, each named with FOREIGN."""
    from sitrantib.budget.tests.conftest import make_line
    from sitrantib.linmas.tests.conftest import make_member
    from sitrantib.meetings.tests.factories import make_item, make_meeting
    from sitrantib.planning.tests.conftest import make_plan
    from sitrantib.surveys.tests.conftest import make_period
    from sitrantib.testing.factories import make_institution
    from sitrantib.trainings import services as trainings
    from sitrantib.trainings.tests.factories import kind

    district = s.other_district
    police = make_institution(district=district, kind="polsek", name=f"Polsek {FOREIGN}")
    member = make_member(
        s.foreign_village, serial=93, name=f"Joko {FOREIGN}", nik="3508065708900093"
    )
    meeting = make_meeting(
        s.world, title=f"Rapat {FOREIGN}", district=district, invited=[police], actor=s.national
    )
    item = make_item(s.world, meeting, owner=police, description=f"Patroli {FOREIGN}")
    import datetime as dt
    from decimal import Decimal

    training = trainings.create_training(
        district=district,
        data={
            "title": f"Pelatihan {FOREIGN}",
            "kind": kind(),
            "starts_on": dt.date(2026, 3, 10),
            "ends_on": dt.date(2026, 3, 12),
            "venue": "Balai desa",
            "capacity": 20,
            "transport_per_day": Decimal(50000),
        },
        actor=s.national,
    )
    instructor = trainings.create_instructor(
        district=district,
        data={
            "institution": police,
            "name": f"Bripka {FOREIGN}",
            "rank": "Bripka",
            "id_number": "78010999",
            "phone": "081200000999",
            "topics": "Kamtibmas",
            "tax_percent": Decimal(5),
        },
        actor=s.national,
    )
    return SimpleNamespace(
        police=police,
        member=member,
        meeting=meeting,
        action_item=item,
        period=make_period(s.world, district=district, title=f"SKM {FOREIGN}"),
        plan=make_plan(s.world, district=district),
        budget_line=make_line(
            s.world, district=district, name=f"Belanja {FOREIGN}", code="5.1.02.01.01.0053"
        ),
        training=training,
        instructor=instructor,
    )


def _equipment_type(s: Any) -> Any:
    from sitrantib.linmas.models import EquipmentType

    return EquipmentType.objects.get_or_create(code="ht", defaults={"name": "HT"})[0]


def _squad(s: Any) -> Any:
    from sitrantib.linmas.services import save_squad

    return save_squad(village=s.village, name="Regu 1", leader=s.member, actor=s.operator)


def _stock(s: Any) -> Any:
    from sitrantib.linmas.services import set_equipment

    return set_equipment(
        village=s.village, item_type=s.equipment_type, good=3, damaged=1, required=5, actor=s.admin
    )


def _equipment_issue(s: Any) -> Any:
    import datetime as dt

    from sitrantib.linmas.services import issue_equipment

    return issue_equipment(
        member=s.member,
        item_type=s.equipment_type,
        quantity=1,
        issued_on=dt.date(2026, 1, 5),
        actor=s.admin,
    )


MATRIX_SCENE: list[tuple[str, Callable[[Any], Any]]] = [
    ("equipment_type", _equipment_type),
    ("squad", _squad),
    ("stock", _stock),
    ("equipment_issue", _equipment_issue),
    ("koramil", _koramil),
    ("koramil_partner", _koramil_partner),
    ("invitation", lambda s: s.meeting.invitations.order_by("pk").first()),
    ("evidence", _evidence),
    ("spending", _spending),
    ("sibling_member", _sibling_member),
    ("foreign", _foreign),
    *access_fieldwork.MATRIX_SCENE,
    *access_villagedocs.MATRIX_SCENE,
    *access_indicators.MATRIX_SCENE,
    *access_archive.MATRIX_SCENE,
    *access_reports.MATRIX_SCENE,
]


def build_matrix_scene(world: Any) -> SimpleNamespace:
    """a11y's scene (one record of every kind a page shows) plus MATRIX_SCENE."""
    scene = a11y.build_scene(world)
    for name, build in MATRIX_SCENE:
        setattr(scene, name, build(scene))
    return scene
