"""The walk of the tree: paragraphs and runs, headings, the signature block, images; lists,
tables and the letterhead are written by their own modules.
"""

import io
from dataclasses import replace
from typing import Any

from docx import Document as new_document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from sitrantib.core.docx_render.document import set_styles, setup_page, write_letterhead
from sitrantib.core.docx_render.lists import list_indent_cm, number, write_list
from sitrantib.core.docx_render.props import (
    ALIGN,
    IMAGE_TYPES,
    SIGNATURE_WIDTH_CM,
    Flow,
    ImageLoader,
    Para,
    Run,
    format_run,
)
from sitrantib.core.docx_render.tables import write_table
from sitrantib.core.html_tree import BLOCK, HIDDEN, Element, Node, PageSetup, collapse, length_cm


class Writer:
    def __init__(self, page: PageSetup, image_loader: ImageLoader) -> None:
        self.doc = new_document()
        self.page = page
        self.image_loader = image_loader
        self.break_before = False
        self.draft_mark = ""
        self.abstract_ids = 100
        self.content_width_cm = setup_page(self.doc, page)
        set_styles(self.doc)

    # ------------------------------------------------------------------ paragraphs and runs

    def paragraph(self, flow: Flow, props: Para) -> Any:
        if flow.para is not None:
            return flow.para
        if flow.spare is not None:
            paragraph, flow.spare = flow.spare, None
        else:
            paragraph = flow.container.add_paragraph()
        if props.style:
            paragraph.style = self.doc.styles[props.style]
        fmt = paragraph.paragraph_format
        if props.align is not None:
            paragraph.alignment = props.align
        if props.keep:
            fmt.keep_with_next = True
        if props.space_after_pt is not None:
            fmt.space_after = Pt(props.space_after_pt)
        if props.in_cell:
            fmt.space_after = Pt(props.space_after_pt or 0)
            fmt.line_spacing = 1.0
        if props.item is not None and not props.item.numbered:
            props.item.numbered = True
            number(paragraph, props.item.num_id, props.item.level)
        elif props.list_level >= 0:
            fmt.left_indent = Cm(list_indent_cm(props.list_level))
        elif props.indent_cm:
            fmt.left_indent = Cm(props.indent_cm)
        if self.break_before:
            fmt.page_break_before = True
            self.break_before = False
        flow.para = paragraph
        flow.at_line_start = True
        flow.trailing_space = False
        flow.written.append(paragraph)
        return paragraph

    def end(self, flow: Flow) -> None:
        """Close the open paragraph, without the trailing space HTML would not show."""
        if flow.para is not None:
            for run in reversed(flow.para.runs):
                if run.text:
                    if run.text != run.text.rstrip(" "):
                        run.text = run.text.rstrip(" ")
                    break
        flow.para = None
        flow.at_line_start = True
        flow.trailing_space = False

    def text(self, value: str, flow: Flow, props: Para, run_props: Run) -> None:
        text = collapse(value)
        if flow.at_line_start or flow.trailing_space:
            text = text.lstrip(" ")
        if not text:
            return
        paragraph = self.paragraph(flow, props)
        run = paragraph.add_run(text)
        format_run(run, run_props)
        flow.at_line_start = False
        flow.trailing_space = text.endswith(" ")

    # ------------------------------------------------------------------ the tree

    def children(self, element: Element, flow: Flow, props: Para, run_props: Run) -> None:
        for child in element.children:
            self.node(child, flow, props, run_props)

    def node(self, node: Node, flow: Flow, props: Para, run_props: Run) -> None:
        if isinstance(node, str):
            self.text(node, flow, props, run_props)
            return
        tag = node.tag
        if tag in HIDDEN or node.attrs.get("aria-hidden") == "true":
            return
        if node.has_class("draft-header"):
            self.draft_mark = node.text()
            return
        if tag == "br":
            paragraph = self.paragraph(flow, props)
            paragraph.add_run().add_break()
            flow.at_line_start = True
            flow.trailing_space = False
            return
        if tag == "img":
            self.image(node, flow, props)
            return
        if tag in ("b", "strong", "th"):
            run_props = replace(run_props, bold=True)
        if tag in ("i", "em", "cite", "var"):
            run_props = replace(run_props, italic=True)
        if tag in ("u", "ins"):
            run_props = replace(run_props, underline=True)
        if tag == "sup":
            run_props = replace(run_props, superscript=True)
        if tag == "sub":
            run_props = replace(run_props, subscript=True)
        if tag not in BLOCK:
            self.children(node, flow, props, run_props)
            return
        self.block(node, flow, props, run_props)

    def block(self, node: Element, flow: Flow, props: Para, run_props: Run) -> None:
        tag = node.tag
        self.end(flow)
        if node.has_class("page-break"):
            self.break_before = True
            return
        if node.has_class("kop"):
            write_letterhead(self, node, flow, props)
            return
        if tag == "table":
            write_table(self, node, flow, props, run_props)
            return
        if tag in ("ul", "ol"):
            write_list(self, node, flow, props, run_props)
            return
        props = replace(props, style="Signature" if props.signature else None)
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            level = min(int(tag[1]), 3)
            props = replace(props, style=f"Heading {level}", align=None)
            if level == 1:
                props = replace(props, align=WD_ALIGN_PARAGRAPH.CENTER)
        if node.has_class("sign-off"):
            props = replace(props, keep=True)
        if node.has_class("signature"):
            props = self._signature_props(props)
        if node.has_class("space"):
            paragraph = self.paragraph(flow, replace(props, space_after_pt=42))
            paragraph.paragraph_format.keep_with_next = True
            self.end(flow)
            return
        if node.has_class("name") and props.signature:
            run_props = replace(run_props, bold=True, underline=True)
        align = node.style("text-align")
        if align in ALIGN:
            props = replace(props, align=ALIGN[align])
        elif node.has_class("num") or node.has_class("center") or node.has_class("right"):
            props = replace(
                props,
                align=WD_ALIGN_PARAGRAPH.CENTER if node.has_class("center") else ALIGN["right"],
            )
        self.children(node, flow, props, run_props)
        self.end(flow)

    def _signature_props(self, props: Para) -> Para:
        """Centred lines; outside a table the block stands at the right margin, 7.5 cm wide."""
        indent = 0.0 if props.in_cell else max(self.content_width_cm - SIGNATURE_WIDTH_CM, 0)
        return replace(
            props,
            align=WD_ALIGN_PARAGRAPH.CENTER,
            indent_cm=indent,
            keep=True,
            style="Signature",
            signature=True,
        )

    def image(self, node: Element, flow: Flow, props: Para) -> None:
        content = self.image_loader(node.attrs.get("src", ""))
        if content is None or not content.startswith(IMAGE_TYPES):
            alt = node.attrs.get("alt", "").strip()
            if alt:
                self.text(f"[{alt}]", flow, props, Run())
            return
        height = length_cm(node.style("height")) or length_cm(node.attrs.get("height", "") + "px")
        width = length_cm(node.style("width"))
        paragraph = self.paragraph(flow, props)
        run = paragraph.add_run()
        try:
            if height:
                run.add_picture(io.BytesIO(content), height=Cm(min(height, 20)))
            else:
                run.add_picture(
                    io.BytesIO(content), width=Cm(min(width or 6, self.content_width_cm))
                )
        except Exception:  # an image python-docx cannot read: its alternative text instead
            alt = node.attrs.get("alt", "").strip()
            if alt:
                run.text = f"[{alt}]"
        flow.at_line_start = False
