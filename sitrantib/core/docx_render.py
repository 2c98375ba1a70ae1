"""The DOCX of a document template: the same rendered HTML as the PDF, written with python-docx.

`html_to_docx(html, image_loader)` walks the tree of `core.html_tree` and writes what an
official edits in Word: real headings (Heading 1-3), paragraphs, numbered and bulleted lists
(Word numbering, so a new item renumbers), tables with borders and merged cells, right-aligned
numbers, the letterhead at the top of the first page, the signature block right-aligned and kept
together, "Halaman X dari Y" in the footer (PAGE and NUMPAGES fields), the page size, orientation
and margins of the template's `@page` rule. The supported subset is documented at the top of
documents/base.html and in docs/dev/documents.md; anything else is kept as its text.
"""

import contextlib
import io
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from docx import Document as new_document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import _Cell

from sitrantib.core.html_tree import (
    BLOCK,
    HIDDEN,
    Element,
    Node,
    PageSetup,
    collapse,
    layout,
    length_cm,
    number_value,
    parse,
)

ImageLoader = Callable[[str], bytes | None]

FONT = "Times New Roman"
A4_CM = (21.0, 29.7)
SIGNATURE_WIDTH_CM = 7.5
HEADING_SIZES = {1: 13, 2: 12, 3: 11}
# List formats: (Word numFmt, level text with %N for the number).
_LIST_FORMATS = {
    "1": ("decimal", "%{n}."),
    "a": ("lowerLetter", "%{n}."),
    "A": ("upperLetter", "%{n}."),
    "i": ("lowerRoman", "%{n}."),
    "I": ("upperRoman", "%{n}."),
    "disc": ("bullet", "\u2022"),
    "dots": ("bullet", "\u00b7"),
    "dash": ("bullet", "-"),
}
_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}
_IMAGE_TYPES = (b"\x89PNG", b"\xff\xd8", b"GIF8", b"BM")


@dataclass
class _ListItem:
    num_id: int
    level: int
    numbered: bool = False


@dataclass(frozen=True)
class _Para:
    """Paragraph properties a block passes down to the paragraphs written inside it."""

    style: str | None = None
    align: Any = None
    indent_cm: float = 0.0
    keep: bool = False
    space_after_pt: float | None = None
    item: _ListItem | None = None
    list_level: int = -1
    in_cell: bool = False
    signature: bool = False


@dataclass(frozen=True)
class _Run:
    bold: bool = False
    italic: bool = False
    underline: bool = False
    size_pt: float | None = None
    caps: bool = False
    superscript: bool = False
    subscript: bool = False
    color: RGBColor | None = None


@dataclass
class _Flow:
    """Paragraphs written one after another into one container (the body or a table cell)."""

    container: Any
    spare: Any = None  # an empty paragraph to fill first (a new table cell has one)
    para: Any = None
    at_line_start: bool = True
    trailing_space: bool = False
    written: list[Any] = field(default_factory=list)


class _Writer:
    def __init__(self, page: PageSetup, image_loader: ImageLoader) -> None:
        self.doc = new_document()
        self.page = page
        self.image_loader = image_loader
        self.break_before = False
        self.draft_mark = ""
        self._abstract_ids = 100
        width, height = A4_CM
        if page.landscape:
            width, height = height, width
        top, right, bottom, left = page.margins_cm
        self.content_width_cm = width - left - right
        section = self.doc.sections[0]
        section.orientation = WD_ORIENT.LANDSCAPE if page.landscape else WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Cm(width), Cm(height)
        section.top_margin, section.right_margin = Cm(top), Cm(right)
        section.bottom_margin, section.left_margin = Cm(bottom), Cm(left)
        section.header_distance = section.footer_distance = Cm(min(1.0, bottom / 2))
        self._styles()

    # ------------------------------------------------------------------ document setup

    def _styles(self) -> None:
        styles = self.doc.styles
        normal = styles["Normal"]
        normal.font.name = FONT
        normal.font.size = Pt(11)
        normal.paragraph_format.space_after = Pt(4)
        normal.paragraph_format.line_spacing = 1.15
        _plain_fonts(normal.element)
        rpr = normal.element.get_or_add_rPr()
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), "id-ID")
        rpr.append(lang)
        for level, size in HEADING_SIZES.items():
            heading = styles[f"Heading {level}"]
            heading.font.name = FONT
            heading.font.size = Pt(size)
            heading.font.bold = True
            heading.font.italic = False
            heading.font.color.rgb = RGBColor(0, 0, 0)
            heading.paragraph_format.space_before = Pt(10 if level > 1 else 6)
            heading.paragraph_format.space_after = Pt(6)
            heading.paragraph_format.keep_with_next = True
            _plain_fonts(heading.element)
        title = styles["Heading 1"]
        title.font.all_caps = True
        title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        signature = styles.add_style("Signature", WD_STYLE_TYPE.PARAGRAPH)
        signature.base_style = normal
        signature.paragraph_format.space_after = Pt(0)
        signature.paragraph_format.keep_with_next = True
        signature.paragraph_format.keep_together = True

    def add_table(self, flow: _Flow, rows: int, columns: int) -> Any:
        """A table after what `flow` wrote so far; the flow goes on below it."""
        spare, flow.spare = flow.spare, None
        self.end(flow)
        if self.break_before:
            self.paragraph(flow, _Para())
            self.end(flow)
        if isinstance(flow.container, _Cell):
            table = flow.container.add_table(rows, columns)
            # Word wants a paragraph after a table in a cell: the next text goes there.
            flow.spare = flow.container.paragraphs[-1]
        else:
            table = flow.container.add_table(rows, columns)
        if spare is not None:
            spare._p.getparent().remove(spare._p)
        return table

    def footer(self) -> None:
        """ "Halaman X dari Y" at the bottom right of every page, as Word fields."""
        paragraph = self.doc.sections[0].footer.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        parts: list[tuple[str, str]] = [
            ("text", "Halaman "),
            ("field", "PAGE"),
            ("text", " dari "),
            ("field", "NUMPAGES"),
        ]
        for kind, value in parts:
            if kind == "text":
                self._footer_run(paragraph, value)
            else:
                _add_field(paragraph, value, self._footer_run)

    @staticmethod
    def _footer_run(paragraph: Any, text: str) -> Any:
        run = paragraph.add_run(text)
        run.font.size = Pt(8)
        run.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
        return run

    def header(self) -> None:
        if not self.draft_mark:
            return
        paragraph = self.doc.sections[0].header.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(self.draft_mark)
        run.bold = True
        run.font.size = Pt(9)
        run.font.color.rgb = RGBColor(0xB0, 0, 0)

    # ------------------------------------------------------------------ paragraphs and runs

    def paragraph(self, flow: _Flow, props: _Para) -> Any:
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
            _number(paragraph, props.item.num_id, props.item.level)
        elif props.list_level >= 0:
            fmt.left_indent = Cm(_list_indent_cm(props.list_level))
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

    def end(self, flow: _Flow) -> None:
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

    def text(self, value: str, flow: _Flow, props: _Para, run_props: _Run) -> None:
        text = collapse(value)
        if flow.at_line_start or flow.trailing_space:
            text = text.lstrip(" ")
        if not text:
            return
        paragraph = self.paragraph(flow, props)
        run = paragraph.add_run(text)
        _format_run(run, run_props)
        flow.at_line_start = False
        flow.trailing_space = text.endswith(" ")

    # ------------------------------------------------------------------ the tree

    def children(self, element: Element, flow: _Flow, props: _Para, run_props: _Run) -> None:
        for child in element.children:
            self.node(child, flow, props, run_props)

    def node(self, node: Node, flow: _Flow, props: _Para, run_props: _Run) -> None:
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

    def block(self, node: Element, flow: _Flow, props: _Para, run_props: _Run) -> None:
        tag = node.tag
        self.end(flow)
        if node.has_class("page-break"):
            self.break_before = True
            return
        if node.has_class("kop"):
            self.letterhead(node, flow, props)
            return
        if tag == "table":
            self.table(node, flow, props, run_props)
            return
        if tag in ("ul", "ol"):
            self.list(node, flow, props, run_props)
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
        if align in _ALIGN:
            props = replace(props, align=_ALIGN[align])
        elif node.has_class("num") or node.has_class("center") or node.has_class("right"):
            props = replace(
                props,
                align=WD_ALIGN_PARAGRAPH.CENTER if node.has_class("center") else _ALIGN["right"],
            )
        self.children(node, flow, props, run_props)
        self.end(flow)

    def _signature_props(self, props: _Para) -> _Para:
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

    # ------------------------------------------------------------------ letterhead

    def letterhead(self, node: Element, flow: _Flow, props: _Para) -> None:
        """The office's letterhead: emblem at the left, centred lines, a double rule below."""
        images = [element for element in node.iter() if element.tag == "img"]
        picture = self.image_loader(images[0].attrs.get("src", "")) if images else None
        if picture is not None and not picture.startswith(_IMAGE_TYPES):
            picture = None
        target = flow
        if picture is not None:
            table = self.add_table(flow, 1, 2)
            table.autofit = False
            emblem_cell, lines_cell = table.rows[0].cells
            _set_widths(table, [2.8, max(self.content_width_cm - 2.8, 4)])
            emblem_cell.paragraphs[0].add_run().add_picture(io.BytesIO(picture), height=Cm(2.2))
            target = _Flow(lines_cell, spare=lines_cell.paragraphs[0])
        sizes = {
            "gov": (13, True),
            "office": (15, True),
            "contact": (10, False),
            "town": (10, True),
        }
        line_props = replace(
            props, align=WD_ALIGN_PARAGRAPH.CENTER, space_after_pt=0, in_cell=picture is not None
        )
        for line in node.iter():
            kind = next((name for name in sizes if line.has_class(name)), None)
            if kind is None:
                continue
            size, bold = sizes[kind]
            self.text(line.text(), target, line_props, _Run(bold=bold, size_pt=size))
            self.end(target)
        rule = self.paragraph(flow, replace(props, space_after_pt=12))
        _bottom_border(rule)
        rule.paragraph_format.space_before = Pt(2)
        self.end(flow)

    # ------------------------------------------------------------------ images

    def image(self, node: Element, flow: _Flow, props: _Para) -> None:
        content = self.image_loader(node.attrs.get("src", ""))
        if content is None or not content.startswith(_IMAGE_TYPES):
            alt = node.attrs.get("alt", "").strip()
            if alt:
                self.text(f"[{alt}]", flow, props, _Run())
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

    # ------------------------------------------------------------------ lists

    def list(self, node: Element, flow: _Flow, props: _Para, run_props: _Run) -> None:
        level = props.list_level + 1
        if node.tag == "ul":
            kind = (
                "dots" if node.has_class("dots") else "dash" if node.has_class("dash") else "disc"
            )
        else:
            kind = node.attrs.get("type", "1")
            kind = kind if kind in _LIST_FORMATS else "1"
        try:
            start = int(node.attrs.get("start", "1"))
        except ValueError:
            start = 1
        suffix = ")" if node.tag == "ol" and node.has_class("paren") else "."
        num_id = self.new_numbering(kind, max(start, 0), suffix)
        base = replace(props, style=None, align=None, indent_cm=0.0, item=None, list_level=level)
        for child in node.children:
            if isinstance(child, Element) and child.tag == "li":
                item = _ListItem(num_id=num_id, level=level)
                self.end(flow)
                self.children(child, flow, replace(base, item=item), run_props)
                self.end(flow)
                if not item.numbered:  # an empty item still takes its number
                    self.paragraph(flow, replace(base, item=item))
                    self.end(flow)
            else:
                self.node(child, flow, base, run_props)

    def new_numbering(self, kind: str, start: int, suffix: str = ".") -> int:
        """A Word list definition of its own (so numbering restarts); its numId."""
        numbering = self.doc.part.numbering_part.element
        fmt, text = _LIST_FORMATS[kind]
        abstract_id = self._abstract_ids
        self._abstract_ids += 1
        levels = []
        for level in range(9):
            level_text = text.replace("{n}", str(level + 1))
            if fmt != "bullet":
                level_text = level_text[:-1] + suffix
            indent = round(_list_indent_cm(level) * 567)
            levels.append(
                f'<w:lvl w:ilvl="{level}"><w:start w:val="{start}"/>'
                f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="{level_text}"/>'
                '<w:lvlJc w:val="left"/>'
                f'<w:pPr><w:ind w:left="{indent}" w:hanging="{round(0.63 * 567)}"/></w:pPr>'
                f'<w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}"/></w:rPr></w:lvl>'
            )
        abstract = parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
            '<w:multiLevelType w:val="multilevel"/>' + "".join(levels) + "</w:abstractNum>"
        )
        nums = numbering.findall(qn("w:num"))
        if nums:
            nums[0].addprevious(abstract)
        else:
            numbering.append(abstract)
        num = numbering.add_num(abstract_id)
        return int(num.numId)

    # ------------------------------------------------------------------ tables

    def table(self, node: Element, flow: _Flow, props: _Para, run_props: _Run) -> None:
        grid = layout(node)
        if not grid.cells or not grid.columns:
            self.children(node, flow, props, run_props)
            self.end(flow)
            return
        for caption in node.children:
            if isinstance(caption, Element) and caption.tag == "caption":
                caption_props = replace(props, align=WD_ALIGN_PARAGRAPH.CENTER, keep=True)
                self.children(caption, flow, caption_props, replace(run_props, bold=True))
                self.end(flow)
        bordered = node.has_class("grid")
        table = self.add_table(flow, grid.rows, grid.columns)
        if bordered:
            table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER if bordered else WD_TABLE_ALIGNMENT.LEFT
        table.autofit = False
        available = self.content_width_cm
        if props.in_cell:
            available = max(available / 2, 4)
        _set_widths(table, _column_widths(grid, available))
        for index, row in enumerate(table.rows):
            tr_pr = row._tr.get_or_add_trPr()
            tr_pr.append(OxmlElement("w:cantSplit"))
            if index < grid.header_rows:
                tr_pr.append(OxmlElement("w:tblHeader"))
        # python-docx's table.cell() walks the whole table on every call (quadratic on a long
        # table): the cells are read once before the merges (which never overlap) and once after.
        cell_at = _cell_grid(table)
        for cell in grid.cells:
            if cell.rowspan > 1 or cell.colspan > 1:
                last = cell_at(cell.row + cell.rowspan - 1, cell.column + cell.colspan - 1)
                cell_at(cell.row, cell.column).merge(last)
        cell_at = _cell_grid(table)
        cell_run = replace(run_props, size_pt=10) if bordered else run_props
        for cell in grid.cells:
            target = cell_at(cell.row, cell.column)
            element = cell.element
            cell_props = _Para(in_cell=True, list_level=-1)
            if element.tag == "th":
                cell_props = replace(cell_props, align=WD_ALIGN_PARAGRAPH.CENTER)
                if bordered:
                    _shade(target, "EEEEEE")
            align = element.style("text-align")
            if align in _ALIGN:
                cell_props = replace(cell_props, align=_ALIGN[align])
            elif element.has_class("num") or number_value(element) is not None:
                cell_props = replace(cell_props, align=WD_ALIGN_PARAGRAPH.RIGHT)
            elif element.has_class("center"):
                cell_props = replace(cell_props, align=WD_ALIGN_PARAGRAPH.CENTER)
            cell_flow = _Flow(target, spare=target.paragraphs[0])
            self.node_children_in_cell(element, cell_flow, cell_props, cell_run)
        self.end(flow)

    def node_children_in_cell(
        self, element: Element, flow: _Flow, props: _Para, run_props: _Run
    ) -> None:
        if element.tag == "th":
            run_props = replace(run_props, bold=True)
        self.children(element, flow, props, run_props)
        self.end(flow)


def _cell_grid(table: Any) -> Callable[[int, int], Any]:
    """`table.cell(row, column)` from one reading of the table's cells."""
    cells = table._cells
    columns = table._column_count
    return lambda row, column: cells[column + row * columns]


def _list_indent_cm(level: int) -> float:
    return 0.63 * (level + 1)


def _plain_fonts(style_element: Any) -> None:
    """Drop theme font references so the style's own font applies."""
    rpr = style_element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attribute), FONT)


def _format_run(run: Any, props: _Run) -> None:
    if props.bold:
        run.bold = True
    if props.italic:
        run.italic = True
    if props.underline:
        run.underline = True
    if props.size_pt:
        run.font.size = Pt(props.size_pt)
    if props.caps:
        run.font.all_caps = True
    if props.superscript:
        run.font.superscript = True
    if props.subscript:
        run.font.subscript = True
    if props.color is not None:
        run.font.color.rgb = props.color


def _number(paragraph: Any, num_id: int, level: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    num_pr = ppr.get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = level
    num_pr.get_or_add_numId().val = num_id


def _add_field(paragraph: Any, instruction: str, new_run: Callable[[Any, str], Any]) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice update when they lay out pages."""
    begin = new_run(paragraph, "")
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), "begin")
    begin._r.append(char)
    code = new_run(paragraph, "")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    code._r.append(instr)
    separate = new_run(paragraph, "")
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), "separate")
    separate._r.append(char)
    new_run(paragraph, "1")
    end = new_run(paragraph, "")
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), "end")
    end._r.append(char)


_AFTER_BORDER = (
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)


def _bottom_border(paragraph: Any) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    borders = parse_xml(
        f"<w:pBdr {nsdecls('w')}>"
        '<w:bottom w:val="double" w:sz="6" w:space="1" w:color="000000"/></w:pBdr>'
    )
    # Schema order: the border comes before spacing, indentation and alignment.
    ppr.insert_element_before(borders, *_AFTER_BORDER)


def _shade(cell: Any, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    tc_pr.append(parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{fill}"/>'))


def _column_widths(grid: Any, available_cm: float) -> list[float]:
    """Widths from the template's `style="width: ..."` on single-column cells; the rest of the
    width shared by the other columns in proportion to their longest text."""
    explicit: dict[int, float] = {}
    weight = [3.0] * grid.columns
    for cell in grid.cells:
        if cell.colspan != 1:
            continue
        width = cell.element.style("width")
        if width.endswith("%"):
            with contextlib.suppress(ValueError):
                explicit[cell.column] = available_cm * float(width[:-1]) / 100
        else:
            length = length_cm(width)
            if length:
                explicit[cell.column] = max(explicit.get(cell.column, 0), length)
        text = cell.element.text()
        longest = max((len(line) for line in text.split("\n")), default=0)
        weight[cell.column] = max(weight[cell.column], min(longest, 40))
    fixed = sum(explicit.values())
    if fixed > available_cm:
        scale = available_cm / fixed
        explicit = {column: width * scale for column, width in explicit.items()}
        fixed = available_cm
    rest = [column for column in range(grid.columns) if column not in explicit]
    remaining = max(available_cm - fixed, 1.0 * len(rest))
    total_weight = sum(weight[column] for column in rest) or 1
    return [
        explicit[column] if column in explicit else remaining * weight[column] / total_weight
        for column in range(grid.columns)
    ]


def _set_widths(table: Any, widths_cm: list[float]) -> None:
    for column, width in zip(table.columns, widths_cm, strict=False):
        column.width = Cm(width)
    for tr in table._tbl.tr_lst:
        column = 0
        for tc in tr.tc_lst:
            span = tc.grid_span
            tc.width = Cm(sum(widths_cm[column : column + span]))
            column += span


def html_to_docx(html: str, image_loader: ImageLoader) -> bytes:
    """The DOCX of a rendered document template (see the module docstring)."""
    document = parse(html)
    writer = _Writer(document.page, image_loader)
    writer.doc.core_properties.title = document.title[:255]
    writer.doc.core_properties.language = "id-ID"
    flow = _Flow(writer.doc)
    writer.children(document.body, flow, _Para(), _Run())
    writer.end(flow)
    writer.header()
    writer.footer()
    output = io.BytesIO()
    writer.doc.save(output)
    return output.getvalue()
