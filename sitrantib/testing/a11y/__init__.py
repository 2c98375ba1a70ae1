"""The list of every HTML page the accessibility checks open, and the axe-core run itself.

`PAGES` has one line per page: the URL name, the roles that open it, and how its URL
arguments come from the test scene (`world` plus the objects `SCENE` builds). `EXCLUDED`
names every URL that serves no HTML page (a download, an action that only accepts POST,
a redirect, JSON) with its reason. `sitrantib/core/tests/test_accessibility.py` fails when a
URL name is in neither, so a new module cannot add a page without adding it here
(`pages.py`).

Adding a page of a new module (docs/dev/accessibility.md):

    Page("trainings:detail", ADMIN, pk="training"),          # pages.py; scene object "training"
    ...
    SCENE.append(("training", lambda s: make_training(s.world)))

axe-core is vendored in `sitrantib/testing/vendor/axe-core/` by `frontend/copy-assets.sh`
(docs/adr/0055): only the tests use it, it is never served.

The package, by concept:
    pages.py  the page list: PAGES, EXCLUDED, EXCLUDED_ROUTES
    urls.py   the URL configuration walked: url_names, unlisted_urls
    scene.py  the objects the pages show: SCENE, build_scene
    axe.py    the axe-core run: axe_violations, AXE_TAGS, DESKTOP, PHONE
A page line (`Page`, the role groups `ADMIN`, `EVERYONE`, `ROLES`) is
`sitrantib/testing/a11y_page.py`; the pages of some apps are in
`sitrantib/testing/a11y_<app>.py`.

This package re-exports the names the tests import (`from sitrantib.testing.a11y import PAGES,
ROLES, build_scene, axe_violations, ...`), so they keep importing from here.
"""

from __future__ import annotations

from sitrantib.testing.a11y.axe import AXE_PATH, AXE_TAGS, DESKTOP, PHONE, axe_violations
from sitrantib.testing.a11y.pages import EXCLUDED, EXCLUDED_ROUTES, PAGES
from sitrantib.testing.a11y.scene import SCENE, build_scene
from sitrantib.testing.a11y.urls import unlisted_urls, url_names
from sitrantib.testing.a11y_page import ADMIN, EVERYONE, ROLES, Page

__all__ = [
    "ADMIN",
    "AXE_PATH",
    "AXE_TAGS",
    "DESKTOP",
    "EVERYONE",
    "EXCLUDED",
    "EXCLUDED_ROUTES",
    "PAGES",
    "PHONE",
    "ROLES",
    "SCENE",
    "Page",
    "axe_violations",
    "build_scene",
    "unlisted_urls",
    "url_names",
]
