"""Forms of regions: the office letterhead, its signatories and desa statistics, each edited
with its version."""

from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from sitrantib.core.concurrency import VersionedFormMixin
from sitrantib.core.forms import BaseModelForm
from sitrantib.regions.models import (
    DistrictStatistic,
    OfficeProfile,
    Signatory,
    StatisticSource,
    VillageStatistic,
)
from sitrantib.regions.services import OFFICE_FIELDS, SIGNATORY_FIELDS
from sitrantib.regions.services.statistics import STATISTIC_FIELDS

# The years a printed statistic can be about.
MIN_YEAR = 1900
MAX_YEAR = 2100


class OfficeProfileForm(VersionedFormMixin, BaseModelForm):
    """The letterhead: carries the version it was opened with (a stale save is refused)."""

    class Meta:
        model = OfficeProfile
        fields = list(OFFICE_FIELDS)


class SignatoryForm(VersionedFormMixin, BaseModelForm):
    """Who signs for one position: carries the version it was opened with."""

    class Meta:
        model = Signatory
        fields = list(SIGNATORY_FIELDS)


class VillageStatisticForm(VersionedFormMixin, BaseModelForm):
    """The figures of one desa for one year and source, with the version it was opened with."""

    class Meta:
        model = VillageStatistic
        fields = list(STATISTIC_FIELDS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        source = self.fields["source"]
        assert isinstance(source, forms.ModelChoiceField)
        source.queryset = StatisticSource.objects.order_by("title")
        year = self.fields["year"]
        year.validators = [
            *year.validators,
            MinValueValidator(MIN_YEAR),
            MaxValueValidator(MAX_YEAR),
        ]
        year.widget.attrs.update(min=MIN_YEAR, max=MAX_YEAR)


class DistrictStatisticForm(VillageStatisticForm):
    """The totals a source prints for the whole kecamatan, with the version it was opened with."""

    class Meta:
        model = DistrictStatistic
        fields = list(STATISTIC_FIELDS)
