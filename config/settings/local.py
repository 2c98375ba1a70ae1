"""Settings for one machine with no set-up, as `make run` serves it: SQLite under var/, debug off.

People never see Django's debug pages: errors show the project's own 403/404/500 pages. The app
serves its static files itself (WhiteNoise, read from the apps' static folders, so no
collectstatic step) and the public media (the office emblem). `make dev` uses config.settings.dev,
the same with debug on. See docs/adr/0052-serving-the-office-network.md.
"""

from config.settings.base import *  # noqa: F403
from config.settings.base import MIDDLEWARE, STATIC_ROOT, VAR_DIR, env_bool, env_str

DEBUG = env_bool("SITRANTIB_DEBUG", False)

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

# Static files straight from the apps' static/ folders, right after the security middleware.
MIDDLEWARE = [MIDDLEWARE[0], "whitenoise.middleware.WhiteNoiseMiddleware", *MIDDLEWARE[1:]]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG  # with debug on, an edited CSS file shows without a restart
# WhiteNoise also looks in STATIC_ROOT (empty on a laptop): make sure it exists, so it does not
# warn on every start.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# The letterhead emblem lives in MEDIA_ROOT; no web server stands in front on a laptop.
SITRANTIB_SERVE_MEDIA = True
