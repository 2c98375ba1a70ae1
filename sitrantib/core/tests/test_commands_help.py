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
