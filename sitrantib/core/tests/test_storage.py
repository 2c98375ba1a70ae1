import pytest
from django.core.files.base import ContentFile

from sitrantib.core.storage import private_storage


def test_private_files_follow_the_setting_and_have_no_url(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "rahasia"

    name = private_storage().save("foto/a.txt", ContentFile(b"isi"))

    assert (tmp_path / "rahasia" / name).read_bytes() == b"isi"
    with pytest.raises(ValueError, match="not accessible via a URL"):
        private_storage().url(name)
