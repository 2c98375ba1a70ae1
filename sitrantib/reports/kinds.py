"""Imports every module that registers a report kind, so the catalogue knows them all."""

from sitrantib.reports import kak, monthly, performance  # noqa: F401 - registration
