"""The modules in the main menu. A module whose pages are not built yet shows as "segera hadir"."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Module:
    key: str
    label: str | Promise
    url_name: str
    icon: str  # a short glyph shown beside the label

    def url(self) -> str | None:
        try:
            return reverse(self.url_name)
        except NoReverseMatch:
            return None


MODULES: tuple[Module, ...] = (
    Module("home", _("Beranda"), "regions:home", "⌂"),
    Module("linmas", _("LINMAS"), "linmas:home", "⛑"),
    Module("trainings", _("Pelatihan"), "trainings:home", "✎"),
    Module("fieldwork", _("Kegiatan Lapangan"), "fieldwork:home", "⚑"),
    Module("meetings", _("Rapat & Tindak Lanjut"), "meetings:home", "☷"),
    Module("surveys", _("Survei Kepuasan (IKM)"), "surveys:home", "☺"),
    Module("villagedocs", _("Dokumen Desa"), "villagedocs:home", "▤"),
    Module("planning", _("Rencana Kegiatan (KAK)"), "planning:home", "☰"),
    Module("budget", _("Anggaran"), "budget:home", "Rp"),
    Module("indicators", _("Indikator Kinerja"), "indicators:home", "▲"),
    Module("reports", _("Dokumen & Laporan"), "reports:home", "⎙"),
)


def menu(path: str = "") -> dict[str, list[tuple[Module, str | None, bool]]]:
    """Modules with pages ("ready") and those still to come ("upcoming").

    Each entry is (module, url, active); a module is active on its own pages and below them.
    """
    entries = []
    for module in MODULES:
        url = module.url()
        active = bool(url) and (path == url if url == "/" else path.startswith(url or "-"))
        entries.append((module, url, active))
    return {
        "ready": [e for e in entries if e[1]],
        "upcoming": [e for e in entries if not e[1]],
    }
