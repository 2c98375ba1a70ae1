"""The one tab bar of the village-document pages: `{% villagedocs_tabs request "late" district %}`.

Keys: home, late, obligations, types, generate, settings. Every reader (villagedocs/access.py)
sees the summary, the late desa and the obligations; the administrator also the document types,
making the year's obligations and the settings. A wide scope's chosen kecamatan (`district`)
travels in every link. The same person sees the same bar on every page.
"""

from typing import Any

from django import template
from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sitrantib.core.scoping import scope_of
from sitrantib.villagedocs import access

register = template.Library()

# (key, label, url name, who sees it)
TABS: tuple[tuple[str, Any, str, str], ...] = (
    ("home", _("Ringkasan"), "villagedocs:home", "read"),
    ("late", _("Desa terlambat"), "villagedocs:late", "read"),
    ("obligations", _("Kewajiban"), "villagedocs:obligation_list", "read"),
    ("types", pgettext_lazy("menu", "Jenis dokumen"), "villagedocs:type_list", "manage"),
    ("generate", _("Buat kewajiban"), "villagedocs:generate", "manage"),
    ("settings", _("Pengaturan"), "villagedocs:settings", "manage"),
)
KEYS = frozenset(t[0] for t in TABS)


def tabs_for(request: HttpRequest, active: str, district: Any = None) -> list[dict[str, Any]]:
    """The tabs this viewer may open, each {key, label, url, active}."""
    if active not in KEYS and active != "event":
        raise template.TemplateSyntaxError(f"unknown villagedocs tab {active!r}")
    scope = scope_of(request.user)
    allowed = {"read": access.can_read(scope), "manage": access.can_manage_any(scope)}
    wide = scope.national or len(scope.district_codes) > 1
    query = f"?{urlencode({'kecamatan': district.code})}" if wide and district else ""
    active = "generate" if active == "event" else active
    return [
        {
            "key": key,
            "label": label,
            "url": reverse(url_name) + query,
            "active": key == active,
        }
        for key, label, url_name, who in TABS
        if allowed[who]
    ]


@register.inclusion_tag("villagedocs/_tabs.html")
def villagedocs_tabs(request: HttpRequest, active: str, district: Any = None) -> dict[str, Any]:
    return {"tabs": tabs_for(request, active, district)}
