"""Settings shared by every environment. Environment-specific modules import and adjust these."""

import os
from pathlib import Path

from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from config.settings.csp import map_tile_sources
from config.settings.env import env_bool, env_int, env_list, env_str
from config.settings.hosts import allowed_hosts, public_origin

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("SITRANTIB_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_str("SITRANTIB_SECRET_KEY", "")
DEBUG = env_bool("SITRANTIB_DEBUG", False)
# The address phones and printed links use (QR codes on cards and posters, links in reminders),
# e.g. http://192.168.1.10:8000 on an office network or https://trantib.example.go.id; empty:
# links use the address the page was opened with (core/links.py, docs/adr/0052).
SITRANTIB_PUBLIC_URL = public_origin(env_str("SITRANTIB_PUBLIC_URL"))
# The address `make run HOST=...` binds to: 0.0.0.0 serves the office network, so the machine's
# own network addresses are accepted too. SITRANTIB_ALLOWED_HOSTS, when set, is the whole list.
ALLOWED_HOSTS = allowed_hosts(
    explicit=env_list("SITRANTIB_ALLOWED_HOSTS", [])
    if "SITRANTIB_ALLOWED_HOSTS" in os.environ
    else None,
    serve_host=env_str("SITRANTIB_SERVE_HOST", "127.0.0.1"),
    public_url=SITRANTIB_PUBLIC_URL,
)
CSRF_TRUSTED_ORIGINS = [
    *env_list("SITRANTIB_CSRF_TRUSTED_ORIGINS", []),
    *([SITRANTIB_PUBLIC_URL] if SITRANTIB_PUBLIC_URL else []),
]
# Public media (the office emblem) served by the app itself: on a laptop (config.settings.local);
# a server's web server serves MEDIA_ROOT instead (docs/deployment.md).
SITRANTIB_SERVE_MEDIA = False

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    # The database queue of django.tasks (docs/adr/0071): its table exists everywhere, so a
    # server can switch SITRANTIB_TASKS_BACKEND to it without another migration.
    "django_tasks_db",
    # Domain apps, lowest layer first (see docs/adr/0001-stack-and-layout.md).
    "sitrantib.core",
    "sitrantib.accounts",
    "sitrantib.regions",
    "sitrantib.planning",
    "sitrantib.budget",
    "sitrantib.linmas",
    "sitrantib.meetings",
    "sitrantib.surveys",
    "sitrantib.trainings",
    "sitrantib.fieldwork",
    "sitrantib.villagedocs",
    "sitrantib.indicators",
    "sitrantib.reports",
    "sitrantib.benchmark",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # The Content-Security-Policy header of SECURE_CSP on every response (docs/dev/security.md).
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Slides the session's idle timeout, writing it at most every few minutes (docs/adr/0009).
    "sitrantib.core.middleware.SessionRefreshMiddleware",
    "sitrantib.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page needs a login unless its view is marked @login_not_required (the public list is
    # declared in core/tests/test_url_access.py, so a new public page is a deliberate decision).
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # A temporary password is changed before anything else (docs/adr/0051).
    "sitrantib.accounts.middleware.PasswordChangeRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sitrantib.core.context_processors.navigation",
                "sitrantib.regions.context_processors.office",
            ],
            "builtins": ["sitrantib.core.templatetags.sitrantib_format"],
        },
    }
]
FORM_RENDERER = "sitrantib.core.forms.FormRenderer"  # Bootstrap templates for every form
# The page shell (docs/adr/0107): the letterhead's office is kept this many seconds per process
# (dropped at once in the process that saves it); 0 reads it on every page. Templates are
# compiled once per process (Django's cached loader, its default with or without DEBUG).
SITRANTIB_SHELL_CACHE_SECONDS = env_int("SITRANTIB_SHELL_CACHE_SECONDS", 60)


def _database() -> dict[str, object]:
    engine = env_str("SITRANTIB_DB", "sqlite")
    if engine == "sqlite":
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SITRANTIB_SQLITE_PATH", str(VAR_DIR / "sitrantib.sqlite3")),
            "OPTIONS": {
                # WAL lets the page readers continue while one writer saves; IMMEDIATE avoids
                # "database is locked" errors when two requests upgrade to writers at once.
                "transaction_mode": "IMMEDIATE",
                # A writer waits this long for another's commit instead of failing: a burst of
                # survey submissions on a busy laptop queues rather than losing answers.
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    if engine == "postgres":
        # The standard libpq variables, so pg_virtualenv, a .pgpass or a service file all work.
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": env_str("PGDATABASE", "sitrantib"),
            "USER": env_str("PGUSER", ""),
            "PASSWORD": env_str("PGPASSWORD", ""),
            "HOST": env_str("PGHOST", ""),
            "PORT": env_str("PGPORT", ""),
            "CONN_MAX_AGE": env_int("SITRANTIB_DB_CONN_MAX_AGE", 60),
            "CONN_HEALTH_CHECKS": True,
        }
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"SITRANTIB_DB must be 'sqlite' or 'postgres', got {engine!r}")


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "regions:home"
LOGOUT_REDIRECT_URL = "accounts:login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "sitrantib.accounts.validators.CharacterClassValidator"},
    {"NAME": "sitrantib.accounts.validators.UsernameRepeatValidator"},
]

# Login protection (see docs/adr/0009-login-protection.md): within the window, a username is
# refused after this many failed attempts, and a client address after the second number (over
# any usernames; an office behind one NAT address shares it, hence the higher number).
SITRANTIB_LOGIN_MAX_FAILURES = env_int("SITRANTIB_LOGIN_MAX_FAILURES", 5)
SITRANTIB_LOGIN_MAX_FAILURES_PER_ADDRESS = env_int("SITRANTIB_LOGIN_MAX_FAILURES_PER_ADDRESS", 20)
SITRANTIB_LOGIN_LOCKOUT_MINUTES = env_int("SITRANTIB_LOGIN_LOCKOUT_MINUTES", 15)

# A session ends after two idle hours and when the browser closes: offices share computers.
# Its expiry slides with use, but is written at most once per SITRANTIB_SESSION_REFRESH_SECONDS
# (core.middleware.SessionRefreshMiddleware), not on every request.
SESSION_COOKIE_AGE = env_int("SITRANTIB_SESSION_SECONDS", 2 * 60 * 60)
SITRANTIB_SESSION_REFRESH_SECONDS = env_int("SITRANTIB_SESSION_REFRESH_SECONDS", 5 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Jakarta"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("SITRANTIB_MEDIA_ROOT", str(VAR_DIR / "media")))
# Personal files (member photos, follow-up evidence, uploaded imports) live outside MEDIA_ROOT
# and have no URL: views serve them after checking the viewer's scope.
PRIVATE_MEDIA_ROOT = Path(env_str("SITRANTIB_PRIVATE_MEDIA_ROOT", str(VAR_DIR / "private")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "sitrantib.core.storage.PrivateFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024


def _smtp_options() -> dict[str, object]:
    """SMTP connection options, only those set in the environment."""
    options: dict[str, object] = {}
    if host := env_str("SITRANTIB_SMTP_HOST"):
        options["host"] = host
        options["port"] = env_int("SITRANTIB_SMTP_PORT", 587)
        options["username"] = env_str("SITRANTIB_SMTP_USER")
        options["password"] = env_str("SITRANTIB_SMTP_PASSWORD")
        options["use_tls"] = env_bool("SITRANTIB_SMTP_TLS", True)
    return options


# E-mail goes to the console until an SMTP server is configured: setting SITRANTIB_SMTP_HOST
# alone switches to SMTP. SITRANTIB_EMAIL_BACKEND names another backend (it wins if set).
_SMTP_OPTIONS = _smtp_options()
MAILERS = {
    "default": {
        "BACKEND": env_str(
            "SITRANTIB_EMAIL_BACKEND",
            "django.core.mail.backends.smtp.EmailBackend"
            if _SMTP_OPTIONS
            else "django.core.mail.backends.console.EmailBackend",
        ),
        "OPTIONS": _SMTP_OPTIONS,
    }
}
DEFAULT_FROM_EMAIL = env_str("SITRANTIB_FROM_EMAIL", "sitrantib@localhost")

# Background work runs in-process by default; production may switch to a database-backed
# queue with worker processes without code changes (docs/adr/0002-background-tasks.md).
TASKS = {
    "default": {
        "BACKEND": env_str(
            "SITRANTIB_TASKS_BACKEND", "django.tasks.backends.immediate.ImmediateBackend"
        )
    }
}

# A filter choice left empty reads "Semua" (all), not Django's dashes.
FILTERS_EMPTY_CHOICE_LABEL = _("Semua")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "sitrantib.core.api.KeyPagination",
    # One error body for the whole API (400/403/404/412); out-of-range input is a 400, not a 500.
    "EXCEPTION_HANDLER": "sitrantib.core.api.exception_handler",
    "DEFAULT_PARSER_CLASSES": [
        "sitrantib.core.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "PAGE_SIZE": 50,
    # The schema documents the error answers of every operation (core/openapi.py).
    "DEFAULT_SCHEMA_CLASS": "sitrantib.core.openapi.ApiSchema",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
}

SPECTACULAR_SETTINGS = {
    "TITLE": "SiTrantib API",
    "DESCRIPTION": "API Sistem Informasi Ketenteraman dan Ketertiban. "
    "Authenticate with `Authorization: Token <key>` (manage.py api_token USERNAME).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No badge image from the public validator: the CSP allows images from this site only.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a "status"; name each enum after its own model in the schema.
    "ENUM_NAME_OVERRIDES": {"ActionItemStatusEnum": "sitrantib.meetings.enums.ActionStatus"},
}

# Behind a reverse proxy, the client's address is the Nth hop from the right of
# X-Forwarded-For, where N is the number of proxies we trust; 0 means use REMOTE_ADDR only.
SITRANTIB_TRUSTED_PROXY_COUNT = env_int("SITRANTIB_TRUSTED_PROXY_COUNT", 0)

# Exports of more rows than this run in the background with a progress page (core/exporting.py).
SITRANTIB_EXPORT_DIRECT_MAX_ROWS = env_int("SITRANTIB_EXPORT_DIRECT_MAX_ROWS", 3000)

# Messages to phones (e.g. a WhatsApp gateway): off unless a URL is configured.
SITRANTIB_MESSAGING_URL = env_str("SITRANTIB_MESSAGING_URL", "")
SITRANTIB_MESSAGING_TOKEN = env_str("SITRANTIB_MESSAGING_TOKEN", "")

# Map tiles are optional: offices often have no reliable internet, so the maps draw the desa
# boundaries from the database and add a tile layer only when a tile URL is configured.
SITRANTIB_MAP_TILE_URL = env_str("SITRANTIB_MAP_TILE_URL", "")
SITRANTIB_MAP_TILE_ATTRIBUTION = env_str("SITRANTIB_MAP_TILE_ATTRIBUTION", "")

# Security headers on every page (docs/dev/security.md, docs/adr/0072). Scripts and styles come
# only from our own static files: no inline <script>, no on*= handlers, no style="" attributes.
# Images may also be data: URIs (Bootstrap's and Leaflet's icons), blob: URLs (previews of photos
# waiting in a phone's offline queue) and the configured map tiles. The field forms' service
# worker is a script of this site (worker-src falls back to script-src).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", "blob:", *map_tile_sources(SITRANTIB_MAP_TILE_URL)],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # SITRANTIB_LOG_FORMAT=json writes one JSON object per line (core/logging.py; production).
    "formatters": {"json": {"()": "sitrantib.core.logging.JsonFormatter"}},
    "filters": {"request": {"()": "sitrantib.core.logging.RequestContextFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request"],
            **({"formatter": "json"} if env_str("SITRANTIB_LOG_FORMAT") == "json" else {}),
        }
    },
    "root": {"handlers": ["console"], "level": env_str("SITRANTIB_LOG_LEVEL", "INFO")},
    # WeasyPrint narrates every rendering step at INFO; only its problems are worth a line.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
