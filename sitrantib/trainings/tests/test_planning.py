"""A training carries out the plan's training activity: planning's calendar sees it, and its
output is the number of members who completed (once the training is finished)."""

import pytest
from django.core.exceptions import ValidationError

from sitrantib.planning import services as planning_services
from sitrantib.planning.carried_out import carried_out_for, registered_kinds
from sitrantib.planning.enums import ActivityKind
from sitrantib.trainings import services
from sitrantib.trainings.models import Enrolment
from sitrantib.trainings.tests.factories import (
    make_members,
    make_sessions,
    make_training,
    run_training,
)

pytestmark = pytest.mark.django_db


def _plan(world, district=None):
    plan = planning_services.create_plan(
        district=district or world.district,
        year=2026,
        title="KERANGKA ACUAN KERJA (KAK)",
        programme_name="Program Penyelenggaraan Pemerintahan Kecamatan",
        activity_name="Fasilitasi dan Koordinasi Ketentraman dan Ketertiban Masyarakat",
        actor=None,
    )
    planning_services.save_activity(
        plan=plan,
        activity=None,
        values={
            "kind": ActivityKind.TRAINING,
            "name": "Pelatihan LINMAS",
            "months": [3],
            "venue": "Kantor Kecamatan",
        },
        participants=[],
        actor=None,
    )
    return plan.activities.get()


def test_training_is_registered_as_carrying_out_planned_activities():
    assert "training" in registered_kinds()


def test_finished_training_counts_its_completed_members_as_output(world):
    activity = _plan(world)
    training = make_training(world, planned_activity=activity)
    sessions = make_sessions(world, training, count=1)
    for member in make_members(world.village, 3):
        services.enrol_member(training=training, member=member, actor=world.admin)
    training = run_training(world, training)
    ids = list(Enrolment.objects.filter(training=training).values_list("pk", flat=True))
    services.mark_attendance(
        session=sessions[0], marks=dict.fromkeys(ids, "hadir"), actor=world.admin
    )
    services.set_scores(
        training=training,
        scores={ids[0]: (1, 90), ids[1]: (1, 90), ids[2]: (1, 10)},
        actor=world.admin,
    )
    [running] = carried_out_for([activity.pk], 2026)
    assert (running.kind, running.outputs, running.month) == ("training", 0, 3)
    services.transition_training(training=training, to_status="finished", actor=world.admin)
    [done] = carried_out_for([activity.pk], 2026)
    assert done.outputs == 2
    assert done.url == training.get_absolute_url()


def test_activity_of_another_kecamatan_is_refused(world):
    theirs = _plan(world, district=world.other_district)
    with pytest.raises(ValidationError) as caught:
        make_training(world, planned_activity=theirs)
    assert "planned_activity" in caught.value.message_dict
