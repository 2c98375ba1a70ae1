"""The audit entry of a download with respondents' data (issue 15 A9): who exported what, when."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sitrantib.accounts.models import User
from sitrantib.core.audit import record_change
from sitrantib.core.enums import AuditAction
from sitrantib.surveys.models import SurveyPeriod

AUDIT_EXPORT = AuditAction.EXPORT
MESSAGE_EXPORTED = gettext_noop("Diunduh: %(what)s")


def record_export(*, period: SurveyPeriod, what: str, actor: User) -> None:
    """One audit entry on the period: the user, the time and the file (e.g. "data-skm-x.xlsx")."""
    record_change(
        actor=actor,
        action=AUDIT_EXPORT,
        instance=period,
        note=_(MESSAGE_EXPORTED) % {"what": what},
    )
