"""The vocabulary of the access matrix (the package `access_matrix/`, docs/dev/access.md):
outcomes, viewer classes, rule shapes and URL targets, shared by each module's list of rules
(`access_fieldwork.py`, ...)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sitrantib.testing import a11y

OK = "200"
REDIRECT = "redirect"
DENY = "403"
HIDE = "404"
LOGIN = "login"
NOT_ALLOWED = "405"
ACCEPT = "accept"
BAD = "400"

# Viewer class -> the attribute of the scene that logs in (None: a visitor without an account).
VIEWERS: dict[str, str | None] = {
    "admin": "admin",  # Admin Seksi Trantib of the kecamatan
    "camat": "camat",
    "staff": "staff",  # Staf Kecamatan
    "operator": "operator",  # operator of the record's desa (world.village)
    "operator_other": "sibling_operator",  # operator of another desa of the kecamatan
    "partner": "partner",  # Polsek user: its institution is the one involved in the record
    "partner_other": "koramil_partner",  # Koramil user of the kecamatan: not involved
    "outsider": "outsider",  # Admin Seksi Trantib of another kecamatan
    "national": "national",  # Admin Seksi Trantib with national coverage
    "regency": "regency_admin",  # Admin Seksi Trantib with the kabupaten's coverage
    "superuser": "superuser",  # Django superuser without role: reaches nothing in the app
    "anonymous": None,
}

# Names that must never reach a viewer: FOREIGN is in every record of the other kecamatan (no
# viewer of world.district may read it), SIBLING_NAMES are members of the other desa (the
# operator of world.village may not read them: a11y's trainings enrol Wahyuni and Lestari there).
FOREIGN = "Asingjauh"
FOREIGN_Q = "Asing"  # the search term that would find them
SIBLING = "Tetanggadesa"
SIBLING_NAMES = (SIBLING, "Wahyuni", "Lestari")
# Viewer classes that may read the other kecamatan's records (or whose own kecamatan it is).
READS_FOREIGN = frozenset({"outsider", "national", "regency"})


def shape(default: str, **outcomes: str) -> dict[str, str]:
    """Every viewer class gets `default` except those named (anonymous gets LOGIN unless named)."""
    unknown = set(outcomes) - set(VIEWERS)
    if unknown:
        raise ValueError(f"unknown viewer classes {sorted(unknown)}")
    result = dict.fromkeys(VIEWERS, default)
    result["anonymous"] = LOGIN
    result.update(outcomes)
    return result


# ---------------------------------------------------------------------------------------------
# Where the URL arguments come from: a11y.PAGES gives them for every HTML page; the others here.


@dataclass(frozen=True)
class Target:
    """A URL name with its arguments (dotted paths into the scene) and query string."""

    name: str
    args: Mapping[str, str] = field(default_factory=dict)
    query: str = ""
    label: str = ""  # tells two targets of one URL name apart ("notulen", "q=Asing")

    def url(self, scene: Any) -> str:
        from django.urls import reverse

        kwargs = {key: resolve(scene, path) for key, path in self.args.items()}
        if self.name.endswith(":"):  # an unnamed route of a namespace: filled from its route
            route = dict(a11y.url_names())[self.name]
            path = "/" + _CONVERTER.sub(lambda m: str(kwargs[m.group(1)]), route)
        else:
            path = reverse(self.name, kwargs=kwargs)
        return path + (f"?{self.query}" if self.query else "")


_CONVERTER = re.compile(r"<(?:\w+:)?(\w+)>")


def resolve(scene: Any, path: str) -> Any:
    if path.startswith("="):  # a literal value
        return path[1:]
    value = scene
    for part in path.split("."):
        value = getattr(value, part)
    return getattr(value, "pk", value) if hasattr(value, "_meta") else value


def target(name: str, *, query: str = "", label: str = "", **args: str) -> Target:
    return Target(name, args, query, label)


@dataclass(frozen=True)
class Rule:
    """The declared answer of one URL name (or one of its VARIANTS, by `label`) to GET and, for
    a URL that accepts writes, to POST, for every viewer class."""

    name: str
    get: Mapping[str, str]
    post: Mapping[str, str] | None = None
    label: str = ""


def writes(read: Mapping[str, str]) -> dict[str, str]:
    """The POST shape of a form page: whoever opens the form (OK) may send it (ACCEPT)."""
    return {viewer: ACCEPT if outcome == OK else outcome for viewer, outcome in read.items()}
