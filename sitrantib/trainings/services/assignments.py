"""Assignment letters (surat tugas) of a session's instructor, numbered by the office's letter
numbering.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sitrantib.accounts.models import User
from sitrantib.core.audit import save_changes
from sitrantib.meetings.services import allocate_letter_number
from sitrantib.trainings.models import TrainingSession
from sitrantib.trainings.services.common import require_manager
from sitrantib.trainings.services.office import settings_for

ERR_NO_INSTRUCTOR = gettext_noop("Tetapkan instruktur sesi ini sebelum membuat surat tugas.")
ERR_ALREADY_ASSIGNED = gettext_noop("Surat tugas sesi ini sudah bernomor %(number)s.")


@transaction.atomic
def issue_assignment(
    *, session: TrainingSession, actor: User, letter_date: dt.date | None = None
) -> TrainingSession:
    """Give the instructor's assignment letter (surat tugas) of a session the office's next letter
    number (the meetings numbering, classification from TrainingSettings), once."""
    training = session.training
    require_manager(actor, training.district_id)
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    if session.instructor_id is None:
        raise ValidationError({"instructor": _(ERR_NO_INSTRUCTOR)})
    if session.assignment_number:
        raise ValidationError(_(ERR_ALREADY_ASSIGNED) % {"number": session.assignment_number})
    letter_date = letter_date or timezone.localdate()
    number = allocate_letter_number(
        district=training.district,
        classification=settings_for(training.district_id).assignment_classification,
        on=letter_date,
        actor=actor,
    )
    save_changes(
        session,
        {"assignment_number": number, "assignment_date": letter_date},
        actor=actor,
        lock=False,
    )
    return session
