"""Turning HTML templates into PDF files, and the letterhead and signature data they need.

Every URL in a document is resolved locally (static files, media): rendering must never wait on
a network that offices often do not have.
"""

import functools
import mimetypes
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from django.utils import translation

_BASE_URL = "file:///sitrantib/"


def _local_path(url: str) -> Path | None:
    """Map a static or media URL (absolute, relative or file://) to a file on this machine."""
    path = unquote(urlparse(url).path)
    for prefix in ("/sitrantib/", "/"):
        if path.startswith(prefix):
            path = path[len(prefix) :]
            break
    static_prefix = settings.STATIC_URL.lstrip("/")
    media_prefix = settings.MEDIA_URL.lstrip("/")
    if path.startswith(static_prefix):
        found = finders.find(path[len(static_prefix) :])
        return Path(found) if isinstance(found, str) else None
    if path.startswith(media_prefix):
        root = Path(settings.MEDIA_ROOT).resolve()
        candidate = (root / path[len(media_prefix) :]).resolve()
        if not candidate.is_relative_to(root):
            raise SuspiciousFileOperation(url)
        return candidate if candidate.is_file() else None
    return None


@functools.cache
def url_fetcher() -> Any:
    """A WeasyPrint URL fetcher serving only local static and media files and data: URIs.

    Any other URL stops the rendering with an error instead of waiting on the network.
    Built lazily so importing this module does not load WeasyPrint.
    """
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LocalURLFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = _local_path(url)
            if path is None:
                raise ValueError(f"Document asset not available offline: {url}")
            mime, _ = mimetypes.guess_type(path.name)
            return URLFetcherResponse(
                url,
                body=path.read_bytes(),
                headers={"Content-Type": mime or "application/octet-stream"},
            )

    return LocalURLFetcher(fail_on_errors=True)


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    """Render a template (extending documents/base.html) to PDF bytes, in Bahasa Indonesia."""
    from weasyprint import HTML

    # Official documents are in Bahasa Indonesia whatever language the requester reads.
    with translation.override("id"):
        html = render_to_string(template_name, context)
    rendered = HTML(string=html, base_url=_BASE_URL, url_fetcher=url_fetcher()).render()
    # The PDF's title (from <title>) is what a screen reader announces and a viewer shows: one
    # line, without the template's indentation. Its language comes from <html lang="id">.
    rendered.metadata.title = " ".join((rendered.metadata.title or "").split()) or None
    return rendered.write_pdf()
