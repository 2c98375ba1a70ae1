"""Links that leave the laptop: QR codes on cards and posters, links in reminders and the API.

A link printed on paper or sent to a phone must open on that phone, so it uses the public
address the office configured (`SITRANTIB_PUBLIC_URL`, e.g. `http://192.168.1.10:8000`), never
the address the page happened to be opened with on the laptop itself (`127.0.0.1`):

    url = public_url(request, reverse("linmas_public:verify", kwargs={"code": code}))

Without a public address, a page builds the link from its own request (right when the page was
opened from a phone or through the server's name); code without a request (reminders) gets the
path alone. `is_loopback(url)` tells a page that the link would only work on this machine, so it
can say so (the survey poster does). See docs/adr/0052-serving-the-office-network.md.
"""

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest


def public_base_url() -> str:
    """The configured public address without a trailing slash, or "" when none is set."""
    return str(getattr(settings, "SITRANTIB_PUBLIC_URL", "") or "").rstrip("/")


def public_url(request: HttpRequest | None, path: str) -> str:
    """The absolute address of `path` (a site path such as reverse() gives) for a phone.

    The public address when configured; else the address of the current request; else, without
    a request, the path alone (never a guessed host).
    """
    if not path.startswith("/"):
        path = f"/{path}"
    base = public_base_url()
    if base:
        return f"{base}{path}"
    if request is not None:
        return request.build_absolute_uri(path)
    return path


def is_loopback(url: str) -> bool:
    """True when the address only opens on the machine itself (127.x, ::1, localhost)."""
    host = (urlsplit(url).hostname or "").lower()
    if not host:
        return False
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
