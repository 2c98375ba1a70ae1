"""The one tab bar of the field-work pages: `{% fieldwork_tabs request "visits" %}`.

Keys: home, situations, calendar, posts, task_forces, visits, incidents, reports. Which tabs show
depends on the viewer (fieldwork/access.py): the readers see every page of their desa or
kecamatan, a partner only the incidents handed over to it, and the citizen-report queue ("reports")
shows to those who moderate it. The same person sees the same bar on every page.
"""

from typing import Any

from django import template
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sitrantib.core.scoping import scope_of
from sitrantib.fieldwork import access

register = template.Library()

# (key, label, url name, who sees it)
TABS: tuple[tuple[str, Any, str, str], ...] = (
    ("home", _("Ringkasan"), "fieldwork:home", "incidents"),
    ("situations", _("Situasi desa"), "fieldwork:situations", "read"),
    ("calendar", _("Kalender lapangan"), "fieldwork:calendar", "read"),
    ("posts", _("Poskamling"), "fieldwork:post_list", "read"),
    ("task_forces", _("Satgas"), "fieldwork:task_force_list", "read"),
    ("visits", _("Kunjungan"), "fieldwork:visit_list", "read"),
    ("incidents", _("Kejadian"), "fieldwork:incident_list", "incidents"),
    ("reports", _("Pengaduan warga"), "fieldwork:report_queue", "manage"),
)
KEYS = frozenset(t[0] for t in TABS)


def tabs_for(request: HttpRequest, active: str) -> list[dict[str, Any]]:
    """The tabs this viewer may open, each {key, label, url, active}."""
    if active not in KEYS:
        raise template.TemplateSyntaxError(f"unknown fieldwork tab {active!r}")
    scope = scope_of(request.user)
    allowed = {
        "read": access.can_read(scope),
        "incidents": access.can_read_incidents(scope),
        "manage": access.can_manage_any(scope),
    }
    return [
        {"key": key, "label": label, "url": reverse(url_name), "active": key == active}
        for key, label, url_name, who in TABS
        if allowed[who]
    ]


@register.inclusion_tag("fieldwork/_tabs.html")
def fieldwork_tabs(request: HttpRequest, active: str) -> dict[str, Any]:
    return {"tabs": tabs_for(request, active)}
