"""`{% home_figures %}`, `{% home_actions %}`, `{% home_panels %}`: what the apps registered for
the home page (core/homepanels.py)."""

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from sitrantib.core.homepanels import home_actions_for, home_figures_for, home_panels_for

register = template.Library()


@register.simple_tag(takes_context=True)
def home_figures(context: Any) -> SafeString:
    request = context.get("request")
    if request is None:
        return SafeString("")
    figures = home_figures_for(request)
    return render_to_string("core/includes/home_figures.html", {"figures": figures})


@register.simple_tag(takes_context=True)
def home_actions(context: Any) -> SafeString:
    request = context.get("request")
    if request is None:
        return SafeString("")
    actions = home_actions_for(request)
    return render_to_string("core/includes/home_actions.html", {"actions": actions})


@register.simple_tag(takes_context=True)
def home_panels(context: Any) -> SafeString:
    request = context.get("request")
    if request is None:
        return SafeString("")
    # Rendered without the request: the context processors (menu, letterhead) already ran for
    # the page, and a panel must not cost their queries again.
    parts = [
        render_to_string(name, dict(panel_context))
        for name, panel_context in home_panels_for(request)
    ]
    # Each part is a rendered template (safe); anything else would be escaped here.
    return format_html_join("", "{}", ((part,) for part in parts))
