"""Status workflows: one declarative table per model and one function that applies a move.

An app declares its table once::

    MEMBER_WORKFLOW = Workflow(
        labels=MemberStatus,
        moves=(Move(MemberStatus.AKTIF, MemberStatus.NONAKTIF, needs_note=True), ...),
        note_field="status_reason",
        date_field="status_date",
    )

and its service calls `apply_transition(workflow=..., instance=..., target=..., actor=...)`, which
checks the move, who makes it and what it needs, then saves through `save_changes` (one audit
entry, action TRANSITION, with the note). Pages use `allowed_targets` / `target_choices` for the
form; the API uses `TransitionMixin` (`POST .../{id}/transition/` with `{"status", "note"}`).
"""

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy, gettext_noop
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from sitrantib.core.api import BoundedDateField, parse_if_match
from sitrantib.core.audit import copy_back, save_changes
from sitrantib.core.enums import AuditAction
from sitrantib.core.formatting import format_date_id
from sitrantib.core.text import CleanTextMixin

if TYPE_CHECKING:
    from sitrantib.accounts.models import User

MESSAGE_MOVE_NOT_ALLOWED = gettext_noop("Status tidak dapat diubah dari %(from)s ke %(to)s.")
MESSAGE_MOVER_NOT_ALLOWED = gettext_noop(
    "Perubahan dari %(from)s ke %(to)s hanya boleh dilakukan oleh %(who)s."
)
MESSAGE_NOT_A_MOVER = gettext_noop("Anda tidak berwenang mengubah status data ini.")
MESSAGE_NOTE_REQUIRED = gettext_noop("Alasan/catatan wajib diisi untuk perubahan ke %(to)s.")
MESSAGE_DATE_REQUIRED = gettext_noop("Tanggal wajib diisi untuk perubahan ke %(to)s.")
MESSAGE_DATE_FUTURE = gettext_noop("Tanggal perubahan status tidak boleh sesudah hari ini.")
MESSAGE_DATE_BEFORE_PREVIOUS = gettext_noop(
    "Tanggal perubahan status tidak boleh sebelum tanggal status sekarang (%(date)s)."
)
# Joins the names of the movers in MESSAGE_MOVER_NOT_ALLOWED ("admin atau pemilik").
MOVER_SEPARATOR = gettext_noop(" atau ")

NOTE_MAX_LENGTH = 500


@dataclass(frozen=True)
class Attempt:
    """One requested move, as the checks, effects and history hook see it."""

    source: str
    target: str
    actor: Any
    note: str = ""
    on_date: dt.date | None = None
    movers: frozenset[str] = frozenset()
    extra: Mapping[str, Any] = field(default_factory=dict)


# A check returns a message (refused, shown under the status) or None (allowed). It may also
# raise ValidationError itself to put its message under another field.
Check = Callable[[Any, Attempt], str | None]


@dataclass(frozen=True)
class Move:
    """One allowed move: from `source` to `target`, by whom, and what it needs.

    `movers` only matters when the workflow has a `mover_of`; then the actor must act in one of
    these capacities (e.g. {"admin", "owner"}).
    """

    source: str
    target: str
    movers: frozenset[str] = frozenset()
    needs_note: bool = False
    needs_date: bool = False
    check: Check | None = None


@dataclass(frozen=True)
class Workflow:
    """A model's status table and how a move is recorded on the record.

    - `labels`: the status enum (TextChoices) for the messages.
    - `field`: the status field.
    - `mover_of(user, instance)`: the capacities in which a user may move this record (empty:
      none, PermissionDenied). None: no mover check here (the service checked permission).
    - `mover_labels`: the capacities' enum (TextChoices) for "hanya boleh dilakukan oleh ...".
    - `note_field` / `date_field`: model fields that store the note / the date of the move. With a
      `date_field` the date defaults to today, may not be in the future and may not precede the
      current one.
    - `effects(instance, attempt)`: further field changes of a move (e.g. `closed_at=now`).
    - `history(instance, attempt)`: called after the save to write a history row.
    - `status_key` / `note_key` / `date_key`: the keys of the ValidationError dict (the form's
      field names).
    """

    moves: Sequence[Move]
    labels: type[models.TextChoices]
    field: str = "status"
    mover_of: Callable[[Any, Any], frozenset[str]] | None = None
    mover_labels: type[models.TextChoices] | None = None
    note_field: str | None = None
    date_field: str | None = None
    effects: Callable[[Any, Attempt], Mapping[str, Any]] | None = None
    history: Callable[[Any, Attempt], None] | None = None
    status_key: str = "status"
    note_key: str = "note"
    date_key: str = "on_date"

    def __post_init__(self) -> None:
        pairs = [(m.source, m.target) for m in self.moves]
        if len(pairs) != len(set(pairs)):
            raise ValueError("A workflow lists each (source, target) move once.")

    def move_for(self, source: str, target: str) -> Move | None:
        """The move from `source` to `target`, or None when the table has no such move."""
        for move in self.moves:
            if move.source == source and move.target == target:
                return move
        return None

    def movers_for(self, user: Any, instance: Any) -> frozenset[str] | None:
        """The user's capacities for this record; None when the workflow does not check them."""
        if self.mover_of is None:
            return None
        return frozenset(self.mover_of(user, instance))

    def allowed_targets(self, instance: Any, user: Any) -> list[str]:
        """The statuses `user` may move `instance` to, in table order (for a form's choices).

        Needs and checks are not evaluated here: the service says why a move is refused.
        """
        current = getattr(instance, self.field)
        movers = self.movers_for(user, instance)
        return [
            move.target
            for move in self.moves
            if move.source == current and (movers is None or move.movers & movers)
        ]

    def target_choices(self, instance: Any, user: Any) -> list[tuple[str, str]]:
        """`allowed_targets` as (value, label) choices."""
        return [(t, self.label(t)) for t in self.allowed_targets(instance, user)]

    def label(self, value: str) -> str:
        """The status label, or the raw value when it is not a status at all."""
        try:
            return str(self.labels(value).label)
        except ValueError:
            return str(value)

    def mover_label(self, value: str) -> str:
        if self.mover_labels is None:
            return value
        try:
            return str(self.mover_labels(value).label)
        except ValueError:
            return value


def _lock[M: models.Model](instance: M) -> M:
    return type(instance)._base_manager.select_for_update().get(pk=instance.pk)


def _check_move(workflow: Workflow, record: Any, attempt: Attempt) -> Move:
    labels = {"from": workflow.label(attempt.source), "to": workflow.label(attempt.target)}
    movers = workflow.movers_for(attempt.actor, record)
    if movers is not None and not movers:
        raise PermissionDenied(gettext(MESSAGE_NOT_A_MOVER))
    move = workflow.move_for(attempt.source, attempt.target)
    if move is None:
        raise ValidationError({workflow.status_key: [gettext(MESSAGE_MOVE_NOT_ALLOWED) % labels]})
    if movers is not None and not (move.movers & movers):
        who = gettext(MOVER_SEPARATOR).join(
            workflow.mover_label(m) for m in sorted(move.movers, key=str)
        )
        raise PermissionDenied(gettext(MESSAGE_MOVER_NOT_ALLOWED) % {**labels, "who": who})
    return move


def _check_needs(workflow: Workflow, record: Any, move: Move, attempt: Attempt) -> None:
    to = {"to": workflow.label(attempt.target)}
    errors: dict[str, list[str]] = {}
    if move.needs_note and not attempt.note:
        errors[workflow.note_key] = [gettext(MESSAGE_NOTE_REQUIRED) % to]
    if attempt.on_date is None:
        if move.needs_date:
            errors[workflow.date_key] = [gettext(MESSAGE_DATE_REQUIRED) % to]
    elif workflow.date_field:
        current = getattr(record, workflow.date_field)
        if attempt.on_date > timezone.localdate():
            errors[workflow.date_key] = [gettext(MESSAGE_DATE_FUTURE)]
        elif current is not None and attempt.on_date < current:
            errors[workflow.date_key] = [
                gettext(MESSAGE_DATE_BEFORE_PREVIOUS) % {"date": format_date_id(current)}
            ]
    if move.check is not None:
        try:
            message = move.check(record, attempt)
        except ValidationError as exc:
            for key, messages in exc.update_error_dict({}).items():
                for item in messages:
                    texts = item.messages if isinstance(item, ValidationError) else [str(item)]
                    errors.setdefault(key, []).extend(texts)
        else:
            if message:
                errors.setdefault(workflow.status_key, []).append(str(message))
    if errors:
        raise ValidationError(errors)


def apply_transition[M: models.Model](
    *,
    workflow: Workflow,
    instance: M,
    target: str,
    actor: "User",
    note: str = "",
    on_date: dt.date | None = None,
    extra: Mapping[str, Any] | None = None,
    expected_version: int | None = None,
) -> M:
    """Move `instance` to `target` along `workflow`; returns the saved, reloaded record.

    Locks the row, refuses a stale version (StaleVersion from `save_changes`), then checks in this
    order: the actor's capacity (PermissionDenied), that the move exists (ValidationError under
    `status_key`), the capacity the move needs (PermissionDenied), the note, the date and the
    move's check (ValidationError under `note_key`, `date_key`, `status_key`, all at once). Saves
    the status, the note/date fields, `effects` and `extra` through `save_changes` (one audit entry,
    action TRANSITION, with the note), then calls the `history` hook in the same transaction.
    The caller's instance is updated with the saved values.
    """
    with transaction.atomic():
        record = _lock(instance)
        # A stale form is refused before the rules run: the rules would judge a state the user
        # never saw. An empty change set only checks the version.
        if expected_version is not None:
            save_changes(record, {}, actor=actor, expected_version=expected_version, lock=False)
        note = (note or "").strip()
        if workflow.date_field and on_date is None:
            move = workflow.move_for(getattr(record, workflow.field), target)
            if move is None or not move.needs_date:
                on_date = timezone.localdate()
        attempt = Attempt(
            source=getattr(record, workflow.field),
            target=target,
            actor=actor,
            note=note,
            on_date=on_date,
            movers=workflow.movers_for(actor, record) or frozenset(),
            extra=dict(extra or {}),
        )
        move = _check_move(workflow, record, attempt)
        _check_needs(workflow, record, move, attempt)
        changes: dict[str, Any] = {workflow.field: target}
        if workflow.note_field:
            changes[workflow.note_field] = note
        if workflow.date_field:
            changes[workflow.date_field] = on_date
        if workflow.effects is not None:
            changes.update(workflow.effects(record, attempt))
        changes.update(attempt.extra)
        save_changes(
            record,
            changes,
            actor=actor,
            action=AuditAction.TRANSITION,
            note=note,
            lock=False,
        )
        if workflow.history is not None:
            workflow.history(record, attempt)
    copy_back(record, instance)
    return record


# API --------------------------------------------------------------------------------------------


class TransitionSerializer(CleanTextMixin, serializers.Serializer[Any]):
    """The body of `POST .../{id}/transition/`: the target status and an optional note/date."""

    status = serializers.CharField(label=gettext_lazy("status"), max_length=50)
    note = serializers.CharField(
        label=gettext_lazy("catatan"),
        required=False,
        allow_blank=True,
        default="",
        max_length=NOTE_MAX_LENGTH,
    )
    on_date = BoundedDateField(label=gettext_lazy("tanggal"), required=False, allow_null=True)


class TransitionMixin:
    """Adds `POST .../{id}/transition/` to a ModelViewSet.

    Set `workflow`; override `perform_transition` when the app's service does more than
    `apply_transition` (permission, history). Answers 200 with the object serialized by the
    viewset's own serializer; a refused move raises ValidationError / PermissionDenied, which the
    project's exception handler turns into 400 / 403 `{"detail", "errors"}`. An `If-Match` header
    is passed on as `expected_version` (412 when stale).
    """

    workflow: Workflow
    # The body of the request; an app may accept older field names by subclassing it (e.g. a
    # "reason" as well as "note"), as long as validated_data has "status", "note" and "on_date".
    transition_serializer_class: type[serializers.Serializer] = TransitionSerializer

    def perform_transition(
        self,
        instance: Any,
        *,
        target: str,
        note: str,
        on_date: dt.date | None,
        actor: Any,
        expected_version: int | None,
    ) -> Any:
        return apply_transition(
            workflow=self.workflow,
            instance=instance,
            target=target,
            actor=actor,
            note=note,
            on_date=on_date,
            expected_version=expected_version,
        )

    @extend_schema(request=TransitionSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        view: Any = self
        instance = view.get_object()
        body = self.transition_serializer_class(data=request.data)
        body.is_valid(raise_exception=True)
        instance = self.perform_transition(
            instance,
            target=body.validated_data["status"],
            note=body.validated_data.get("note") or "",
            on_date=body.validated_data.get("on_date"),
            actor=request.user,
            expected_version=parse_if_match(request),
        )
        view.versioned_object = instance  # VersionedMixin sends its new ETag
        return Response(view.get_serializer(instance).data)
