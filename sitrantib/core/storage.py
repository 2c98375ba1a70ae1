"""Where files are kept. Personal files go to private storage, which has no public URL."""

from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.utils.functional import cached_property


class PrivateFileSystemStorage(FileSystemStorage):
    """Files under PRIVATE_MEDIA_ROOT that no URL points to; a view that checks scope streams them.

    The location follows the setting (also when a test changes it), like MEDIA_ROOT does for
    Django's own file storage.
    """

    @cached_property
    def base_location(self) -> Any:
        configured = self.__dict__.get("_location")
        return self._value_or_setting(configured, settings.PRIVATE_MEDIA_ROOT)

    def _clear_cached_properties(self, setting: Any, **kwargs: Any) -> None:
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "PRIVATE_MEDIA_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    def url(self, name: str | None) -> str:
        raise ValueError("This file is not accessible via a URL; serve it through a scoped view.")


def private_storage() -> Storage:
    """Storage for photos, evidence and imports; served only by views that check scope."""
    return storages["private"]
