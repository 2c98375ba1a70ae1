"""What the management commands share: help text translated when the parser is built, and the
arguments of the commands that recompute stored figures (`--year`, `--workers`) with their
Indonesian refusals.

    class Command(TranslatedHelpCommand):
        help_text = gettext_lazy("Menghitung ulang ...")

        def add_arguments(self, parser):
            parser.add_argument("--year", type=year_argument, metavar="YEAR")
            add_workers_argument(parser)

        def handle(self, *args, workers=1, **options):
            warn_if_one_process(self, workers)
"""

import argparse
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from sitrantib.core.parallel import can_fork

MSG_BAD_YEAR = gettext_lazy("Tahun tidak valid: %(value)s (1900 sampai 2100).")
MSG_WORKERS = gettext_lazy("Jumlah proses harus 1 sampai 64.")
MSG_ONE_PROCESS = gettext_lazy(
    "SQLite: dihitung dalam satu proses (--workers hanya berlaku untuk PostgreSQL)."
)
HELP_WORKERS = gettext_lazy(
    "Jumlah proses yang menghitung bersamaan (PostgreSQL; bawaan 1). Pakai jumlah inti "
    "prosesor untuk menghitung seluruh negeri."
)
MAX_WORKERS = 64


class TranslatedHelpCommand(BaseCommand):
    """A command whose `help_text` is translated in the language active when Django builds the
    parser (the only place it reads `help`; argparse needs a plain string)."""

    help_text: str | Promise = ""

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        self.help = str(self.help_text)
        return super().create_parser(prog_name, subcommand, **kwargs)


def _whole(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        return 0


def year_argument(text: str) -> int:
    """A year between 1900 and 2100 (argparse answers a clear error otherwise)."""
    year = _whole(text)
    if not 1900 <= year <= 2100:
        raise argparse.ArgumentTypeError(str(MSG_BAD_YEAR) % {"value": text})
    return year


def workers_argument(text: str) -> int:
    """A number of processes between 1 and MAX_WORKERS."""
    workers = _whole(text)
    if not 1 <= workers <= MAX_WORKERS:
        raise argparse.ArgumentTypeError(str(MSG_WORKERS))
    return workers


def add_workers_argument(parser: CommandParser) -> None:
    """`--workers N` (default 1): processes sharing the work on PostgreSQL (`core.parallel`)."""
    parser.add_argument("--workers", type=workers_argument, default=1, help=str(HELP_WORKERS))


def warn_if_one_process(command: BaseCommand, workers: int) -> None:
    """Say on stderr that more than one process was asked where only one can run (SQLite)."""
    if workers > 1 and not can_fork():
        command.stderr.write(str(MSG_ONE_PROCESS))
