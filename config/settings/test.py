"""Settings for the test suite: fast hashing, strict templates, in-memory mail."""

from config.settings.base import *  # noqa: F403
from config.settings.base import DATABASES, TEMPLATES, VAR_DIR


class InvalidTemplateVariable(str):
    """Makes an unknown template variable fail the test instead of rendering as empty text."""

    def __mod__(self, other: object) -> str:
        raise NameError(f"Unknown template variable: {other!r}")


SECRET_KEY = "test-only-key-not-secret"  # noqa: S105  # nosec B105  # the test suite's own key
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
MEDIA_ROOT = VAR_DIR / "test-media"
PRIVATE_MEDIA_ROOT = VAR_DIR / "test-private"
# The letterhead's office is read on every page, as a fresh process does, so the query counts
# of the suite hold whatever ran before; core/tests/test_page_shell.py turns the cache on.
SITRANTIB_SHELL_CACHE_SECONDS = 0
TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = InvalidTemplateVariable("%s")  # type: ignore[index]
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["NAME"] = ":memory:"
    DATABASES["default"]["OPTIONS"] = {}
