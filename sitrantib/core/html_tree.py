"""A small HTML tree for turning a rendered document template into DOCX and XLSX.

`parse(html)` reads the HTML a document template renders (documents/base.html and what extends
it) with the standard library's `html.parser` and returns a tree of `Element` and `str` nodes,
plus the page setup read from the template's `@page` rule. The converters
(`core.docx_render`, `core.xlsx_render`) walk that tree; anything they do not know is kept as
its text, so an unexpected tag in a template degrades to plain text instead of failing.

Text is cleaned on the way in: control characters and lone surrogates (which DOCX and XLSX
cannot hold) are removed. Script and style contents are never text.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from html.parser import HTMLParser

from sitrantib.core.text import strip_control_characters

VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
# Elements whose contents are never document text.
HIDDEN = frozenset({"script", "style", "template", "noscript", "head", "title"})
BLOCK = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "caption",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "ul",
    }
)
# Opening one of these closes an open element of the listed kinds first (HTML's implied ends).
_CLOSES = {
    "li": ({"li"}, {"ul", "ol"}),
    "tr": ({"tr", "td", "th"}, {"table", "thead", "tbody", "tfoot"}),
    "td": ({"td", "th"}, {"tr", "table"}),
    "th": ({"td", "th"}, {"tr", "table"}),
    "thead": ({"thead", "tbody", "tfoot", "tr", "td", "th"}, {"table"}),
    "tbody": ({"thead", "tbody", "tfoot", "tr", "td", "th"}, {"table"}),
    "tfoot": ({"thead", "tbody", "tfoot", "tr", "td", "th"}, {"table"}),
    "p": ({"p"}, BLOCK - {"p"}),
}

_SPACES = re.compile(r"[ \t\r\n\f]+")
_XML_UNSAFE = re.compile("[\ud800-\udfff\ufffe\uffff]")
_PAGE_RULE = re.compile(r"@page\s*\{(?P<body>[^@}]*)", re.IGNORECASE)
_LENGTH = re.compile(r"(-?[0-9.]+)\s*(cm|mm|in|pt|px)?", re.IGNORECASE)
_STYLE_DECLARATION = re.compile(r"([a-z-]+)\s*:\s*([^;]+)", re.IGNORECASE)

# The largest magnitude a spreadsheet's number (a double) holds to the unit: 2^53.
EXACT_LIMIT = 2**53
CM_PER_UNIT = {"cm": 1.0, "mm": 0.1, "in": 2.54, "pt": 2.54 / 72, "px": 2.54 / 96}


def clean_text(text: str) -> str:
    """Text that DOCX and XLSX can hold: no control characters (tab and newlines stay), no lone
    surrogates or non-characters."""
    return _XML_UNSAFE.sub("", strip_control_characters(text))


@dataclass
class Element:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list["Node"] = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def has_class(self, name: str) -> bool:
        return name in self.classes

    def style(self, prop: str) -> str:
        """The value of one declaration of the inline style attribute ("" when absent)."""
        for name, value in _STYLE_DECLARATION.findall(self.attrs.get("style", "")):
            if name.lower() == prop:
                return value.strip().lower()
        return ""

    def iter(self) -> Iterator["Element"]:
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def find_all(self, tag: str) -> list["Element"]:
        return [element for element in self.iter() if element.tag == tag and element is not self]

    def text(self) -> str:
        """All text inside, whitespace collapsed, `<br>` as a line break."""
        parts: list[str] = []
        _gather_text(self, parts)
        lines = ["".join(_SPACES.sub(" ", line)).strip() for line in "".join(parts).split("\n")]
        return "\n".join(line for line in lines if line)


Node = Element | str


def _gather_text(node: Node, parts: list[str]) -> None:
    if isinstance(node, str):
        parts.append(node)
        return
    if node.tag == "br":
        parts.append("\n")
        return
    if node.tag in BLOCK or node.tag in {"tr"}:
        parts.append("\n")
    for index, child in enumerate(node.children):
        if node.tag == "tr" and index and isinstance(child, Element):
            parts.append(" ")
        _gather_text(child, parts)
    if node.tag in BLOCK:
        parts.append("\n")


@dataclass
class PageSetup:
    """The page the template asks for in its `@page` rule (documents/base.html's blocks)."""

    landscape: bool = False
    # top, right, bottom, left, in centimetres.
    margins_cm: tuple[float, float, float, float] = (2.0, 2.0, 2.0, 2.5)


@dataclass
class Document:
    title: str
    body: Element
    page: PageSetup


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("document")
        self.stack: list[Element] = [self.root]
        self.hidden_depth = 0
        self.title_parts: list[str] = []
        self.style_parts: list[str] = []
        self.in_title = False
        self.in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = tag.lower()
        if tag in _CLOSES:
            closes, stops = _CLOSES[tag]
            for index in range(len(self.stack) - 1, 0, -1):
                open_tag = self.stack[index].tag
                if open_tag in closes:
                    del self.stack[index:]
                    break
                if open_tag in stops:
                    break
        element = Element(tag, {name.lower(): value or "" for name, value in attrs})
        if tag == "title":
            self.in_title = True
        if tag == "style":
            self.in_style = True
        if tag in VOID:
            self.stack[-1].children.append(element)
            return
        if tag in HIDDEN:
            self.hidden_depth += 1
        self.stack[-1].children.append(element)
        self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag.lower() not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        tag = tag.lower()
        if tag in VOID:
            return
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                for closed in self.stack[index:]:
                    if closed.tag in HIDDEN:
                        self.hidden_depth -= 1
                    if closed.tag == "title":
                        self.in_title = False
                    if closed.tag == "style":
                        self.in_style = False
                del self.stack[index:]
                return
        # An end tag with nothing open to close: ignored, as browsers do.

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title_parts.append(data)
        if self.in_style:
            self.style_parts.append(data)
        if self.hidden_depth:
            return
        text = clean_text(data)
        if text:
            self.stack[-1].children.append(text)


def _length_cm(value: str) -> float | None:
    match = _LENGTH.fullmatch(value.strip())
    if not match:
        return None
    number = float(match.group(1))
    return number * CM_PER_UNIT[(match.group(2) or "px").lower()]


def length_cm(value: str) -> float | None:
    """A CSS length ("3.4cm", "12pt", "20mm") in centimetres; None for anything else."""
    if not value or value.endswith("%"):
        return None
    return _length_cm(value)


def _page_setup(style: str) -> PageSetup:
    setup = PageSetup()
    match = _PAGE_RULE.search(style)
    if not match:
        return setup
    for name, value in _STYLE_DECLARATION.findall(match.group("body")):
        name, value = name.lower(), value.strip().lower()
        if name == "size":
            setup.landscape = "landscape" in value.split()
        elif name == "margin":
            lengths = [_length_cm(part) for part in value.split()]
            if lengths and all(length is not None for length in lengths):
                values = [length for length in lengths if length is not None]
                top = values[0]
                right = values[1] if len(values) > 1 else top
                bottom = values[2] if len(values) > 2 else top
                left = values[3] if len(values) > 3 else right
                setup.margins_cm = (top, right, bottom, left)
    return setup


def parse(html: str) -> Document:
    """The tree of a rendered document template: its title, body and page setup."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    bodies = builder.root.find_all("body")
    body = bodies[0] if bodies else builder.root
    title = " ".join(clean_text("".join(builder.title_parts)).split())
    return Document(title=title, body=body, page=_page_setup("".join(builder.style_parts)))


def number_value(element: Element) -> int | Decimal | None:
    """The number a cell carries in `data-value` ("23400000", "87.5"); None when absent or bad."""
    raw = element.attrs.get("data-value", "").strip()
    if not raw:
        return None
    try:
        number = Decimal(raw)
    except InvalidOperation:
        return None
    if not number.is_finite() or number.adjusted() > 15 or abs(number) >= EXACT_LIMIT:
        # Beyond what a spreadsheet holds exactly (and "1e999999999" would cost a billion-digit
        # integer): the cell keeps its text.
        return None
    if number == number.to_integral_value():
        return int(number)
    return number


def collapse(text: str) -> str:
    """HTML whitespace collapsing (a non-breaking space stays)."""
    return _SPACES.sub(" ", text)


@dataclass
class GridCell:
    element: Element
    row: int
    column: int
    rowspan: int
    colspan: int
    header: bool


@dataclass
class Grid:
    """A table laid out on its grid: every cell at its row and column, spans resolved."""

    cells: list[GridCell]
    rows: int
    columns: int
    header_rows: int
    row_elements: list[Element]


def _span(element: Element, name: str) -> int:
    try:
        return max(1, min(int(element.attrs.get(name, "1") or 1), 1000))
    except ValueError:
        return 1


def table_rows(table: Element) -> list[tuple[Element, bool]]:
    """The rows of a table (not of tables inside it), each with whether it is a header row."""
    rows: list[tuple[Element, bool]] = []

    def walk(node: Element, in_head: bool) -> None:
        for child in node.children:
            if not isinstance(child, Element) or child.tag == "table":
                continue
            if child.tag == "tr":
                cells = [
                    c for c in child.children if isinstance(c, Element) and c.tag in ("td", "th")
                ]
                header = in_head or (bool(cells) and all(cell.tag == "th" for cell in cells))
                rows.append((child, header))
            else:
                walk(child, in_head or child.tag == "thead")

    walk(table, False)
    # Header rows carried in <thead> come first whatever the source order.
    return rows


def layout(table: Element) -> Grid:
    """Place every cell of `table` on a grid, honouring colspan and rowspan."""
    taken: set[tuple[int, int]] = set()
    # The width each row reaches, cells spanning down from rows above included.
    reach: dict[int, int] = {}
    cells: list[GridCell] = []
    rows = table_rows(table)
    columns = 0
    header_rows = 0
    leading = True
    for row_index, (row, header) in enumerate(rows):
        if leading and header:
            header_rows += 1
        else:
            leading = False
        column = 0
        for element in row.children:
            if not isinstance(element, Element) or element.tag not in ("td", "th"):
                continue
            while (row_index, column) in taken:
                column += 1
            rowspan = min(_span(element, "rowspan"), len(rows) - row_index)
            colspan = _span(element, "colspan")
            for r in range(row_index, row_index + rowspan):
                for c in range(column, column + colspan):
                    taken.add((r, c))
                reach[r] = max(reach.get(r, 0), column + colspan)
            cells.append(GridCell(element, row_index, column, rowspan, colspan, header))
            column += colspan
        columns = max(columns, column, reach.get(row_index, 0))
    return Grid(
        cells=cells,
        rows=len(rows),
        columns=columns,
        header_rows=header_rows,
        row_elements=[row for row, _ in rows],
    )
