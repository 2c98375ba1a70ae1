"""Settings for servers: secrets from the environment, secure cookies, manifest static files."""

from django.core.exceptions import ImproperlyConfigured

from config.settings.base import *  # noqa: F403
from config.settings.base import SECRET_KEY, STORAGES, env_bool, env_int

if not SECRET_KEY:
    raise ImproperlyConfigured("SITRANTIB_SECRET_KEY must be set in production")

DEBUG = False
SESSION_COOKIE_SECURE = env_bool("SITRANTIB_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SITRANTIB_HSTS_SECONDS", 0)
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}
