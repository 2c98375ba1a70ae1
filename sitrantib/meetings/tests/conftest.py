import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Evidence files of a test go to its own folder, never into var/."""
    settings.MEDIA_ROOT = tmp_path / "media"
