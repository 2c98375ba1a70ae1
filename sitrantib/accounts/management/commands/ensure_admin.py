import os
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from sitrantib.accounts.models import User
from sitrantib.accounts.services import generated_password
from sitrantib.core.audit import save_new
from sitrantib.core.enums import Role
from sitrantib.regions.models import OfficeProfile


class Command(BaseCommand):
    help = (
        "Membuat administrator pertama bila belum ada. Kata sandi dari SITRANTIB_ADMIN_PASSWORD, "
        "atau dibuatkan dan dicetak sekali."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--username", default=os.environ.get("SITRANTIB_ADMIN_USERNAME", "admin")
        )

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        username = options["username"]
        if User.objects.filter(username=username).exists():
            self.stdout.write(f"Administrator '{username}' sudah ada; kata sandinya tidak diubah.")
            return
        password = os.environ.get("SITRANTIB_ADMIN_PASSWORD", "")
        generated = not password
        if generated:
            password = generated_password()
        office = OfficeProfile.objects.order_by("district_id").first()
        user = User(
            username=username,
            is_staff=True,
            is_superuser=True,
            role=Role.TRANTIB_ADMIN.value,
            district_id=office.district_id if office else None,
        )
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise CommandError(
                "SITRANTIB_ADMIN_PASSWORD tidak memenuhi aturan kata sandi:\n"
                + "\n".join(exc.messages)
            ) from exc
        user.set_password(password)
        with transaction.atomic():
            save_new(user, actor=None)
        self.stdout.write(self.style.SUCCESS(f"Administrator '{username}' dibuat."))
        if generated:
            self.stdout.write(f"Kata sandi (dicetak sekali ini saja): {password}")
