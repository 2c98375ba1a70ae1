"""Panels other apps add to the home page, without the home page's app importing them.

The home page (regions) sits below the domain apps in the layers. An app registers a panel from
its `AppConfig.ready()`::

    register_home_panel("planning.coming_month", template="planning/_home_panel.html",
                        context=coming_month_panel)

`context(request)` returns the panel's context, or None when the panel has nothing for this user
(it is then not rendered). The home template shows them with `{% load home_panels %}
{% home_panels %}`, in registration order.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest


@dataclass(frozen=True)
class HomePanel:
    name: str
    template: str
    context: Callable[[HttpRequest], Mapping[str, Any] | None]


_PANELS: dict[str, HomePanel] = {}


def register_home_panel(
    name: str, *, template: str, context: Callable[[HttpRequest], Mapping[str, Any] | None]
) -> None:
    """Add a panel to the home page (once per name)."""
    panel = HomePanel(name=name, template=template, context=context)
    existing = _PANELS.get(name)
    if existing is not None and existing != panel:
        raise ValueError(f"Home panel {name!r} is registered twice")
    _PANELS[name] = panel


def home_panels_for(request: HttpRequest) -> list[tuple[str, Mapping[str, Any]]]:
    """(template, context) of every panel that has something for this request."""
    shown = []
    for panel in _PANELS.values():
        context = panel.context(request)
        if context is not None:
            shown.append((panel.template, context))
    return shown
