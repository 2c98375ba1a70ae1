"""Settings for servers: secrets from the environment, secure cookies, manifest static files."""

from django.core.exceptions import ImproperlyConfigured

from config.settings.base import *  # noqa: F403
from config.settings.base import (
    DATABASES,
    LOGGING,
    MIDDLEWARE,
    SECRET_KEY,
    SITRANTIB_TRUSTED_PROXY_COUNT,
    STORAGES,
    env_bool,
    env_int,
    env_str,
)

if not SECRET_KEY:
    raise ImproperlyConfigured("SITRANTIB_SECRET_KEY must be set in production")

DEBUG = False
SESSION_COOKIE_SECURE = env_bool("SITRANTIB_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# HTTPS only: the proxy terminates TLS and says so in X-Forwarded-Proto; a plain-HTTP request is
# redirected, except the health check a proxy or monitor may call on the internal address.
# The header is believed only behind a trusted proxy (SITRANTIB_TRUSTED_PROXY_COUNT, set by
# deploy/sitrantib.env): without one, any client could send it and pass for HTTPS.
if SITRANTIB_TRUSTED_PROXY_COUNT > 0:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SITRANTIB_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^health$"]
SECURE_HSTS_SECONDS = env_int("SITRANTIB_HSTS_SECONDS", 365 * 24 * 60 * 60)
# Subdomains and the browsers' preload list are the domain owner's decision (a pemda's other
# sites may not all be on HTTPS): opt-in, and their deploy-check warnings are silenced while off.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SITRANTIB_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SITRANTIB_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = [
    *([] if SECURE_HSTS_INCLUDE_SUBDOMAINS else ["security.W005"]),
    *([] if SECURE_HSTS_PRELOAD else ["security.W021"]),
]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}
# The app serves the collected files in var/static/ itself when no proxy does (docs/adr/0052);
# a proxy serving /static/ first is faster and makes this a fallback.
MIDDLEWARE = [MIDDLEWARE[0], "whitenoise.middleware.WhiteNoiseMiddleware", *MIDDLEWARE[1:]]
# One JSON line per request and per log record on stdout (core/logging.py); the request line
# is written first in, last out, so its duration covers every other middleware.
MIDDLEWARE = ["sitrantib.core.logging.RequestLogMiddleware", *MIDDLEWARE]
if env_str("SITRANTIB_LOG_FORMAT", "json") == "json":
    LOGGING["handlers"]["console"].update(  # type: ignore[index]
        formatter="json", stream="ext://sys.stdout"
    )

# Background work goes to the database queue, run by `manage.py task_worker` processes
# (docs/adr/0071); SITRANTIB_TASKS_BACKEND names another backend.
TASKS = {
    "default": {
        "BACKEND": env_str("SITRANTIB_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
# A worker not seen for this long counts as gone: /health says "stale", its job is run again.
SITRANTIB_WORKER_STALE_SECONDS = env_int("SITRANTIB_WORKER_STALE_SECONDS", 30)

# PostgreSQL restarted or unreachable: a request fails within seconds instead of hanging, and
# the next one reconnects (CONN_HEALTH_CHECKS tests a kept connection before reusing it).
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),  # type: ignore[dict-item]
        "connect_timeout": env_int("SITRANTIB_DB_CONNECT_TIMEOUT", 5),
    }
