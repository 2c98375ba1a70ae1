"""Reads gettext .po catalogues, for the completeness test and `make messages`.

Run as a module it lists what is not translated yet.
"""

import sys
from pathlib import Path


def entries(path: Path) -> list[tuple[str, str, bool]]:
    """(msgid, msgstr, fuzzy) of a .po file; plural forms report their first msgstr. An entry with
    a context has the key gettext stores it under: "context\x04msgid"."""
    result = []
    msgid = msgstr = context = None
    fuzzy = False
    current = None
    for raw in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith("msgctxt "):
            context, current = line[8:].strip('"'), None
        elif line.startswith("msgid "):
            msgid, current = line[6:].strip('"'), "id"
        elif line.startswith("msgid_plural"):
            current = None
        elif line.startswith("msgstr ") or line.startswith("msgstr[0]"):
            msgstr, current = line.split(" ", 1)[1].strip('"'), "str"
        elif line.startswith("msgstr["):
            current = None
        elif line.startswith('"') and current:
            if current == "id":
                msgid = (msgid or "") + line.strip('"')
            else:
                msgstr = (msgstr or "") + line.strip('"')
        elif not line:
            if msgid is not None and msgid != "":
                key = f"{context}\x04{msgid}" if context is not None else msgid
                result.append((key, msgstr or "", fuzzy))
            msgid = msgstr = context = None
            fuzzy = False
            current = None
    return result


if __name__ == "__main__":
    for name in sys.argv[1:]:
        for msgid, msgstr, fuzzy in entries(Path(name)):
            if not msgstr or fuzzy:
                print(msgid)
