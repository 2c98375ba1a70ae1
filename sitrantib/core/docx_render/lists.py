"""Numbered and bulleted lists as Word numbering: one list definition per HTML list, so a new
item renumbers and each list restarts.
"""

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from sitrantib.core.docx_render.props import FONT, Flow, ListItem, Para, Run
from sitrantib.core.html_tree import Element

if TYPE_CHECKING:
    from sitrantib.core.docx_render.writer import Writer


# List formats: (Word numFmt, level text with %N for the number).
LIST_FORMATS = {
    "1": ("decimal", "%{n}."),
    "a": ("lowerLetter", "%{n}."),
    "A": ("upperLetter", "%{n}."),
    "i": ("lowerRoman", "%{n}."),
    "I": ("upperRoman", "%{n}."),
    "disc": ("bullet", "\u2022"),
    "dots": ("bullet", "\u00b7"),
    "dash": ("bullet", "-"),
}


def list_indent_cm(level: int) -> float:
    return 0.63 * (level + 1)


def number(paragraph: Any, num_id: int, level: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    num_pr = ppr.get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = level
    num_pr.get_or_add_numId().val = num_id


def write_list(writer: "Writer", node: Element, flow: Flow, props: Para, run_props: Run) -> None:
    level = props.list_level + 1
    if node.tag == "ul":
        kind = "dots" if node.has_class("dots") else "dash" if node.has_class("dash") else "disc"
    else:
        kind = node.attrs.get("type", "1")
        kind = kind if kind in LIST_FORMATS else "1"
    try:
        start = int(node.attrs.get("start", "1"))
    except ValueError:
        start = 1
    suffix = ")" if node.tag == "ol" and node.has_class("paren") else "."
    num_id = new_numbering(writer, kind, max(start, 0), suffix)
    base = replace(props, style=None, align=None, indent_cm=0.0, item=None, list_level=level)
    for child in node.children:
        if isinstance(child, Element) and child.tag == "li":
            item = ListItem(num_id=num_id, level=level)
            writer.end(flow)
            writer.children(child, flow, replace(base, item=item), run_props)
            writer.end(flow)
            if not item.numbered:  # an empty item still takes its number
                writer.paragraph(flow, replace(base, item=item))
                writer.end(flow)
        else:
            writer.node(child, flow, base, run_props)


def new_numbering(writer: "Writer", kind: str, start: int, suffix: str = ".") -> int:
    """A Word list definition of its own (so numbering restarts); its numId."""
    numbering = writer.doc.part.numbering_part.element
    fmt, text = LIST_FORMATS[kind]
    abstract_id = writer.abstract_ids
    writer.abstract_ids += 1
    levels = []
    for level in range(9):
        level_text = text.replace("{n}", str(level + 1))
        if fmt != "bullet":
            level_text = level_text[:-1] + suffix
        indent = round(list_indent_cm(level) * 567)
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
