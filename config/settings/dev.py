"""Settings for one machine with no set-up: SQLite under var/, runserver, console e-mail."""

from config.settings.base import *  # noqa: F403
from config.settings.base import VAR_DIR, env_bool, env_str

DEBUG = env_bool("SITRANTIB_DEBUG", True)
# A fixed development key would be shared by every laptop install; keep one per install instead.
_key_file = VAR_DIR / "secret_key"
SECRET_KEY = env_str("SITRANTIB_SECRET_KEY", "")
if not SECRET_KEY:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    if not _key_file.exists():
        import secrets

        _key_file.write_text(secrets.token_urlsafe(50))
        _key_file.chmod(0o600)
    SECRET_KEY = _key_file.read_text().strip()
