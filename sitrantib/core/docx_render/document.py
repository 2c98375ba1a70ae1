"""Document and section setup: page size and margins, the styles (Normal, Heading 1-3,
Signature), the draft mark in the header, "Halaman X dari Y" in the footer, the letterhead.
"""

import io
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor

from sitrantib.core.docx_render.props import (
    A4_CM,
    FONT,
    HEADING_SIZES,
    IMAGE_TYPES,
    Flow,
    Para,
    Run,
)
from sitrantib.core.docx_render.tables import add_table, set_widths
from sitrantib.core.html_tree import Element, PageSetup

if TYPE_CHECKING:
    from sitrantib.core.docx_render.writer import Writer


def setup_page(doc: Any, page: PageSetup) -> float:
    """The page size, orientation and margins of the template's `@page` rule; the width left
    for the text (cm)."""
    width, height = A4_CM
    if page.landscape:
        width, height = height, width
    top, right, bottom, left = page.margins_cm
    content_width_cm = width - left - right
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE if page.landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(width), Cm(height)
    section.top_margin, section.right_margin = Cm(top), Cm(right)
    section.bottom_margin, section.left_margin = Cm(bottom), Cm(left)
    section.header_distance = section.footer_distance = Cm(min(1.0, bottom / 2))
    return content_width_cm


def set_styles(doc: Any) -> None:
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(4)
    normal.paragraph_format.line_spacing = 1.15
    plain_fonts(normal.element)
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
        plain_fonts(heading.element)
    title = styles["Heading 1"]
    title.font.all_caps = True
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    signature = styles.add_style("Signature", WD_STYLE_TYPE.PARAGRAPH)
    signature.base_style = normal
    signature.paragraph_format.space_after = Pt(0)
    signature.paragraph_format.keep_with_next = True
    signature.paragraph_format.keep_together = True


def write_footer(doc: Any) -> None:
    """ "Halaman X dari Y" at the bottom right of every page, as Word fields."""
    paragraph = doc.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    parts: list[tuple[str, str]] = [
        ("text", "Halaman "),
        ("field", "PAGE"),
        ("text", " dari "),
        ("field", "NUMPAGES"),
    ]
    for kind, value in parts:
        if kind == "text":
            _footer_run(paragraph, value)
        else:
            add_field(paragraph, value, _footer_run)


def _footer_run(paragraph: Any, text: str) -> Any:
    run = paragraph.add_run(text)
    run.font.size = Pt(8)
    run.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
    return run


def write_header(doc: Any, mark: str) -> None:
    if not mark:
        return
    paragraph = doc.sections[0].header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(mark)
    run.bold = True
    run.font.size = Pt(9)
    run.font.color.rgb = RGBColor(0xB0, 0, 0)


def write_letterhead(writer: "Writer", node: Element, flow: Flow, props: Para) -> None:
    """The office's letterhead: emblem at the left, centred lines, a double rule below."""
    images = [element for element in node.iter() if element.tag == "img"]
    picture = writer.image_loader(images[0].attrs.get("src", "")) if images else None
    if picture is not None and not picture.startswith(IMAGE_TYPES):
        picture = None
    target = flow
    if picture is not None:
        table = add_table(writer, flow, 1, 2)
        table.autofit = False
        emblem_cell, lines_cell = table.rows[0].cells
        set_widths(table, [2.8, max(writer.content_width_cm - 2.8, 4)])
        emblem_cell.paragraphs[0].add_run().add_picture(io.BytesIO(picture), height=Cm(2.2))
        target = Flow(lines_cell, spare=lines_cell.paragraphs[0])
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
        writer.text(line.text(), target, line_props, Run(bold=bold, size_pt=size))
        writer.end(target)
    rule = writer.paragraph(flow, replace(props, space_after_pt=12))
    bottom_border(rule)
    rule.paragraph_format.space_before = Pt(2)
    writer.end(flow)


def plain_fonts(style_element: Any) -> None:
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


def add_field(paragraph: Any, instruction: str, new_run: Callable[[Any, str], Any]) -> None:
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


def bottom_border(paragraph: Any) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    borders = parse_xml(
        f"<w:pBdr {nsdecls('w')}>"
        '<w:bottom w:val="double" w:sz="6" w:space="1" w:color="000000"/></w:pBdr>'
    )
    # Schema order: the border comes before spacing, indentation and alignment.
    ppr.insert_element_before(borders, *_AFTER_BORDER)
