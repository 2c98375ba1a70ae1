"""Survey data for the load run (`manage.py bench_survey_submissions`): one open period.

Kept apart from the test helpers, which production code never imports.
"""

import datetime as dt

from sitrantib.accounts.models import User
from sitrantib.core.enums import Role
from sitrantib.regions.benchdata import make_region_tree
from sitrantib.surveys.models import SurveyPeriod
from sitrantib.surveys.services import create_period, transition_period


def make_open_period() -> SurveyPeriod:
    """A period of kecamatan 99.01.01 (a code no real region has), open for submissions, made and
    opened by the kecamatan's Trantib administrator."""
    district = make_region_tree(district_code="99.01.01", villages=[("99.01.01.2001", "Uji")])
    admin, _ = User.objects.get_or_create(
        username="bench-survey",
        defaults={"role": Role.TRANTIB_ADMIN, "district": district, "is_active": True},
    )
    period = create_period(
        district=district,
        title="Uji beban",
        service_unit="Seksi Trantib",
        services="Uji beban",
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 12, 31),
        population=10000,
        actor=admin,
    )
    return transition_period(period=period, status="open", actor=admin)
