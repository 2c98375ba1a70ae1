from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

MESSAGE_CHARACTER_CLASSES = gettext_noop("Kata sandi harus memuat huruf dan angka atau tanda baca.")


class CharacterClassValidator:
    """A password needs letters and at least one digit or symbol: a plain word is guessed fast."""

    def validate(self, password: str, user: object = None) -> None:
        has_letter = any(c.isalpha() for c in password)
        has_other = any(not c.isalpha() for c in password)
        if not (has_letter and has_other):
            raise ValidationError(_(MESSAGE_CHARACTER_CLASSES), code="password_character_classes")

    def get_help_text(self) -> str:
        return _(MESSAGE_CHARACTER_CLASSES)
