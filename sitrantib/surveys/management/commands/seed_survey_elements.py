"""Create the nine SKM elements of PermenPANRB 14/2017 that are missing (safe to run again)."""

from typing import Any

from django.core.management.base import BaseCommand

from sitrantib.surveys.services import ensure_default_elements


class Command(BaseCommand):
    help = "Isi unsur survei bawaan (U1-U9 PermenPANRB 14/2017) yang belum ada."

    def handle(self, *args: Any, **options: Any) -> None:
        created = ensure_default_elements()
        self.stdout.write(f"{created} unsur dibuat.")
