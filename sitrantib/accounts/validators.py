import unicodedata

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


MESSAGE_USERNAME_REPEATED = gettext_noop(
    "Kata sandi tidak boleh berupa nama pengguna, diulang atau ditambah angka atau tanda baca."
)
# Longer passwords are not checked against this rule: the check is quadratic in the length, and
# no one types the user name a dozen times over.
_MAX_CHECKED_LENGTH = 256


def _letters_and_digits(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKC", text).casefold() if c.isalnum())


class UsernameRepeatValidator:
    """Refuses the user name itself, once or repeated, with only digits or symbols around it
    ("adminadmin12", "Admin.Admin!", "2026admin"), whatever the case.

    Django's UserAttributeSimilarityValidator compares the whole password with the name, so a
    name repeated is "not similar enough" and passes it.
    """

    def validate(self, password: str, user: object = None) -> None:
        name = _letters_and_digits(str(getattr(user, "username", "") or ""))
        text = _letters_and_digits(password)
        if not name or len(text) > _MAX_CHECKED_LENGTH:
            return
        leading_digits = len(text) - len(text.lstrip("0123456789"))
        for start in range(leading_digits + 1):
            rest = text[start:]
            repeats = 0
            while rest.startswith(name):
                rest = rest[len(name) :]
                repeats += 1
            if repeats and (not rest or rest.isdigit()):
                raise ValidationError(
                    _(MESSAGE_USERNAME_REPEATED), code="password_username_repeated"
                )

    def get_help_text(self) -> str:
        return _(MESSAGE_USERNAME_REPEATED)
