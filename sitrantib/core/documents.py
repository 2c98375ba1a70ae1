"""One rendering layer for every official document: one HTML template, three formats.

A document template extends documents/base.html (the letterhead from the office data, the
signature block, A4 page setup; its conventions are written at its top and in
docs/dev/documents.md). `render_pdf` lays it out with WeasyPrint; `render_docx` and
`render_xlsx` convert the same rendered HTML with the standard library's html.parser
(`core.docx_render`, `core.xlsx_render`); `render_document(template, context, fmt)` picks one.
Official documents always render in Bahasa Indonesia, whatever language the requester reads.

Every URL in a document is resolved locally (static files, media): rendering must never wait on
a network that offices often do not have.
"""

import base64
import binascii
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


FORMATS = ("pdf", "docx", "xlsx")


def render_html(template_name: str, context: dict[str, Any]) -> str:
    """The HTML of a document template, rendered in Bahasa Indonesia."""
    # Official documents are in Bahasa Indonesia whatever language the requester reads.
    with translation.override("id"):
        return render_to_string(template_name, context)


def load_image(url: str) -> bytes | None:
    """The bytes of an image a document shows (a local static or media file, a data: URI);
    None for anything else, so a DOCX never waits on the network either."""
    if url.startswith("data:"):
        header, _, data = url.partition(",")
        if not header.endswith(";base64"):
            return None
        try:
            return base64.b64decode(data, validate=False)
        except (binascii.Error, ValueError):
            return None
    try:
        path = _local_path(url)
    except SuspiciousFileOperation:
        return None
    return path.read_bytes() if path is not None else None


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    """Render a template (extending documents/base.html) to PDF bytes, in Bahasa Indonesia."""
    from weasyprint import HTML

    html = render_html(template_name, context)
    rendered = HTML(string=html, base_url=_BASE_URL, url_fetcher=url_fetcher()).render()
    # The PDF's title (from <title>) is what a screen reader announces and a viewer shows: one
    # line, without the template's indentation. Its language comes from <html lang="id">.
    rendered.metadata.title = " ".join((rendered.metadata.title or "").split()) or None
    return rendered.write_pdf()


def render_docx(template_name: str, context: dict[str, Any]) -> bytes:
    """The same template as an editable Word document (DOCX bytes), in Bahasa Indonesia."""
    from sitrantib.core.docx_render import html_to_docx

    return html_to_docx(render_html(template_name, context), load_image)


def render_xlsx(template_name: str, context: dict[str, Any]) -> bytes:
    """The template's tables marked `data-sheet` as a workbook (XLSX bytes), one sheet each."""
    from sitrantib.core.xlsx_render import html_to_xlsx

    return html_to_xlsx(render_html(template_name, context))


def render_document(template_name: str, context: dict[str, Any], fmt: str) -> bytes:
    """`template_name` rendered as "pdf", "docx" or "xlsx"; ValueError for another format."""
    renderers = {"pdf": render_pdf, "docx": render_docx, "xlsx": render_xlsx}
    try:
        renderer = renderers[fmt]
    except KeyError:
        raise ValueError(f"Unknown document format {fmt!r}") from None
    return renderer(template_name, context)
