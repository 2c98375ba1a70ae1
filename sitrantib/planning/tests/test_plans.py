"""Plan approval, revisions and the copy to the next year."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sitrantib.core.models import AuditEntry
from sitrantib.planning import services
from sitrantib.planning.enums import PlanStatus
from sitrantib.planning.models import AnnualPlan, Indicator, Participant
from sitrantib.planning.tests.conftest import make_plan

pytestmark = pytest.mark.django_db


def test_approve_plan_by_camat_records_who_and_when(world):
    plan = make_plan(world)

    services.approve_plan(plan=plan, actor=world.camat, note="Setuju")

    plan.refresh_from_db()
    assert (plan.status, plan.approved_by, plan.status_note) == (
        PlanStatus.APPROVED,
        world.camat,
        "Setuju",
    )
    assert plan.approved_at is not None
    assert AuditEntry.objects.filter(object_id=str(plan.pk), action="transition").count() == 1


@pytest.mark.parametrize("who", ["admin", "staff", "outsider", "national"])
def test_approve_plan_by_anyone_but_the_camat_is_refused(world, who):
    plan = make_plan(world)

    with pytest.raises(PermissionDenied):
        services.approve_plan(plan=plan, actor=getattr(world, who))

    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def test_approve_plan_without_activities_is_refused(world):
    plan = make_plan(world, activities=0)

    with pytest.raises(ValidationError) as error:
        services.approve_plan(plan=plan, actor=world.camat)

    assert error.value.message_dict["status"] == [services.MESSAGE_EMPTY_ACTIVITIES]


def test_edit_after_approval_is_refused(world):
    plan = make_plan(world)
    services.approve_plan(plan=plan, actor=world.camat)
    indicator = plan.indicators.first()

    with pytest.raises(ValidationError) as error:
        services.save_indicator(
            plan=plan, indicator=indicator, values={"target": 1}, actor=world.admin
        )

    assert error.value.messages == [services.MESSAGE_NOT_DRAFT]


def test_revision_keeps_the_approved_plan_until_it_is_approved(world):
    plan = make_plan(world)
    services.approve_plan(plan=plan, actor=world.camat)

    revision = services.start_revision(plan=plan, actor=world.admin)
    target = revision.indicators.get(name="Jumlah LINMAS terbina")
    services.save_indicator(
        plan=revision, indicator=target, values={"target": 200}, actor=world.admin
    )

    plan.refresh_from_db()
    assert (plan.status, revision.status, revision.revision, revision.previous) == (
        PlanStatus.APPROVED,
        PlanStatus.DRAFT,
        2,
        plan,
    )
    assert plan.indicators.get(name="Jumlah LINMAS terbina").target == 180

    services.approve_plan(plan=revision, actor=world.camat)

    plan.refresh_from_db()
    revision.refresh_from_db()
    assert (plan.status, revision.status) == (PlanStatus.SUPERSEDED, PlanStatus.APPROVED)
    assert plan.indicators.get(name="Jumlah LINMAS terbina").target == 180
    assert revision.indicators.get(name="Jumlah LINMAS terbina").target == 200


def test_second_draft_revision_is_refused(world):
    plan = make_plan(world)
    services.approve_plan(plan=plan, actor=world.camat)
    services.start_revision(plan=plan, actor=world.admin)

    with pytest.raises(ValidationError) as error:
        services.start_revision(plan=plan, actor=world.admin)

    assert error.value.messages == [services.MESSAGE_REVISION_EXISTS]


def test_revision_of_a_draft_is_refused(world):
    plan = make_plan(world)

    with pytest.raises(ValidationError) as error:
        services.start_revision(plan=plan, actor=world.admin)

    assert error.value.messages == [services.MESSAGE_REVISE_APPROVED_ONLY]


def test_copy_to_next_year_keeps_text_and_activities_and_clears_targets(world):
    plan = make_plan(world, year=2026)
    services.approve_plan(plan=plan, actor=world.camat)

    copy = services.copy_plan_to_year(plan=plan, actor=world.admin)

    assert (copy.year, copy.revision, copy.status, copy.copied_from) == (
        2027,
        1,
        PlanStatus.DRAFT,
        plan,
    )
    assert copy.approved_by is None
    assert [s.items for s in copy.sections.all()] == [["UU 12/1950"]]
    assert [(i.name, i.target) for i in copy.indicators.all()] == [
        ("Jumlah LINMAS terbina", None),
        ("Persentase desa tertib", None),
    ]
    assert [(a.name, a.months) for a in copy.activities.all()] == [
        ("Kegiatan 1", [2, 4]),
        ("Kegiatan 2", [3]),
    ]
    assert Participant.objects.filter(activity__plan=copy).count() == 2
    assert Indicator.objects.filter(plan=plan, target__isnull=False).count() == 2


def test_copy_to_a_year_that_has_a_plan_is_refused(world):
    plan = make_plan(world, year=2026)
    make_plan(world, year=2027)

    with pytest.raises(ValidationError):
        services.copy_plan_to_year(plan=plan, actor=world.admin)

    assert AnnualPlan.objects.count() == 2


@pytest.mark.parametrize("who", ["camat", "staff", "operator", "partner", "outsider"])
def test_only_the_section_edits_and_copies(world, who):
    plan = make_plan(world)

    with pytest.raises(PermissionDenied):
        services.copy_plan_to_year(plan=plan, actor=getattr(world, who))


def test_activity_months_must_be_months(world):
    plan = make_plan(world, activities=0)

    with pytest.raises(ValidationError) as error:
        services.save_activity(
            plan=plan,
            activity=None,
            values={"kind": "meeting", "name": "Rapat", "months": [13]},
            participants=None,
            actor=world.admin,
        )

    assert error.value.message_dict["months"] == [services.MESSAGE_BAD_MONTH]


def test_stale_indicator_edit_is_refused(world):
    from sitrantib.core.concurrency import StaleVersion

    plan = make_plan(world)
    indicator = plan.indicators.first()
    services.save_indicator(plan=plan, indicator=indicator, values={"target": 1}, actor=world.admin)

    with pytest.raises(StaleVersion):
        services.save_indicator(
            plan=plan,
            indicator=indicator,
            values={"target": 2},
            actor=world.admin,
            expected_version=1,
        )


def test_approved_indicator_without_target_is_a_finding(world):
    from sitrantib.core.dataquality import run_checks
    from sitrantib.core.scoping import scope_of

    plan = make_plan(world)
    services.save_indicator(
        plan=plan,
        indicator=None,
        values={"level": "outcome", "name": "Nilai IKM"},
        actor=world.admin,
    )
    services.approve_plan(plan=plan, actor=world.camat)

    findings = [
        f.message
        for f in run_checks(scope=scope_of(world.admin))
        if f.rule == "planning.approved_indicator_without_target"
    ]

    assert findings == ['Indikator "Nilai IKM" pada rencana 2026 belum bertarget.']
