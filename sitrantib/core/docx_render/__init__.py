"""The DOCX of a document template: the same rendered HTML as the PDF, written with python-docx.

`html_to_docx(html, image_loader)` walks the tree of `core.html_tree` and writes what an
official edits in Word: real headings (Heading 1-3), paragraphs, numbered and bulleted lists
(Word numbering, so a new item renumbers), tables with borders and merged cells, right-aligned
numbers, the letterhead at the top of the first page, the signature block right-aligned and kept
together, "Halaman X dari Y" in the footer (PAGE and NUMPAGES fields), the page size, orientation
and margins of the template's `@page` rule. The supported subset is documented at the top of
documents/base.html and in docs/dev/documents.md; anything else is kept as its text.

One module per concept: `document` (page, styles, header, footer, letterhead), `writer` (the walk:
paragraphs and runs, images), `lists` (Word numbering), `tables`; `props` holds what the walk
hands down. `html_to_docx`, the one entry point, is here.
"""

import io

from sitrantib.core.docx_render.document import write_footer, write_header
from sitrantib.core.docx_render.props import Flow, ImageLoader, Para, Run
from sitrantib.core.docx_render.writer import Writer
from sitrantib.core.html_tree import parse


def html_to_docx(html: str, image_loader: ImageLoader) -> bytes:
    """The DOCX of a rendered document template (see the module docstring)."""
    document = parse(html)
    writer = Writer(document.page, image_loader)
    writer.doc.core_properties.title = document.title[:255]
    writer.doc.core_properties.language = "id-ID"
    flow = Flow(writer.doc)
    writer.children(document.body, flow, Para(), Run())
    writer.end(flow)
    write_header(writer.doc, writer.draft_mark)
    write_footer(writer.doc)
    output = io.BytesIO()
    writer.doc.save(output)
    return output.getvalue()
