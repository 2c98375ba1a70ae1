"""The shared status workflow: the table, the service function and the API action."""

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from rest_framework import serializers, viewsets
from rest_framework.test import APIRequestFactory, force_authenticate

from sitrantib.core.api import VersionedMixin
from sitrantib.core.concurrency import StaleVersion
from sitrantib.core.enums import AuditAction
from sitrantib.core.models import AuditEntry
from sitrantib.core.workflow import (
    MESSAGE_DATE_BEFORE_PREVIOUS,
    MESSAGE_DATE_FUTURE,
    MESSAGE_MOVE_NOT_ALLOWED,
    MESSAGE_MOVER_NOT_ALLOWED,
    MESSAGE_NOT_A_MOVER,
    MESSAGE_NOTE_REQUIRED,
    Attempt,
    Move,
    TransitionMixin,
    Workflow,
    apply_transition,
)
from sitrantib.linmas.enums import MemberStatus
from sitrantib.linmas.models import Member
from sitrantib.meetings.enums import ActionStatus, Mover

S = MemberStatus


def _member(village: Any, **kw: Any) -> Member:
    fields: dict[str, Any] = {
        "nik": "3508071708900001",
        "name": "Budi Santoso",
        "sex": "L",
        "birth_place": "Lumajang",
        "birth_date": dt.date(1990, 8, 17),
        "address": "Jl. Raya Darungan 5",
        "rt": "001",
        "rw": "002",
        "phone": "081234567890",
        "education": "slta",
        "marital_status": "kawin",
        "occupation": "Petani",
        "position": "anggota",
        "verification_code": "kode-uji-123",
    }
    fields.update(kw)
    return Member.objects.create(village=village, **fields)


def _born_before(member: Any, attempt: Attempt) -> str | None:
    if attempt.on_date and member.birth_date and attempt.on_date < member.birth_date:
        return "Tanggal sebelum tanggal lahir."
    return None


# The LINMAS member table: every move needs a reason; the date is recorded on the member.
MEMBER_FLOW = Workflow(
    labels=MemberStatus,
    moves=(
        Move(S.AKTIF, S.NONAKTIF, needs_note=True, check=_born_before),
        Move(S.AKTIF, S.BERHENTI, needs_note=True, check=_born_before),
        Move(S.AKTIF, S.MENINGGAL, needs_note=True, check=_born_before),
        Move(S.NONAKTIF, S.AKTIF, needs_note=True, check=_born_before),
        Move(S.NONAKTIF, S.BERHENTI, needs_note=True, check=_born_before),
        Move(S.NONAKTIF, S.MENINGGAL, needs_note=True, check=_born_before),
        Move(S.BERHENTI, S.AKTIF, needs_note=True, check=_born_before),
    ),
    note_field="status_reason",
    date_field="status_date",
    note_key="reason",
)

A = ActionStatus
ADMIN = frozenset({Mover.ADMIN})
BOTH = frozenset({Mover.ADMIN, Mover.OWNER})

# The action-item table shape, keyed by who may move.
ITEM_FLOW = Workflow(
    labels=ActionStatus,
    mover_labels=Mover,
    mover_of=lambda user, item: user.capacities,
    moves=(
        Move(A.OPEN, A.IN_PROGRESS, movers=BOTH),
        Move(A.OPEN, A.CANCELLED, movers=ADMIN, needs_note=True),
        Move(A.IN_PROGRESS, A.DONE, movers=BOTH),
        Move(A.IN_PROGRESS, A.OPEN, movers=BOTH),
        Move(A.IN_PROGRESS, A.CANCELLED, movers=ADMIN, needs_note=True),
        Move(A.DONE, A.IN_PROGRESS, movers=ADMIN),
    ),
)


def test_move_for_finds_the_move_or_none() -> None:
    assert ITEM_FLOW.move_for(A.OPEN, A.CANCELLED) == ITEM_FLOW.moves[1]
    assert ITEM_FLOW.move_for(A.DONE, A.OPEN) is None


def test_allowed_targets_depend_on_the_movers_capacity() -> None:
    item = SimpleNamespace(status=A.IN_PROGRESS)
    owner = SimpleNamespace(capacities=frozenset({Mover.OWNER}))
    admin = SimpleNamespace(capacities=frozenset({Mover.ADMIN}))
    outsider = SimpleNamespace(capacities=frozenset())

    assert ITEM_FLOW.allowed_targets(item, owner) == [A.DONE, A.OPEN]
    assert ITEM_FLOW.allowed_targets(item, admin) == [A.DONE, A.OPEN, A.CANCELLED]
    assert ITEM_FLOW.allowed_targets(item, outsider) == []
    assert ITEM_FLOW.target_choices(item, owner) == [
        (A.DONE, A.DONE.label),
        (A.OPEN, A.OPEN.label),
    ]


def test_allowed_targets_without_movers_follow_the_table() -> None:
    member = SimpleNamespace(status=S.BERHENTI)

    assert MEMBER_FLOW.allowed_targets(member, None) == [S.AKTIF]


def test_workflow_refuses_a_move_listed_twice() -> None:
    with pytest.raises(ValueError, match="once"):
        Workflow(labels=MemberStatus, moves=(Move(S.AKTIF, S.NONAKTIF), Move(S.AKTIF, S.NONAKTIF)))


@pytest.mark.django_db
def test_apply_transition_saves_status_note_date_and_audits(world: Any) -> None:
    member = _member(world.village)
    day = timezone.localdate() - dt.timedelta(days=3)

    result = apply_transition(
        workflow=MEMBER_FLOW,
        instance=member,
        target=S.NONAKTIF,
        actor=world.operator,
        note="  pindah kerja  ",
        on_date=day,
    )

    member.refresh_from_db()
    assert (member.status, member.status_reason, member.status_date) == (
        S.NONAKTIF,
        "pindah kerja",
        day,
    )
    assert member.version == 2
    assert result.status == S.NONAKTIF
    entry = AuditEntry.objects.get(object_id=str(member.pk), action=AuditAction.TRANSITION)
    assert entry.note == "pindah kerja"
    assert (entry.before["status"], entry.after["status"]) == (S.AKTIF, S.NONAKTIF)


@pytest.mark.django_db
def test_apply_transition_defaults_the_date_to_today(world: Any) -> None:
    member = _member(world.village)

    apply_transition(
        workflow=MEMBER_FLOW, instance=member, target=S.BERHENTI, actor=world.operator, note="x"
    )

    assert member.status_date == timezone.localdate()
    assert member.status == S.BERHENTI


@pytest.mark.django_db
def test_apply_transition_refuses_a_move_not_in_the_table(world: Any) -> None:
    member = _member(world.village, status=S.MENINGGAL)

    with pytest.raises(ValidationError) as caught:
        apply_transition(
            workflow=MEMBER_FLOW, instance=member, target=S.AKTIF, actor=world.operator, note="x"
        )

    assert caught.value.message_dict == {
        "status": [MESSAGE_MOVE_NOT_ALLOWED % {"from": "Meninggal", "to": "Aktif"}]
    }
    member.refresh_from_db()
    assert (member.status, member.version) == (S.MENINGGAL, 1)
    assert not AuditEntry.objects.filter(action=AuditAction.TRANSITION).exists()


@pytest.mark.django_db
def test_apply_transition_reports_every_missing_need_at_once(world: Any) -> None:
    member = _member(world.village, status_date=timezone.localdate() - dt.timedelta(days=1))

    with pytest.raises(ValidationError) as caught:
        apply_transition(
            workflow=MEMBER_FLOW,
            instance=member,
            target=S.NONAKTIF,
            actor=world.operator,
            note="   ",
            on_date=timezone.localdate() + dt.timedelta(days=1),
        )

    assert caught.value.message_dict == {
        "reason": [MESSAGE_NOTE_REQUIRED % {"to": "Nonaktif"}],
        "on_date": [MESSAGE_DATE_FUTURE],
    }


@pytest.mark.django_db
def test_apply_transition_refuses_a_date_before_the_current_one(world: Any) -> None:
    member = _member(world.village, status_date=dt.date(2024, 5, 2))

    with pytest.raises(ValidationError) as caught:
        apply_transition(
            workflow=MEMBER_FLOW,
            instance=member,
            target=S.NONAKTIF,
            actor=world.operator,
            note="x",
            on_date=dt.date(2024, 5, 1),
        )

    assert caught.value.message_dict == {
        "on_date": [MESSAGE_DATE_BEFORE_PREVIOUS % {"date": "2 Mei 2024"}]
    }


@pytest.mark.django_db
def test_apply_transition_puts_the_check_message_under_status(world: Any) -> None:
    member = _member(world.village)

    with pytest.raises(ValidationError) as caught:
        apply_transition(
            workflow=MEMBER_FLOW,
            instance=member,
            target=S.NONAKTIF,
            actor=world.operator,
            note="x",
            on_date=dt.date(1980, 1, 1),
        )

    assert caught.value.message_dict == {"status": ["Tanggal sebelum tanggal lahir."]}


def _refuse_under_the_date(member: Any, attempt: Attempt) -> str | None:
    raise ValidationError({"on_date": ValidationError("Tanggal %(d)s ditolak.", params={"d": 1})})


@pytest.mark.django_db
def test_a_check_may_put_its_message_under_another_field_as_plain_text(world: Any) -> None:
    member = _member(world.village)
    flow = Workflow(
        labels=MemberStatus,
        moves=(Move(S.AKTIF, S.NONAKTIF, check=_refuse_under_the_date),),
    )

    with pytest.raises(ValidationError) as caught:
        apply_transition(workflow=flow, instance=member, target=S.NONAKTIF, actor=world.admin)

    assert caught.value.message_dict == {"on_date": ["Tanggal 1 ditolak."]}


@pytest.mark.django_db
def test_apply_transition_checks_the_movers_capacity(world: Any) -> None:
    member = _member(world.village)
    flow = Workflow(
        labels=MemberStatus,
        mover_labels=Mover,
        mover_of=lambda user, obj: frozenset({Mover.OWNER}) if user == world.operator else set(),
        moves=(Move(S.AKTIF, S.NONAKTIF, movers=ADMIN), Move(S.AKTIF, S.BERHENTI, movers=BOTH)),
    )

    with pytest.raises(PermissionDenied) as as_owner:
        apply_transition(workflow=flow, instance=member, target=S.NONAKTIF, actor=world.operator)
    with pytest.raises(PermissionDenied) as as_nobody:
        apply_transition(workflow=flow, instance=member, target=S.BERHENTI, actor=world.camat)
    apply_transition(workflow=flow, instance=member, target=S.BERHENTI, actor=world.operator)

    assert str(as_owner.value) == MESSAGE_MOVER_NOT_ALLOWED % {
        "from": "Aktif",
        "to": "Nonaktif",
        "who": "Admin Seksi Trantib",
    }
    assert str(as_nobody.value) == MESSAGE_NOT_A_MOVER
    assert member.status == S.BERHENTI


@pytest.mark.django_db
def test_apply_transition_applies_effects_extra_and_history(world: Any) -> None:
    member = _member(world.village)
    seen: list[tuple[str, str, str, Any]] = []
    flow = Workflow(
        labels=MemberStatus,
        moves=(Move(S.AKTIF, S.NONAKTIF),),
        effects=lambda obj, attempt: {"status_reason": f"{attempt.source}->{attempt.target}"},
        history=lambda obj, attempt: seen.append(
            (attempt.source, attempt.target, attempt.note, attempt.actor)
        ),
    )

    apply_transition(
        workflow=flow,
        instance=member,
        target=S.NONAKTIF,
        actor=world.operator,
        note="catatan",
        extra={"occupation": "Pedagang"},
    )

    member.refresh_from_db()
    assert (member.status_reason, member.occupation) == ("aktif->nonaktif", "Pedagang")
    assert seen == [(S.AKTIF, S.NONAKTIF, "catatan", world.operator)]


@pytest.mark.django_db
def test_apply_transition_with_a_stale_version_changes_nothing(world: Any) -> None:
    member = _member(world.village)
    Member.objects.filter(pk=member.pk).update(version=3)

    with pytest.raises(StaleVersion):
        apply_transition(
            workflow=MEMBER_FLOW,
            instance=member,
            target=S.NONAKTIF,
            actor=world.operator,
            note="x",
            expected_version=2,
        )

    member.refresh_from_db()
    assert (member.status, member.version) == (S.AKTIF, 3)


# API ---------------------------------------------------------------------------------------------


class _MemberSerializer(serializers.ModelSerializer[Member]):
    class Meta:
        model = Member
        fields = ["id", "status", "status_reason", "version"]


class _MemberViewSet(VersionedMixin, TransitionMixin, viewsets.ReadOnlyModelViewSet[Member]):
    queryset = Member.objects.order_by("pk")
    serializer_class = _MemberSerializer
    workflow = MEMBER_FLOW


def _post(user: Any, pk: int, data: dict[str, Any], headers: dict[str, str] | None = None) -> Any:
    request = APIRequestFactory().post(
        f"/uji/{pk}/transition/", data, format="json", headers=headers
    )
    force_authenticate(request, user=user)
    return _MemberViewSet.as_view({"post": "transition"})(request, pk=str(pk))


@pytest.mark.django_db
def test_api_transition_answers_200_with_the_object_and_its_etag(world: Any) -> None:
    member = _member(world.village)

    response = _post(world.operator, member.pk, {"status": S.NONAKTIF, "note": "sakit"})

    assert response.status_code == 200
    assert response.data == {
        "id": member.pk,
        "status": S.NONAKTIF,
        "status_reason": "sakit",
        "version": 2,
    }
    assert response["ETag"] == '"2"'


@pytest.mark.django_db
def test_api_transition_refused_answers_400_with_the_reason(world: Any) -> None:
    member = _member(world.village)

    response = _post(world.operator, member.pk, {"status": S.NONAKTIF})

    assert response.status_code == 400
    message = MESSAGE_NOTE_REQUIRED % {"to": "Nonaktif"}
    assert response.data == {"detail": message, "errors": {"reason": [message]}}


@pytest.mark.django_db
def test_api_transition_with_a_stale_if_match_answers_412(world: Any) -> None:
    member = _member(world.village)
    Member.objects.filter(pk=member.pk).update(version=2)

    response = _post(
        world.operator, member.pk, {"status": S.NONAKTIF, "note": "x"}, headers={"If-Match": '"1"'}
    )

    assert response.status_code == 412
    member.refresh_from_db()
    assert member.status == S.AKTIF


@pytest.mark.django_db
def test_api_transition_without_status_answers_400(world: Any) -> None:
    member = _member(world.village)

    response = _post(world.operator, member.pk, {"note": "x"})

    assert response.status_code == 400
    assert list(response.data["errors"]) == ["status"]
