"""The one tab bar of a training's pages: `{% training_tabs training "scores" %}`.

Which tabs show depends on the viewer (participants for those who read them, the SPJ sheets for
those who may print them), so every page shows the same bar for the same person.
"""

from typing import Any

from django import template

from sitrantib.core.scoping import scope_of
from sitrantib.trainings.access import can_read_participants
from sitrantib.trainings.documents import reads_documents
from sitrantib.trainings.models import Training, TrainingSession

register = template.Library()


@register.inclusion_tag("trainings/_training_tabs.html", takes_context=True)
def training_tabs(context: dict[str, Any], training: Training, active: str) -> dict[str, Any]:
    scope = scope_of(context["request"].user)
    participants = can_read_participants(scope)
    # The pages that already hold the training's sessions lend them; the others ask for the first.
    session = context.get("session")
    if not isinstance(session, TrainingSession):
        sessions = context.get("sessions") or []
        first = next(iter(sessions), None)
        if isinstance(first, TrainingSession):
            session = first
        elif participants and "sessions" in context and not sessions:
            session = None
        elif participants:
            session = (
                TrainingSession.objects.filter(training=training)
                .order_by("date", "start_time", "pk")
                .only("pk")
                .first()
            )
        else:
            session = None
    return {
        "training": training,
        "active": active,
        "reads_participants": participants,
        "reads_documents": reads_documents(scope),
        "session": session,
    }
