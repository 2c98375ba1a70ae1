"""Forms of regions: the office letterhead and its signatories, each edited with its version."""

from sitrantib.core.concurrency import VersionedFormMixin
from sitrantib.core.forms import BaseModelForm
from sitrantib.regions.models import OfficeProfile, Signatory
from sitrantib.regions.services import OFFICE_FIELDS, SIGNATORY_FIELDS


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
