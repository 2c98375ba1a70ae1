"""What the walk of the tree hands down: paragraph and run properties, the flow of paragraphs
into one container (the body or a table cell), and the constants of the document's look.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt, RGBColor

ImageLoader = Callable[[str], bytes | None]


FONT = "Times New Roman"
A4_CM = (21.0, 29.7)
SIGNATURE_WIDTH_CM = 7.5
HEADING_SIZES = {1: 13, 2: 12, 3: 11}

ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}
IMAGE_TYPES = (b"\x89PNG", b"\xff\xd8", b"GIF8", b"BM")


@dataclass
class ListItem:
    num_id: int
    level: int
    numbered: bool = False


@dataclass(frozen=True)
class Para:
    """Paragraph properties a block passes down to the paragraphs written inside it."""

    style: str | None = None
    align: Any = None
    indent_cm: float = 0.0
    keep: bool = False
    space_after_pt: float | None = None
    item: ListItem | None = None
    list_level: int = -1
    in_cell: bool = False
    signature: bool = False


@dataclass(frozen=True)
class Run:
    bold: bool = False
    italic: bool = False
    underline: bool = False
    size_pt: float | None = None
    caps: bool = False
    superscript: bool = False
    subscript: bool = False
    color: RGBColor | None = None


@dataclass
class Flow:
    """Paragraphs written one after another into one container (the body or a table cell)."""

    container: Any
    spare: Any = None  # an empty paragraph to fill first (a new table cell has one)
    para: Any = None
    at_line_start: bool = True
    trailing_space: bool = False
    written: list[Any] = field(default_factory=list)


def format_run(run: Any, props: Run) -> None:
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
