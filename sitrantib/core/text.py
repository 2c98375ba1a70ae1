"""Text in, text out: no control characters come in, and every free text has a length that fits.

A control character (other than tab, line feed and carriage return) typed or pasted into a field
breaks XML-based exports (XLSX, DOCX) and confuses screens; it is refused on input by every form
(`clean_text_fields`, called by the shared form base in core/forms.py) and every serializer
(`CleanTextMixin`, `CleanCharField`), and removed on output by the spreadsheet writer
(`strip_control_characters`).
"""

import re
from typing import Any, Final

from django import forms
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_noop
from rest_framework import serializers

MESSAGE_CONTROL_CHARACTER = gettext_noop(
    "Teks tidak boleh berisi karakter kontrol (kode %(code)s)."
)

# C0 controls without tab (09), line feed (0A) and carriage return (0D); DEL and the C1 controls;
# the Unicode line/paragraph separators and the non-characters XML refuses.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")


class TextLimit:
    """Maximum lengths for free text, by use (characters)."""

    NAME: Final = 150
    TITLE: Final = 250
    SHORT_NOTE: Final = 500
    DESCRIPTION: Final = 5000
    MINUTES: Final = 20000


TEXT_LIMITS: Final[dict[str, int]] = {
    "name": TextLimit.NAME,
    "title": TextLimit.TITLE,
    "short_note": TextLimit.SHORT_NOTE,
    "description": TextLimit.DESCRIPTION,
    "minutes": TextLimit.MINUTES,
}
# The spec's name for the same table.
MAX_LENGTHS = TEXT_LIMITS


def first_control_character(text: str) -> str | None:
    """The first forbidden control character in `text`, or None."""
    found = _CONTROL.search(text)
    return found.group() if found else None


def control_code(char: str) -> str:
    """How a control character is named in the message: `U+0007`."""
    return f"U+{ord(char):04X}"


@deconstructible
class ControlCharacterValidator:
    """Refuses text containing a control character other than tab, line feed, carriage return."""

    message = MESSAGE_CONTROL_CHARACTER
    code = "control_character"

    def __call__(self, value: Any) -> None:
        if not isinstance(value, str):
            return
        char = first_control_character(value)
        if char is not None:
            from django.utils.translation import gettext

            raise ValidationError(
                gettext(self.message), code=self.code, params={"code": control_code(char)}
            )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ControlCharacterValidator)

    def __hash__(self) -> int:
        return hash(ControlCharacterValidator)


reject_control_characters = ControlCharacterValidator()


def strip_control_characters(text: str) -> str:
    """`text` without its forbidden control characters (tab and line breaks stay)."""
    return _CONTROL.sub("", text)


def clean_text_fields(form: forms.BaseForm) -> None:
    """Give every text field of a form the control-character validator (call from `__init__`).

    File, choice and date fields are left alone; a field that already has it is not doubled.
    """
    for field in form.fields.values():
        if isinstance(field, forms.CharField) and reject_control_characters not in field.validators:
            field.validators.append(reject_control_characters)


class CleanCharField(serializers.CharField):
    """A serializer CharField that refuses control characters."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if reject_control_characters not in self.validators:
            self.validators.append(reject_control_characters)


def _text_fields(field: Any) -> list[serializers.CharField]:
    if isinstance(field, serializers.CharField):
        return [field]
    if isinstance(field, serializers.ListField) and field.child is not None:
        return _text_fields(field.child)
    if isinstance(field, serializers.DictField) and field.child is not None:
        return _text_fields(field.child)
    return []


class CleanTextMixin(serializers.Serializer):
    """Serializer base: every CharField (EmailField, SlugField...; in lists and dicts too) refuses
    control characters. Put it first: `class MemberSerializer(CleanTextMixin, ModelSerializer)`.
    Nested serializers need the mixin themselves.
    """

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        for field in fields.values():
            for text in _text_fields(field):
                if reject_control_characters not in text.validators:
                    text.validators = [*text.validators, reject_control_characters]
        return fields
