"""Every management command explains itself: `manage.py COMMAND --help` works."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

COMMANDS = sorted(
    p.stem
    for p in Path(settings.BASE_DIR).glob("sitrantib/*/management/commands/*.py")
    if p.stem != "__init__"
)


@pytest.mark.parametrize("name", COMMANDS)
def test_command_help_renders(name, capsys):
    with pytest.raises(SystemExit) as excinfo:
        call_command(name, "--help", stdout=io.StringIO())

    assert excinfo.value.code == 0
    assert "usage:" in capsys.readouterr().out


# The commands that recompute stored figures share their arguments (core/commands.py).
RECOMPUTING = ["compute_follow_up", "compute_ikm", "compute_indicators", "compute_readiness"]


@pytest.mark.parametrize("name", RECOMPUTING)
def test_recomputing_commands_refuse_a_bad_number_of_processes_in_the_active_language(name):
    from django.core.management.base import CommandError
    from django.utils import translation

    extra = ["--year", "2026"] if name == "compute_indicators" else []
    answers = []
    for language in ("id", "en"):
        with translation.override(language), pytest.raises(CommandError) as refused:
            call_command(name, *extra, "--workers", "65", stdout=io.StringIO())
        answers.append(str(refused.value))
    assert "Jumlah proses harus 1 sampai 64." in answers[0]
    assert "The number of processes must be 1 to 64." in answers[1]


@pytest.mark.parametrize("name", ["compute_follow_up", "compute_indicators"])
def test_a_year_outside_1900_to_2100_is_refused_naming_the_value(name):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Tahun tidak valid: 1800"):
        call_command(name, "--year", "1800", stdout=io.StringIO())
