"""The one tab bar of the indicator pages: `{% indicator_tabs "dashboard" %}`.

Keys: dashboard, camat, across, definitions, settings. The kecamatan and year the page shows
(`district`, `year` in its context) travel with every tab. "Antar kecamatan" shows to readers of
more than one kecamatan; "Pengaturan" to the kecamatan's administrator (indicators/access.py).
Also `{% grade_badge capaian %}`: the grade of a capaian in words, coloured by its class.
"""

from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sitrantib.core.scoping import scope_of
from sitrantib.indicators import access
from sitrantib.indicators.views.common import grade_of

register = template.Library()

# (key, label, url name, who sees it)
TABS: tuple[tuple[str, Any, str, str], ...] = (
    ("dashboard", _("Dasbor"), "indicators:dashboard", "read"),
    ("camat", _("Ringkasan Camat"), "indicators:camat", "read"),
    ("across", _("Antar kecamatan"), "indicators:across", "wide"),
    ("definitions", _("Definisi indikator"), "indicators:definition_list", "read"),
    ("settings", _("Pengaturan capaian"), "indicators:settings", "manage"),
)
KEYS = frozenset(t[0] for t in TABS)


def tabs_for(context: dict[str, Any], active: str) -> list[dict[str, Any]]:
    if active not in KEYS:
        raise template.TemplateSyntaxError(f"unknown indicator tab {active!r}")
    request = context["request"]
    scope = scope_of(request.user)
    district = context.get("district")
    code = getattr(district, "code", "")
    allowed = {
        "read": access.can_read(scope),
        "wide": access.reads_across(scope),
        "manage": bool(code) and access.can_manage(scope, code),
    }
    params: dict[str, Any] = {}
    if code:
        params["kecamatan"] = code
    if context.get("year"):
        params["year"] = context["year"]
    tabs = []
    for key, label, url_name, who in TABS:
        if not allowed[who]:
            continue
        shown = {k: v for k, v in params.items() if key != "settings" or k == "kecamatan"}
        if key == "across":
            shown = {k: v for k, v in params.items() if k == "year"}
        query = "?" + urlencode(shown) if shown else ""
        tabs.append(
            {"key": key, "label": label, "url": reverse(url_name) + query, "active": key == active}
        )
    return tabs


@register.inclusion_tag("indicators/_tabs.html", takes_context=True)
def indicator_tabs(context: dict[str, Any], active: str) -> dict[str, Any]:
    return {"tabs": tabs_for(context, active)}


@register.inclusion_tag("indicators/_grade.html")
def grade_badge(capaian: Decimal | None) -> dict[str, Any]:
    """The grade of a capaian in words (anything but a Decimal reads as "no capaian")."""
    found = capaian if isinstance(capaian, Decimal) else None
    return {"grade": grade_of(found), "capaian": found}
