"""Account codes (kode rekening) and line names, compared normalised (docs/adr/0041).

A code is kept as written. For comparison every dot-separated segment loses its leading zeros, so
the three forms in use compare equal::

    5.1.02.01.01.0052     (Permendagri 90/2019)
    5.1.2.01.01.0052      (exports that drop the leading zero)
    5.1.02.01.001.00052   (recent national exports: 3- and 5-digit tails)
    -> "5.1.2.1.1.52"

Spaces are ignored. A code is digits and dots only, 1 to 8 segments.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

MESSAGE_BAD_CODE = gettext_noop(
    "Kode rekening hanya berisi angka yang dipisah titik, misalnya 5.1.02.01.01.0052."
)
_CODE = re.compile(r"^\d{1,6}(\.\d{1,6}){0,7}$")


def normalise_code(code: str) -> str:
    """The comparison key of an account code ("" for no code); ValidationError if malformed."""
    text = re.sub(r"\s+", "", code or "")
    if not text:
        return ""
    if not _CODE.match(text):
        raise ValidationError(_(MESSAGE_BAD_CODE), code="bad_code")
    return ".".join(str(int(part)) for part in text.split("."))


def normalise_name(name: str) -> str:
    """The comparison key of a line name: case, spacing and spaces around '/' ignored."""
    text = re.sub(r"\s*/\s*", "/", (name or "").strip().lower())
    return re.sub(r"\s+", " ", text)
