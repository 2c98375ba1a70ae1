"""Minutes text: how long it may be, and how it is laid out so a PDF renders in bounded time.

A minutes field (the summary, each agenda item's discussion) holds at most `TextLimit.MINUTES`
characters and `MINUTES_MAX_LINES` lines (issue 15 A8). Characters alone do not bound the PDF:
WeasyPrint lays out one paragraph again for every line it breaks, so a 20,000-character
paragraph took ~11 s, and 10,000 one-letter lines ~11 s and 190 pages per field. `paragraphs`
therefore prints every line as its own block and cuts a long line into blocks of at most
`PARAGRAPH_CHARS` characters at a space; older rows with more lines than allowed are printed
with their surplus lines joined, so no stored value makes a document slow.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

MINUTES_MAX_LINES = 400
PARAGRAPH_CHARS = 600

TOO_MANY_LINES = gettext_noop("Teks paling banyak %(limit)s baris (sekarang %(count)s baris).")


def line_count(text: str) -> int:
    return len(text.splitlines())


def validate_minutes_lines(text: str) -> None:
    """Refuse a minutes text of more than MINUTES_MAX_LINES lines."""
    count = line_count(text or "")
    if count > MINUTES_MAX_LINES:
        raise ValidationError(
            _(TOO_MANY_LINES),
            code="too_many_lines",
            params={"limit": MINUTES_MAX_LINES, "count": count},
        )


def _cut(line: str) -> list[str]:
    pieces = []
    while len(line) > PARAGRAPH_CHARS:
        cut = line.rfind(" ", 0, PARAGRAPH_CHARS)
        if cut < PARAGRAPH_CHARS // 2:
            cut = PARAGRAPH_CHARS
        pieces.append(line[:cut])
        line = line[cut:].lstrip()
    if line:
        pieces.append(line)
    return pieces


def paragraphs(text: str) -> list[str]:
    """The blocks a minutes text is printed as: one per non-empty line, long lines cut at a
    space, at most MINUTES_MAX_LINES lines (surplus lines of older rows joined by spaces)."""
    lines = [line.strip() for line in (text or "").splitlines()]
    lines = [line for line in lines if line]
    if len(lines) > MINUTES_MAX_LINES:
        size = -(-len(lines) // MINUTES_MAX_LINES)
        lines = [" ".join(lines[i : i + size]) for i in range(0, len(lines), size)]
    return [piece for line in lines for piece in _cut(line)]
