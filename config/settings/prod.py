"""Settings for servers: secrets from the environment, secure cookies, manifest static files."""

from django.core.exceptions import ImproperlyConfigured

from config.settings.base import *  # noqa: F403
from config.settings.base import MIDDLEWARE, SECRET_KEY, STORAGES, env_bool, env_int

if not SECRET_KEY:
    raise ImproperlyConfigured("SITRANTIB_SECRET_KEY must be set in production")

DEBUG = False
SESSION_COOKIE_SECURE = env_bool("SITRANTIB_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# HTTPS only: the proxy terminates TLS and says so in X-Forwarded-Proto; a plain-HTTP request is
# redirected, except the health check a proxy or monitor may call on the internal address.
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
