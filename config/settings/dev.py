"""Settings for developing (`make dev`): those of `make run` with Django's debug pages on."""

from config.settings.local import *  # noqa: F403
from config.settings.local import env_bool

DEBUG = env_bool("SITRANTIB_DEBUG", True)
WHITENOISE_AUTOREFRESH = DEBUG
