"""Production settings with the benchmark's URLconf, for the gunicorn of `manage.py bench`."""

from config.settings.prod import *  # noqa: F403

ROOT_URLCONF = "sitrantib.benchmark.urls"
