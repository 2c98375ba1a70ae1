"""Odd numbers in a document's cells: the XLSX keeps them as text instead of failing."""

import io

from openpyxl import load_workbook

from sitrantib.core.html_tree import Element, number_value
from sitrantib.core.xlsx_render import html_to_xlsx


def _cell(value: str) -> Element:
    return Element("td", {"data-value": value})


def test_numbers_a_spreadsheet_cannot_hold_exactly_stay_text():
    # Turned into an integer, this would be a billion digits: kept as text, it costs nothing.
    assert number_value(_cell("1e999999999")) is None
    assert number_value(_cell("1e400")) is None
    assert number_value(_cell("-9007199254740992")) is None
    assert number_value(_cell("9007199254740991")) == 9007199254740991
    assert str(number_value(_cell("87.5"))) == "87.5"
    assert number_value(_cell("1e-999999999")) is not None


def test_xlsx_with_a_huge_data_value_keeps_the_cell_text():
    html = (
        '<html><body><table data-sheet="A"><tr><td data-value="1e400">sangat besar</td>'
        '<td data-value="23400000">23.400.000</td></tr></table></body></html>'
    )

    sheet = load_workbook(io.BytesIO(html_to_xlsx(html)))["A"]
    values = [c.value for row in sheet.iter_rows() for c in row if c.value is not None]
    assert values == ["sangat besar", 23400000]
