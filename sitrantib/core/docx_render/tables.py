"""Tables: borders, merged cells, header rows repeated on every page, column widths from the
template or the text, numbers right-aligned.
"""

import contextlib
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Cm
from docx.table import _Cell

from sitrantib.core.docx_render.props import ALIGN, Flow, Para, Run
from sitrantib.core.html_tree import Element, layout, length_cm, number_value

if TYPE_CHECKING:
    from sitrantib.core.docx_render.writer import Writer


def add_table(writer: "Writer", flow: Flow, rows: int, columns: int) -> Any:
    """A table after what `flow` wrote so far; the flow goes on below it."""
    spare, flow.spare = flow.spare, None
    writer.end(flow)
    if writer.break_before:
        writer.paragraph(flow, Para())
        writer.end(flow)
    if isinstance(flow.container, _Cell):
        table = flow.container.add_table(rows, columns)
        # Word wants a paragraph after a table in a cell: the next text goes there.
        flow.spare = flow.container.paragraphs[-1]
    else:
        table = flow.container.add_table(rows, columns)
    if spare is not None:
        spare._p.getparent().remove(spare._p)
    return table


def write_table(writer: "Writer", node: Element, flow: Flow, props: Para, run_props: Run) -> None:
    grid = layout(node)
    if not grid.cells or not grid.columns:
        writer.children(node, flow, props, run_props)
        writer.end(flow)
        return
    for caption in node.children:
        if isinstance(caption, Element) and caption.tag == "caption":
            caption_props = replace(props, align=WD_ALIGN_PARAGRAPH.CENTER, keep=True)
            writer.children(caption, flow, caption_props, replace(run_props, bold=True))
            writer.end(flow)
    bordered = node.has_class("grid")
    table = add_table(writer, flow, grid.rows, grid.columns)
    if bordered:
        table.style = writer.doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER if bordered else WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    available = writer.content_width_cm
    if props.in_cell:
        available = max(available / 2, 4)
    set_widths(table, column_widths(grid, available))
    for index, row in enumerate(table.rows):
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        if index < grid.header_rows:
            tr_pr.append(OxmlElement("w:tblHeader"))
    # python-docx's table.cell() walks the whole table on every call (quadratic on a long
    # table): the cells are read once before the merges (which never overlap) and once after.
    cell_at = cell_grid(table)
    for cell in grid.cells:
        if cell.rowspan > 1 or cell.colspan > 1:
            last = cell_at(cell.row + cell.rowspan - 1, cell.column + cell.colspan - 1)
            cell_at(cell.row, cell.column).merge(last)
    cell_at = cell_grid(table)
    cell_run = replace(run_props, size_pt=10) if bordered else run_props
    for cell in grid.cells:
        target = cell_at(cell.row, cell.column)
        element = cell.element
        cell_props = Para(in_cell=True, list_level=-1)
        if element.tag == "th":
            cell_props = replace(cell_props, align=WD_ALIGN_PARAGRAPH.CENTER)
            if bordered:
                shade(target, "EEEEEE")
        align = element.style("text-align")
        if align in ALIGN:
            cell_props = replace(cell_props, align=ALIGN[align])
        elif element.has_class("num") or number_value(element) is not None:
            cell_props = replace(cell_props, align=WD_ALIGN_PARAGRAPH.RIGHT)
        elif element.has_class("center"):
            cell_props = replace(cell_props, align=WD_ALIGN_PARAGRAPH.CENTER)
        cell_flow = Flow(target, spare=target.paragraphs[0])
        _cell_children(writer, element, cell_flow, cell_props, cell_run)
    writer.end(flow)


def _cell_children(
    writer: "Writer", element: Element, flow: Flow, props: Para, run_props: Run
) -> None:
    if element.tag == "th":
        run_props = replace(run_props, bold=True)
    writer.children(element, flow, props, run_props)
    writer.end(flow)


def cell_grid(table: Any) -> Callable[[int, int], Any]:
    """`table.cell(row, column)` from one reading of the table's cells."""
    cells = table._cells
    columns = table._column_count
    return lambda row, column: cells[column + row * columns]


def shade(cell: Any, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    tc_pr.append(parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{fill}"/>'))


def column_widths(grid: Any, available_cm: float) -> list[float]:
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


def set_widths(table: Any, widths_cm: list[float]) -> None:
    for column, width in zip(table.columns, widths_cm, strict=False):
        column.width = Cm(width)
    for tr in table._tbl.tr_lst:
        column = 0
        for tc in tr.tc_lst:
            span = tc.grid_span
            tc.width = Cm(sum(widths_cm[column : column + span]))
            column += span
