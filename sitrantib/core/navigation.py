"""The main menu: the modules, then the administration entries the viewer's role may open.

A module whose pages are not built yet shows under "Segera hadir". Labels are short so that the
whole menu of the fullest role fits on one line of a 1366 px laptop screen; the full name of a
module is its `title` (a tooltip, and the name used in the guide).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


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
        try:
            return reverse(self.url_name)
        except NoReverseMatch:
            return None


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
    entries = []
    for entry in ADMIN_ENTRIES:
        if not entry.shown_to(scope):
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        entries.append((entry, url, _is_active(path, url)))
    return entries
