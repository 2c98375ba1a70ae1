import os
import secrets
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from sitrantib.accounts.models import User
from sitrantib.core.audit import record_change, snapshot
from sitrantib.core.enums import AuditAction, Role
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
            password = secrets.token_urlsafe(12)
        office = OfficeProfile.objects.order_by("district_id").first()
        user = User(
            username=username,
            is_staff=True,
            is_superuser=True,
            role=Role.TRANTIB_ADMIN.value,
            district_id=office.district_id if office else None,
        )
        user.set_password(password)
        user.save()
        record_change(actor=None, action=AuditAction.CREATE, instance=user, after=snapshot(user))
        self.stdout.write(self.style.SUCCESS(f"Administrator '{username}' dibuat."))
        if generated:
            self.stdout.write(f"Kata sandi (dicetak sekali ini saja): {password}")
