"""One line of the accessibility page list (`a11y.PAGES`) and the roles that open pages.

Kept apart from the package `a11y/` so that each module's list (`a11y_fieldwork.py`, …) can
build its lines without importing the whole check.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Roles: the attribute of `world` that logs in, or None for a visitor without an account.
ROLES: dict[str, str | None] = {
    "admin": "admin",  # trantib administrator of the kecamatan (Kasi Trantib)
    "staff": "staff",  # section staff
    "camat": "camat",
    "operator": "operator",  # operator of the desa `world.village`
    "partner": "partner",  # a Polsek user
    # administrators of wide scopes: they open only the pages that differ for them (the
    # summaries of many kecamatan or kabupaten and the forms that choose a region), not every
    # page the kecamatan's administrator opens
    "national": "national",  # national coverage: the summaries start with one row per kabupaten
    "regency": "regency_admin",  # regency coverage: one row per kecamatan of the kabupaten
    "anonymous": None,
}
ADMIN = ("admin",)
EVERYONE = ("admin", "staff", "camat", "operator", "partner")
WIDE = ("national", "regency")


@dataclass(frozen=True)
class Page:
    """One HTML page: URL name, roles that open it, and its URL arguments as scene paths.

    An argument's value is a dotted path into the scene ("member", "village.code"); it is
    resolved to the object's `pk` when the path ends on a model instance.
    `menu_open_on_phone` marks the few pages also checked with the phone menu unfolded.
    """

    name: str
    roles: tuple[str, ...]
    query: str = ""
    menu_open_on_phone: bool = False
    args: dict[str, str] = field(default_factory=dict)

    def __init__(
        self,
        name: str,
        roles: tuple[str, ...],
        *,
        query: str = "",
        menu_open_on_phone: bool = False,
        **args: str,
    ) -> None:
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "roles", roles)
        object.__setattr__(self, "query", query)
        object.__setattr__(self, "menu_open_on_phone", menu_open_on_phone)
        object.__setattr__(self, "args", args)

    def url(self, scene: Any) -> str:
        from django.urls import reverse

        kwargs = {key: resolve(scene, path) for key, path in self.args.items()}
        return reverse(self.name, kwargs=kwargs) + (f"?{self.query}" if self.query else "")


def resolve(scene: Any, path: str) -> Any:
    value = scene
    for part in path.split("."):
        value = getattr(value, part)
    return getattr(value, "pk", value) if hasattr(value, "_meta") else value
