from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sitrantib.accounts.models import User
from sitrantib.accounts.services import issue_api_token


class Command(BaseCommand):
    help = "Mencetak token API pribadi pengguna (untuk header Authorization: Token <key>)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--rotate", action="store_true", help="Ganti token lama dengan yang baru."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(f"Pengguna aktif {options['username']} tidak ditemukan.")
        token = issue_api_token(user=user, actor=None, rotate=options["rotate"])
        self.stdout.write(token.key)
