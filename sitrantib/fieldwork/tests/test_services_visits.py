"""Field visits: what a report must say, rawan situations resolved, recommendations put in the
follow-up ledger, and visits carrying out the annual plan's accompaniment and monitoring."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from sitrantib.core.enums import AuditAction
from sitrantib.core.models import AuditEntry
from sitrantib.fieldwork import selectors
from sitrantib.fieldwork.enums import Situation, VisitKind
from sitrantib.fieldwork.models import Visit, VisitRecommendation, VisitTeamMember
from sitrantib.fieldwork.services import visits
from sitrantib.fieldwork.services.common import MESSAGE_INSTITUTION_OTHER_DISTRICT
from sitrantib.fieldwork.tests.factories import (
    make_post,
    make_task_force,
    make_visit,
    moment,
    visit_input,
)
from sitrantib.fieldwork.tests.test_selectors_queries import make_field_plan
from sitrantib.planning.carried_out import carried_out_for, registered_kinds
from sitrantib.testing.factories import make_institution

pytestmark = pytest.mark.django_db


def test_a_visit_with_its_places_team_and_recommendations(world):
    post = make_post(world)
    task_force = make_task_force(world)
    visit, created = visits.create_visit(
        village=world.village,
        data=visit_input(
            kind=VisitKind.ACCOMPANIMENT,
            posts=[post],
            task_force=task_force,
            activity_types=["patrol", "detection", "patrol"],
            team=[
                visits.TeamMember(name="Bripka Agus", institution=world.polsek),
                visits.TeamMember(name="  "),
            ],
            recommendations=["Perbaiki lampu pos", "Tambah jadwal ronda"],
        ),
        actor=world.operator,
    )
    assert created
    stored = Visit.objects.get(pk=visit.pk)
    assert stored.activity_types == ["detection", "patrol"]
    assert list(stored.posts.all()) == [post]
    assert stored.task_force == task_force
    assert list(VisitTeamMember.objects.values_list("name", "institution")) == [
        ("Bripka Agus", world.polsek.pk)
    ]
    assert sorted(VisitRecommendation.objects.values_list("text", flat=True)) == [
        "Perbaiki lampu pos",
        "Tambah jadwal ronda",
    ]
    assert (
        AuditEntry.objects.filter(
            object_type="fieldwork.visit", object_id=str(visit.pk), action=AuditAction.CREATE
        ).count()
        == 1
    )


@pytest.mark.parametrize("situation", [Situation.WASPADA, Situation.RAWAN])
def test_waspada_and_rawan_need_a_reason(world, situation):
    with pytest.raises(ValidationError) as refused:
        visits.create_visit(
            village=world.village,
            data=visit_input(situation=situation, situation_reason=" "),
            actor=world.operator,
        )
    assert refused.value.message_dict["situation_reason"] == [
        visits.MESSAGE_REASON_REQUIRED % {"situation": Situation(situation).label}
    ]
    assert not Visit.objects.exists()


def test_what_a_visit_may_not_say(world):
    other_post = make_post(world, village=world.sibling_village, name="Pos Kraton")
    other_force = make_task_force(world, village=world.sibling_village)
    foreign = make_institution(district=world.other_district, kind="polsek", name="Polsek Lain")
    cases = [
        ({"when": timezone.now() + dt.timedelta(hours=1)}, "visited_at"),
        ({"posts": [other_post]}, "posts"),
        ({"task_force": other_force}, "task_force"),
        ({"activity_types": ["patrol", "karaoke"]}, "activity_types"),
        ({"team": [visits.TeamMember(name="X", institution=foreign)]}, "team"),
    ]
    for extra, field in cases:
        with pytest.raises(ValidationError) as refused:
            visits.create_visit(
                village=world.village, data=visit_input(**extra), actor=world.operator
            )
        assert field in refused.value.message_dict, field
    assert refused.value.message_dict["team"] == [
        MESSAGE_INSTITUTION_OTHER_DISTRICT % {"name": "Polsek Lain"}
    ]
    assert not Visit.objects.exists()


@pytest.mark.parametrize("who", ["sibling_operator", "staff", "camat", "partner", "superuser"])
def test_others_cannot_record_a_visit_of_the_desa(world, who):
    with pytest.raises(PermissionDenied):
        make_visit(world, actor=getattr(world, who))


# Rawan resolved -----------------------------------------------------------------------------------


def test_resolving_a_rawan_situation(world):
    visit = make_visit(world, when=moment(dt.date(2026, 3, 10)), situation=Situation.RAWAN)
    for day, message in [
        (dt.date(2026, 3, 9), visits.MESSAGE_RESOLVED_BEFORE_VISIT),
        (timezone.localdate() + dt.timedelta(days=1), visits.MESSAGE_RESOLVED_FUTURE),
    ]:
        with pytest.raises(ValidationError) as refused:
            visits.resolve_visit(visit=visit, on_date=day, note="", actor=world.operator)
        assert refused.value.message_dict["resolved_on"] == [message]
    visits.resolve_visit(
        visit=visit, on_date=dt.date(2026, 3, 10), note=" Dimediasi ", actor=world.operator
    )
    stored = Visit.objects.get(pk=visit.pk)
    assert (stored.resolved_on, stored.resolution_note) == (dt.date(2026, 3, 10), "Dimediasi")
    assert not stored.is_unresolved_rawan


def test_only_rawan_is_resolved_and_a_changed_judgement_forgets_it(world):
    calm = make_visit(world, situation=Situation.WASPADA)
    with pytest.raises(ValidationError) as refused:
        visits.resolve_visit(
            visit=calm, on_date=timezone.localdate(), note="", actor=world.operator
        )
    assert refused.value.message_dict["resolved_on"] == [visits.MESSAGE_NOT_RAWAN]
    rawan = make_visit(world, situation=Situation.RAWAN)
    visits.resolve_visit(visit=rawan, on_date=timezone.localdate(), note="", actor=world.admin)
    visits.update_visit(visit=rawan, data=visit_input(), actor=world.admin)
    assert Visit.objects.get(pk=rawan.pk).resolved_on is None


# Recommendations into the follow-up ledger --------------------------------------------------------


def test_recommendation_becomes_an_action_item_once(world):
    visit = make_visit(world, recommendations=["Perbaiki lampu pos"])
    recommendation = visit.recommendations.get()
    due = timezone.localdate() + dt.timedelta(days=30)
    with pytest.raises(PermissionDenied):
        visits.recommendation_to_action_item(
            recommendation=recommendation,
            owner_institution=world.polsek,
            due_date=due,
            actor=world.operator,
        )
    item = visits.recommendation_to_action_item(
        recommendation=recommendation,
        owner_institution=world.polsek,
        due_date=due,
        actor=world.admin,
    )
    assert (item.description, item.district_id, item.meeting_id, item.owner_institution) == (
        "Perbaiki lampu pos",
        world.district.code,
        None,
        world.polsek,
    )
    assert item.origin_date == timezone.localtime(visit.visited_at).date()
    assert VisitRecommendation.objects.get(pk=recommendation.pk).action_item == item
    with pytest.raises(ValidationError) as refused:
        visits.recommendation_to_action_item(
            recommendation=recommendation,
            owner_institution=world.polsek,
            due_date=due,
            actor=world.admin,
        )
    assert refused.value.messages == [visits.MESSAGE_ALREADY_ITEM]
    # A later change of the visit keeps the recommendation that is in the ledger.
    visits.update_visit(
        visit=visit,
        data=visit_input(recommendations=["Perbaiki lampu pos", "Baru"]),
        actor=world.admin,
    )
    rows = sorted(VisitRecommendation.objects.values_list("text", "action_item"))
    assert rows == [("Baru", None), ("Perbaiki lampu pos", item.pk)]


# Carrying out the annual plan ---------------------------------------------------------------------


def test_a_visit_carries_out_a_planned_activity_of_its_kind(world):
    plan = make_field_plan(world)
    accompaniment = plan.activities.get(kind="accompaniment")
    with pytest.raises(ValidationError) as refused:
        make_visit(world, kind=VisitKind.MONITORING, planned_activity=accompaniment)
    assert refused.value.message_dict["planned_activity"] == [visits.MESSAGE_ACTIVITY_OTHER]
    visit = make_visit(world, kind=VisitKind.ACCOMPANIMENT, planned_activity=accompaniment)
    assert Visit.objects.get(pk=visit.pk).planned_activity == accompaniment


def test_visits_carried_out_for_planning_accompaniment_and_monitoring(world):
    plan = make_field_plan(world)
    accompaniment = plan.activities.get(kind="accompaniment")
    monitoring = plan.activities.get(kind="monitoring")
    along = make_visit(
        world,
        when=moment(dt.date(2026, 3, 4)),
        kind=VisitKind.ACCOMPANIMENT,
        planned_activity=accompaniment,
    )
    monev = make_visit(
        world,
        village=world.sibling_village,
        when=moment(dt.date(2026, 9, 2)),
        kind=VisitKind.EVALUATION,
        planned_activity=monitoring,
    )
    make_visit(world, when=moment(dt.date(2026, 3, 5)))  # not linked to the plan
    ids = [accompaniment.pk, monitoring.pk]
    assert {"accompaniment", "monitoring"} <= set(registered_kinds())
    [done] = selectors.accompaniment_carried_out(ids, 2026)
    assert (done.kind, done.activity_id, done.on_date, done.village_code, done.object_id) == (
        "accompaniment",
        accompaniment.pk,
        dt.date(2026, 3, 4),
        world.village.code,
        along.pk,
    )
    assert done.url == along.get_absolute_url()
    assert [r.object_id for r in selectors.monitoring_carried_out(ids, 2026)] == [monev.pk]
    assert [r.object_id for r in selectors.visits_carried_out(ids, 2026)] == [along.pk, monev.pk]
    assert selectors.visits_carried_out(ids, 2025) == []
    # What planning reads: each visit at least once, of its activity's kind.
    records = carried_out_for(ids, 2026)
    assert {(r.kind, r.object_id) for r in records} == {
        ("accompaniment", along.pk),
        ("monitoring", monev.pk),
    }
