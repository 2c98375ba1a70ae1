"""The API's filter of follow-ups: the ledger's filters (meetings/filters.py) plus the kecamatan.

`GET /api/v1/action-items/?kecamatan=35.08.07` lists the follow-ups of that kecamatan among those
the caller sees. As the field work's and LINMAS's region filters do, a kecamatan outside the
caller's scope (or one that does not exist) filters the scoped rows to an empty list - the answer
never tells an outside kecamatan from an unknown code; a code longer than a kecamatan code or
with a control character is refused (400, the message under `kecamatan`).
"""

import django_filters
from django.utils.translation import gettext_lazy as _

from sitrantib.meetings.filters import ActionItemFilter
from sitrantib.meetings.models import ActionItem

# A kecamatan code: "35.08.07".
DISTRICT_CODE_MAX = 8


class ActionItemApiFilter(ActionItemFilter):
    """`ActionItemFilter` and `kecamatan` (a kecamatan code, matched on the item's kecamatan)."""

    kecamatan = django_filters.CharFilter(
        field_name="district_id",
        max_length=DISTRICT_CODE_MAX,
        label=_("Kecamatan"),
        help_text=_("Kode kecamatan, misalnya 35.08.07."),
    )

    class Meta(ActionItemFilter.Meta):
        model = ActionItem
        fields = [*ActionItemFilter.Meta.fields, "kecamatan"]
