"""Where files are kept. Personal files go to private storage, which has no public URL."""

from django.core.files.storage import FileSystemStorage, Storage, storages


class PrivateFileSystemStorage(FileSystemStorage):
    """Files on disk that no URL points to; a view that checks scope streams them."""

    def url(self, name: str | None) -> str:
        raise ValueError("This file is not accessible via a URL; serve it through a scoped view.")


def private_storage() -> Storage:
    """Storage for photos, evidence and imports; served only by views that check scope."""
    return storages["private"]
