"""Data-quality rules for meetings and follow-ups.

A follow-up done without evidence is not "followed up" for the indicator; one due before its
meeting was held is almost certainly a typing error in the due date.
"""

from collections.abc import Iterator

from django.db.models import Exists, F, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sitrantib.core.dataquality import Finding, register
from sitrantib.core.enums import Severity
from sitrantib.core.formatting import format_date_id
from sitrantib.core.scoping import Scope
from sitrantib.meetings.enums import ActionStatus
from sitrantib.meetings.models import Evidence
from sitrantib.meetings.origins import origins_of
from sitrantib.meetings.selectors import action_items_in_scope

# Each finding names the meeting (or another origin), the owner and the item, and links to where
# it is put right.
MSG_DONE_WITHOUT_EVIDENCE = gettext_noop(
    'Rapat "%(meeting)s": tindak lanjut "%(item)s" milik %(owner)s berstatus selesai tetapi '
    "tanpa bukti, sehingga tidak dihitung sebagai ditindaklanjuti; lampirkan buktinya."
)
MSG_DONE_WITHOUT_EVIDENCE_ORIGIN = gettext_noop(
    '%(origin)s: tindak lanjut "%(item)s" milik %(owner)s berstatus selesai tetapi tanpa bukti; '
    "lampirkan buktinya."
)
MSG_DUE_BEFORE_MEETING = gettext_noop(
    'Rapat "%(meeting)s": batas waktu tindak lanjut "%(item)s" milik %(owner)s tercatat '
    "%(due)s, padahal rapatnya baru diadakan %(held)s."
)


@register("meetings.done_without_evidence")
def done_without_evidence(scope: Scope) -> Iterator[Finding]:
    items = (
        action_items_in_scope(scope=scope)
        .filter(status=ActionStatus.DONE)
        .exclude(Exists(Evidence.objects.filter(item_id=OuterRef("pk"))))
        .select_related("meeting", "owner_institution")
        .order_by("pk")
    )
    rows = list(items)
    # An item without a meeting (a field visit's) names its origin; it counts in no indicator.
    origins = origins_of([item for item in rows if item.meeting_id is None])
    for item in rows:
        names = {"item": str(item), "owner": item.owner_institution.name}
        if item.meeting is not None:
            message = _(MSG_DONE_WITHOUT_EVIDENCE) % {"meeting": item.meeting.title, **names}
        else:
            message = _(MSG_DONE_WITHOUT_EVIDENCE_ORIGIN) % {
                "origin": origins[item.pk].label,
                **names,
            }
        yield Finding(
            severity=Severity.ERROR,
            object=f"action_item:{item.pk}",
            field="status",
            message=message,
            district_code=item.district_id,
            url=reverse("meetings:action_item_detail", args=[item.pk]),
        )


@register("meetings.due_before_meeting")
def due_before_meeting(scope: Scope) -> Iterator[Finding]:
    items = (
        action_items_in_scope(scope=scope)
        .filter(due_date__lt=F("meeting__starts_at__date"))
        .select_related("meeting", "owner_institution")
        .order_by("pk")
    )
    for item in items:
        assert item.meeting is not None  # the filter joins the meeting
        yield Finding(
            severity=Severity.WARNING,
            object=f"action_item:{item.pk}",
            field="due_date",
            message=_(MSG_DUE_BEFORE_MEETING)
            % {
                "meeting": item.meeting.title,
                "item": str(item),
                "owner": item.owner_institution.name,
                "due": format_date_id(item.due_date),
                "held": format_date_id(item.meeting.starts_at),
            },
            district_code=item.district_id,
            url=reverse("meetings:action_item_edit", args=[item.pk]),
        )
