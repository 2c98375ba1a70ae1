"""One record of every kind a form or an API operation works on, in the `world` kecamatan.

The bad-input tests (test_bad_input_*.py) need something to update and a valid body to spoil: an
API operation on `/api/v1/<things>/{id}/` takes the first `<thing>` the admin's list shows. A new
endpoint whose list is empty here fails `test_every_write_operation_has_a_sample` — add its
record to `populate`.
"""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from django.utils import timezone

from sitrantib.budget.services import record_spending
from sitrantib.budget.tests.conftest import make_line
from sitrantib.linmas.models import EquipmentType
from sitrantib.linmas.services import issue_equipment, save_squad, set_equipment
from sitrantib.linmas.tests.conftest import make_member
from sitrantib.meetings.tests.factories import make_item, make_meeting, make_office
from sitrantib.planning.tests.conftest import make_plan
from sitrantib.surveys.tests.conftest import make_period
from sitrantib.testing import a11y_fieldwork, a11y_indicators, a11y_villagedocs
from sitrantib.trainings import services as trainings
from sitrantib.trainings.tests.factories import make_instructor, make_sessions, make_training


def populate(world: Any) -> dict[str, Any]:
    """A member, squad, stock and issue, meeting with an action item, budget line with a
    spending, plan, open survey, instructor and an open training with sessions and a participant;
    the field work's Poskamling, Satgas, rawan visit with a recommendation and a photo, reported
    and handed-over incidents and a citizen report (a11y_fieldwork.SCENE); an obligation of
    every state with a waiting submission and a document type of the kecamatan
    (a11y_villagedocs.SCENE, as `vdocs_<name>`); a definition for every calculator and a manual
    one with a value and evidence (a11y_indicators.SCENE, as `ind_<name>`).
    """
    office = make_office(world.district)
    member = make_member(world.village)
    spare_member = make_member(world.village, serial=2, name="Siti Aminah")
    squad = save_squad(village=world.village, name="Regu 1", actor=world.admin)
    item_type = EquipmentType.objects.order_by("pk").first()
    stock = set_equipment(
        village=world.village,
        item_type=item_type,
        good=3,
        damaged=1,
        required=5,
        actor=world.admin,
    )
    issue = issue_equipment(
        member=member,
        item_type=item_type,
        quantity=1,
        issued_on=dt.date(2026, 1, 5),
        actor=world.admin,
    )
    meeting = make_meeting(world)
    item = make_item(world, meeting)
    line = make_line(world)
    spending = record_spending(
        line=line,
        on_date=dt.date(2026, 2, 1),
        amount=Decimal(100_000),
        description="Konsumsi rapat",
        actor=world.admin,
    )
    plan = make_plan(world)
    survey = make_period(world)
    instructor = make_instructor(world)
    training = make_training(world)
    sessions = make_sessions(world, training, 2)
    training = trainings.transition_training(training=training, to_status="open", actor=world.admin)
    trainings.enrol_member(training=training, member=member, actor=world.admin)
    field = SimpleNamespace(**vars(world))
    for name, build in a11y_fieldwork.SCENE:
        setattr(field, name, build(field))
    # village documents and indicators after the records the indicators count
    for name, build in (*a11y_villagedocs.SCENE, *a11y_indicators.SCENE):
        setattr(field, name, build(field))
    return {
        **{name: getattr(field, name) for name, _build in a11y_fieldwork.SCENE},
        **{f"vdocs_{name}": value for name, value in vars(field.vdocs).items()},
        **{f"ind_{name}": value for name, value in vars(field.ind).items()},
        "office": office,
        "member": member,
        "spare_member": spare_member,
        "squad": squad,
        "stock": stock,
        "issue": issue,
        "meeting": meeting,
        "item": item,
        "line": line,
        "spending": spending,
        "plan": plan,
        "survey": survey,
        "instructor": instructor,
        "training": training,
        "sessions": sessions,
        "now": timezone.now(),
    }
