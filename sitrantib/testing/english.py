"""Checks that a page shown in English holds no sentence of an app's Indonesian catalogue.

`catalogue_sentences(po)` gives the pieces of the catalogue's msgids English must never show (the
text between placeholders, 12 characters or more, not the same in both languages);
`visible_text(content)` the words of a page a reader sees, with the attributes read aloud or
shown (aria-label, title, placeholder, alt, the data-* texts scripts display).
"""

import html
import re
from pathlib import Path

from sitrantib.testing.po import entries

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|%%")
VISIBLE_ATTRIBUTE = re.compile(
    r'\s(?:aria-label|title|placeholder|alt|data-label-[\w-]+|data-text-[\w-]+)="([^"]*)"'
)


def catalogue_sentences(catalogue: Path) -> list[str]:
    pieces = []
    for msgid, msgstr, _fuzzy in entries(catalogue):
        if msgid == msgstr or "\x04" in msgid:
            continue
        for piece in PLACEHOLDER.split(msgid.replace('\\"', '"').replace("\\n", "\n")):
            piece = piece.strip(" .,:;()—-\n")
            if len(piece) >= 12 and piece not in msgstr:
                pieces.append(piece)
    return pieces


def visible_text(content: bytes) -> str:
    page = content.decode()
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    attributes = " ".join(VISIBLE_ATTRIBUTE.findall(page))
    words = re.sub(r"<[^>]+>", " ", page)
    return " ".join(html.unescape(f"{words} {attributes}").split())
