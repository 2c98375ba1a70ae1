"""Forms of the meetings app, one module per concept (as the views are)."""

from sitrantib.meetings.forms.corrections import (
    ActionItemEditForm,
    DecisionEditForm,
    PersonEditForm,
)
from sitrantib.meetings.forms.institutions import (
    InstitutionForm,
    NumberingForm,
    PersonForm,
    SerialStartForm,
)
from sitrantib.meetings.forms.meetings import (
    AttendanceForm,
    DecisionForm,
    EvidenceForm,
    MeetingForm,
    MinutesForm,
    PeriodForm,
    TransitionForm,
)
from sitrantib.meetings.forms.widgets import (
    DateInput,
    DateTimeInput,
)

__all__ = [
    "ActionItemEditForm",
    "AttendanceForm",
    "DateInput",
    "DateTimeInput",
    "DecisionEditForm",
    "DecisionForm",
    "EvidenceForm",
    "InstitutionForm",
    "MeetingForm",
    "MinutesForm",
    "NumberingForm",
    "PeriodForm",
    "PersonEditForm",
    "PersonForm",
    "SerialStartForm",
    "TransitionForm",
]
