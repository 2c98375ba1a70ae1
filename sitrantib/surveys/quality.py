"""Data-quality rules of the survey module (shown on /sistem/kualitas-data/)."""

from collections.abc import Iterable

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from sitrantib.core.dataquality import Finding, register
from sitrantib.core.enums import Severity
from sitrantib.core.formatting import format_date_id
from sitrantib.core.scoping import Scope, restrict
from sitrantib.surveys.enums import PeriodStatus
from sitrantib.surveys.models import SurveyPeriod


def _periods(scope: Scope) -> QuerySet[SurveyPeriod]:
    return restrict(
        SurveyPeriod.objects.order_by("pk"), scope, district_field="district", village_field=None
    )


@register("surveys.open_after_end")
def open_after_end(scope: Scope) -> Iterable[Finding]:
    """A period still open after its end date keeps taking answers it should not."""
    today = timezone.localdate()
    for period in _periods(scope).filter(status=PeriodStatus.OPEN, period_end__lt=today):
        yield Finding(
            severity=Severity.WARNING,
            object=f"survey_period:{period.pk}",
            field="status",
            message=_(
                'Survei "%(title)s" masih dibuka padahal periodenya berakhir %(end)s; tutup '
                "periodenya."
            )
            % {"title": period.title, "end": format_date_id(period.period_end)},
            district_code=period.district_id,
            url=period.get_absolute_url(),
        )


@register("surveys.published_without_follow_up")
def published_without_follow_up(scope: Scope) -> Iterable[Finding]:
    """The regulation asks for a follow-up plan with every published result."""
    for period in _periods(scope).filter(status=PeriodStatus.PUBLISHED, follow_up_plan=""):
        yield Finding(
            severity=Severity.WARNING,
            object=f"survey_period:{period.pk}",
            field="follow_up_plan",
            message=_(
                'Hasil survei "%(title)s" sudah dipublikasikan tetapi rencana tindak lanjutnya '
                "belum ditulis."
            )
            % {"title": period.title},
            district_code=period.district_id,
            url=period.get_absolute_url(),
        )
