"""The main menu: the modules, then the administration entries the viewer's role may open.

A module whose pages are not built yet shows under "Segera hadir". Labels are short so that the
whole menu of the fullest role fits on one line of a 1366 px laptop screen; the full name of a
module is its `title` (a tooltip, and the name used in the guide).

Every page shows the menu, so it is built cheaply (docs/adr/0107): the modules' and entries'
addresses are reversed once per process (`_addresses`), and the rendered menu bar
(`menu_bar_html`) is kept per language, script prefix, the administration entries the viewer's
scope shows and the entries the current path makes active: the only things it depends on. It
holds nothing of one user (the user menu and the forms stay in base.html), so a viewer can only
ever get the menu their own role and path give.
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Module:
    key: str
    label: str | Promise
    url_name: str
    icon: str  # a short glyph shown beside the label
    title: str | Promise = ""  # the full name, when the label is a short form
    group: str = ""  # a key of GROUPS: shown in that dropdown of the menu bar

    def __post_init__(self) -> None:
        if not self.title:
            object.__setattr__(self, "title", self.label)

    def url(self) -> str | None:
        return _addresses(get_script_prefix(), get_urlconf()).get(self.url_name)


MODULES: tuple[Module, ...] = (
    Module("home", _("Beranda"), "regions:home", "⌂"),
    Module("linmas", _("Anggota LINMAS"), "linmas:home", "⛑", group="linmas"),
    Module("trainings", _("Pelatihan"), "trainings:home", "✎", group="linmas"),
    Module("fieldwork", _("Kegiatan Lapangan"), "fieldwork:home", "⚑", group="village"),
    Module("meetings", _("Rapat"), "meetings:home", "☷", _("Rapat & Tindak Lanjut")),
    Module("surveys", _("IKM"), "surveys:home", "☺", _("Survei Kepuasan (IKM)")),
    Module("villagedocs", _("Dokumen Desa"), "villagedocs:home", "▤", group="village"),
    Module("planning", _("Rencana Kegiatan (KAK)"), "planning:home", "☰", group="planning"),
    Module("budget", _("Anggaran"), "budget:home", "Rp", group="planning"),
    Module("indicators", _("Indikator Kinerja"), "indicators:dashboard", "▲", group="planning"),
    Module("reports", _("Dokumen & Laporan"), "reports:home", "⎙", group="planning"),
    # Every official document issued, kept byte for byte (core.archive, ADR 0100).
    Module("archive", _("Arsip Dokumen"), "core:archive_list", "▣", group="planning"),
)

# Modules that share one dropdown of the menu bar, so the bar stays on one line at 1366 px.
# The register and its training share one dropdown; so do the work in the desa (field work and
# village documents), and the plan, its money, the indicators it is judged by (SAKIP) and the
# official documents made from them (KAK, PK, LKjIP, monthly reports).
GROUPS: dict[str, str | Promise] = {
    "linmas": _("LINMAS"),
    "village": pgettext_lazy("menu", "Desa"),
    "planning": _("Rencana & Kinerja"),
}


@dataclass(frozen=True)
class MenuEntry:
    """One entry of the menu bar: a module's link, or a dropdown of several modules."""

    key: str
    label: str | Promise
    title: str | Promise
    url: str | None
    active: bool
    children: tuple["MenuEntry", ...] = ()


@dataclass(frozen=True)
class AdminEntry:
    """An entry of the "Administrasi" menu, shown to the viewers `shown_to(scope)` accepts."""

    key: str
    label: str | Promise
    url_name: str
    shown_to: Callable[[Any], bool]


def _admin(scope: Any) -> bool:
    return bool(scope.is_admin)


def _audit_reader(scope: Any) -> bool:
    return bool(scope.reads_audit)


ADMIN_ENTRIES: tuple[AdminEntry, ...] = (
    AdminEntry("data_quality", _("Kualitas Data"), "core:data_quality", _admin),
    AdminEntry("office", _("Profil Kantor"), "regions:office_edit", _admin),
    AdminEntry("users", _("Pengguna"), "accounts:user_list", _admin),
    AdminEntry("audit", _("Log Audit"), "core:audit_log", _audit_reader),
)


@functools.lru_cache(maxsize=16)
def _addresses(_prefix: str, _urlconf: Any) -> dict[str, str | None]:
    """The address of every module and administration entry (None: no such page yet), reversed
    once per script prefix and URL configuration instead of on every page."""
    found: dict[str, str | None] = {}
    for name in [m.url_name for m in MODULES] + [e.url_name for e in ADMIN_ENTRIES]:
        try:
            found[name] = reverse(name)
        except NoReverseMatch:
            found[name] = None
    return found


def _is_active(path: str, url: str | None) -> bool:
    return bool(url) and (path == url if url == "/" else path.startswith(url or "-"))


def menu(path: str = "") -> dict[str, list[Any]]:
    """Modules with pages ("ready"), those still to come ("upcoming"), and the menu bar ("bar").

    Each ready/upcoming entry is (module, url, active); a module is active on its own pages and
    below them. The bar lists MenuEntry items in module order: a group of two or more ready
    modules becomes one dropdown where its first module stands.
    """
    entries = []
    for module in MODULES:
        url = module.url()
        entries.append((module, url, _is_active(path, url)))
    ready = [e for e in entries if e[1]]
    return {"ready": ready, "upcoming": [e for e in entries if not e[1]], "bar": _bar(ready)}


def _bar(ready: list[tuple[Module, str | None, bool]]) -> list[MenuEntry]:
    members: dict[str, list[MenuEntry]] = {}
    for module, url, active in ready:
        if module.group:
            link = MenuEntry(module.key, module.label, module.title, url, active)
            members.setdefault(module.group, []).append(link)
    bar: list[MenuEntry] = []
    placed: set[str] = set()
    for module, url, active in ready:
        group = members.get(module.group, [])
        if len(group) < 2:
            bar.append(MenuEntry(module.key, module.label, module.title, url, active))
        elif module.group not in placed:
            placed.add(module.group)
            label = GROUPS[module.group]
            bar.append(
                MenuEntry(
                    module.group, label, label, None, any(c.active for c in group), tuple(group)
                )
            )
    return bar


def admin_menu(scope: Any, path: str = "") -> list[tuple[AdminEntry, str, bool]]:
    """The administration entries this viewer may open: (entry, url, active)."""
    addresses = _addresses(get_script_prefix(), get_urlconf())
    entries = []
    for entry in ADMIN_ENTRIES:
        url = addresses.get(entry.url_name)
        if url is None or not entry.shown_to(scope):
            continue
        entries.append((entry, url, _is_active(path, url)))
    return entries


# (language, script prefix, urlconf, shown admin entries, active modules, active admin entries)
# -> the rendered menu bar. Bounded: the keys are few (two languages, a handful of entry sets,
# one active module or entry at a time), the bound only guards against the unexpected.
_BARS: dict[tuple[Any, ...], SafeString] = {}
_BARS_MAX = 512


def menu_bar_html(scope: Any, path: str) -> SafeString:
    """The menu bar (templates/includes/menu_bar.html) for a viewer of `scope` on `path`:
    rendered once per key (see the module docstring), then read."""
    main = menu(path)
    administration = admin_menu(scope, path)
    key = (
        get_language(),
        get_script_prefix(),
        get_urlconf(),
        tuple(entry.key for entry, _url, _active in administration),
        tuple(module.key for module, _url, active in main["ready"] if active),
        tuple(entry.key for entry, _url, active in administration if active),
    )
    html = _BARS.get(key)
    if html is None:
        html = mark_safe(  # noqa: S308  # nosec B308, B703  # rendered by a template, escaped there
            render_to_string(
                "includes/menu_bar.html",
                {
                    "main_menu": main,
                    "admin_menu": administration,
                    "admin_menu_active": any(active for _e, _u, active in administration),
                },
            )
        )
        if len(_BARS) >= _BARS_MAX:
            _BARS.clear()
        _BARS[key] = html
    return html


def forget_menu_bars() -> None:
    """Drop the kept menu bars (tests; a deployment never needs it: the menu changes only with
    the code, which restarts the processes)."""
    _BARS.clear()
    _addresses.cache_clear()
