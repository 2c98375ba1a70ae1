"""What the home page shows, contributed by the apps without the home page importing them.

The home page answers "what needs me today". Apps contribute three kinds of things from a module
named `homepanels.py` (imported at start-up by core's AppConfig) or from their `AppConfig.ready()`:

- figures: one number each, with what it counts and the list behind it, already filtered::

      register_home_figures("meetings.section", figures=section_figures, order=10)

  `figures(request, scope)` returns `HomeFigure`s (or nothing): read stored figures or one
  aggregate query each, never rows per desa, so the page costs a bounded number of queries
  whatever the scope (docs/adr/0053-home-and-fixable-findings.md).
- next steps: links to what the user can do next (`register_home_actions`, `HomeAction`).
- panels: a template of their own (`register_home_panel`), e.g. planning's coming month.

`context(request)` of a panel returns its context, or None when it has nothing for this user (it
is then not rendered). The home template shows them with `{% load home_panels %}`:
`{% home_figures %}`, `{% home_actions %}` and `{% home_panels %}`, each in `order`, then
registration order.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sitrantib.core.dataquality import remember_counts, run_checks, stored_counts
from sitrantib.core.scoping import Scope, scope_of


@dataclass(frozen=True)
class HomePanel:
    name: str
    template: str
    context: Callable[[HttpRequest], Mapping[str, Any] | None]
    order: int = 100


@dataclass(frozen=True)
class HomeFigure:
    """One number on the home page: what it counts, and the (filtered) list behind it.

    `key` names it in the page (`id="figure-<key>"`); `value` is shown as given (a count, "72,5
    %", "B"); `tone` is "danger", "warning", "success" or "" for how urgent it is.
    """

    key: str
    label: str
    value: str
    url: str
    note: str = ""
    tone: str = ""


@dataclass(frozen=True)
class HomeAction:
    """A link to something the user can do next (add a member, complete an item)."""

    key: str
    label: str
    url: str


FiguresOf = Callable[[HttpRequest, Scope], Iterable[HomeFigure] | None]
ActionsOf = Callable[[HttpRequest, Scope], Iterable[HomeAction] | None]


@dataclass(frozen=True)
class _Source[T]:
    name: str
    provide: T
    order: int


_PANELS: dict[str, HomePanel] = {}
_FIGURES: dict[str, _Source[FiguresOf]] = {}
_ACTIONS: dict[str, _Source[ActionsOf]] = {}


def register_home_panel(
    name: str,
    *,
    template: str,
    context: Callable[[HttpRequest], Mapping[str, Any] | None],
    order: int = 100,
) -> None:
    """Add a panel to the home page (once per name)."""
    panel = HomePanel(name=name, template=template, context=context, order=order)
    existing = _PANELS.get(name)
    if existing is not None and existing != panel:
        raise ValueError(f"Home panel {name!r} is registered twice")
    _PANELS[name] = panel


def _register[T](registry: dict[str, _Source[T]], name: str, provide: T, order: int) -> None:
    source = _Source(name=name, provide=provide, order=order)
    existing = registry.get(name)
    if existing is not None and existing != source:
        raise ValueError(f"Home figures or actions {name!r} are registered twice")
    registry[name] = source


def register_home_figures(name: str, *, figures: FiguresOf, order: int = 100) -> None:
    """Add numbers to the home page (once per name)."""
    _register(_FIGURES, name, figures, order)


def register_home_actions(name: str, *, actions: ActionsOf, order: int = 100) -> None:
    """Add "what you can do next" links to the home page (once per name)."""
    _register(_ACTIONS, name, actions, order)


def _in_order[T](registry: dict[str, T]) -> list[T]:
    indexed = list(enumerate(registry.values()))
    indexed.sort(key=lambda pair: (getattr(pair[1], "order", 100), pair[0]))
    return [item for _index, item in indexed]


def home_figures_for(request: HttpRequest) -> list[HomeFigure]:
    """Every figure the apps have for this user, in order (none for an empty scope)."""
    scope = scope_of(request.user)
    if scope.is_empty:
        return []
    shown: list[HomeFigure] = []
    for source in _in_order(_FIGURES):
        shown.extend(source.provide(request, scope) or ())
    return shown


def home_actions_for(request: HttpRequest) -> list[HomeAction]:
    """Every next-step link the apps have for this user, in order."""
    scope = scope_of(request.user)
    if scope.is_empty:
        return []
    shown: list[HomeAction] = []
    for source in _in_order(_ACTIONS):
        shown.extend(source.provide(request, scope) or ())
    return shown


def home_panels_for(request: HttpRequest) -> list[tuple[str, Mapping[str, Any]]]:
    """(template, context) of every panel that has something for this request."""
    shown = []
    for panel in _in_order(_PANELS):
        context = panel.context(request)
        if context is not None:
            shown.append((panel.template, context))
    return shown


def _data_quality_figures(request: HttpRequest, scope: Scope) -> Iterable[HomeFigure]:
    """Administrators: the errors of the last data-quality run (ADR 0053). With no run stored,
    the home of one kecamatan runs the rules once and stores the counts (a fixed number of
    queries over a few hundred records); a wider scope shows "?" that opens the page."""
    if not scope.is_admin:
        return []
    stored = stored_counts(scope)
    if stored is None and not scope.national and len(scope.district_codes) == 1:
        remember_counts(scope, run_checks(scope=scope))
        stored = stored_counts(scope)
    url = f"{reverse('core:data_quality')}?severity=error"
    if stored is None:
        return [
            HomeFigure(
                key="data-errors",
                label=_("Galat kualitas data"),
                value="?",
                url=url,
                note=_("Buka untuk memeriksa"),
            )
        ]
    return [
        HomeFigure(
            key="data-errors",
            label=_("Galat kualitas data"),
            value=str(stored.errors),
            url=url,
            note=_("diperiksa %(time)s")
            % {"time": timezone.localtime(stored.computed_at).strftime("%d-%m %H.%M")},
            tone="danger" if stored.errors else "success",
        )
    ]


register_home_figures("core.data_quality", figures=_data_quality_figures, order=90)
