"""Offline reporting from the field (docs/adr/0084): the outbox page, the service worker and the
web app manifest.

The service worker is served from /lapangan/sw.js, so its scope is /lapangan/ without a
Service-Worker-Allowed header. Its source is static/fieldwork/offline/sw.js; this view puts in
front of it the list of what it precaches — the two report forms, the outbox and their CSS/JS,
by their static URLs (hashed names in production) — and a version taken from that list and the
source, so a new deployment installs a new worker. The worker and the manifest hold no data and
need no login (a browser fetches the manifest without cookies, and an update check of the worker
after the session ended must not land on the login page).
"""

import hashlib
import json
from functools import cache
from pathlib import Path

from django.contrib.auth.decorators import login_not_required, login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from sitrantib.core.scoping import scope_of
from sitrantib.fieldwork import access

SOURCE = Path(__file__).resolve().parent.parent / "static" / "fieldwork" / "offline" / "sw.js"

# The files the report forms need, besides the pages themselves (templates/base.html and the
# form templates load these).
STATIC_FILES = (
    "vendor/bootstrap/bootstrap.min.css",
    "sitrantib/sitrantib.css",
    "sitrantib/favicon.svg",
    "sitrantib/favicon-32.png",
    "sitrantib/apple-touch-icon.png",
    "vendor/bootstrap/bootstrap.bundle.min.js",
    "vendor/htmx/htmx.min.js",
    "sitrantib/tables.js",
    "core/form-errors.js",
    "sitrantib/behaviours.js",
    "core/search-select.js",
    "fieldwork/offline/queue.js",
    "fieldwork/offline/field-form.js",
    "fieldwork/offline/offline.css",
)
PAGES = ("fieldwork:visit_create", "fieldwork:incident_create", "fieldwork:outbox")


@cache
def _source() -> str:
    return SOURCE.read_text(encoding="utf-8")


def precache_urls() -> tuple[list[str], list[str]]:
    """(pages, static files) the worker keeps for offline use."""
    return [reverse(name) for name in PAGES], [static(path) for path in STATIC_FILES]


@require_GET
@login_not_required
def service_worker(request: HttpRequest) -> HttpResponse:
    pages, files = precache_urls()
    source = _source()
    version = hashlib.sha256(json.dumps([pages, files, source]).encode("utf-8")).hexdigest()[:16]
    config = {
        "version": version,
        "pages": pages,
        "files": files,
        "scope": reverse("fieldwork:home"),
    }
    body = f"self.SITRANTIB_OFFLINE = {json.dumps(config)};\n{source}"
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@login_not_required
def manifest(request: HttpRequest) -> JsonResponse:
    """The installable web app: opens the visit report form, standalone, with the site icons."""
    data = {
        "name": _("SiTrantib Lapangan"),
        "short_name": _("Lapangan"),
        "description": _("Laporan kunjungan dan kejadian dari lapangan, juga tanpa sinyal."),
        "lang": request.LANGUAGE_CODE if hasattr(request, "LANGUAGE_CODE") else "id",
        "start_url": reverse("fieldwork:visit_create"),
        "scope": reverse("fieldwork:home"),
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#1d3557",
        "icons": [
            {"src": static("sitrantib/favicon.svg"), "sizes": "any", "type": "image/svg+xml"},
            {
                "src": static("sitrantib/apple-touch-icon.png"),
                "sizes": "180x180",
                "type": "image/png",
            },
            {"src": static("sitrantib/favicon-32.png"), "sizes": "32x32", "type": "image/png"},
        ],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response


@require_GET
@login_required
def outbox(request: HttpRequest) -> HttpResponse:
    """Reports kept on this device: waiting to be sent, or refused with the server's reasons.
    The list lives in the browser (IndexedDB); offline/outbox.js draws it."""
    can_write = access.can_write_any(scope_of(request.user))
    return render(request, "fieldwork/field/outbox.html", {"can_write": can_write})
