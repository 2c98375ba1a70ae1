"""Imports every module that registers a report kind, so the catalogue knows them all."""

# Each report module adds its import here (kak, performance, monthly).
from sitrantib.reports import kak  # noqa: F401
from sitrantib.reports import (
    monthly,  # noqa: F401
    performance,  # noqa: F401
)
