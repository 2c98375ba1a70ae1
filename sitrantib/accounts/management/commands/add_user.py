import os
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sitrantib.accounts.services import create_user, generated_password
from sitrantib.core.enums import Coverage, Role
from sitrantib.regions.models import District, Institution, Regency, Village


class Command(BaseCommand):
    help = "Membuat pengguna dengan peran dan cakupan wilayah."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=[r.value for r in Role])
        parser.add_argument(
            "--district",
            default="",
            help="Kode kecamatan, misalnya 35.08.07 (kosong untuk cakupan kabupaten/nasional).",
        )
        parser.add_argument(
            "--coverage",
            default="",
            choices=[c.value for c in Coverage if c.value],
            help="Cakupan lebih luas dari peran: regency (kabupaten) atau national (nasional).",
        )
        parser.add_argument(
            "--regency", default="", help="Kode kabupaten untuk --coverage regency."
        )
        parser.add_argument(
            "--village", action="append", default=[], help="Kode desa (boleh berulang)."
        )
        parser.add_argument("--institution", type=int, help="ID instansi untuk peran mitra.")
        parser.add_argument("--name", default="", help="Nama lengkap.")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--password-env",
            help="Nama variabel lingkungan berisi kata sandi; tanpa ini dibuatkan.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        district = None
        if options["district"]:
            district = District.objects.filter(code=options["district"]).first()
            if district is None:
                raise CommandError(f"Kecamatan {options['district']} tidak ditemukan.")
        regency = None
        if options["regency"]:
            regency = Regency.objects.filter(code=options["regency"]).first()
            if regency is None:
                raise CommandError(f"Kabupaten {options['regency']} tidak ditemukan.")
        villages = list(Village.objects.filter(code__in=options["village"]))
        missing = sorted(set(options["village"]) - {v.code for v in villages})
        if missing:
            raise CommandError(f"Desa tidak ditemukan: {', '.join(missing)}")
        institution = None
        if options["institution"] is not None:
            institution = Institution.objects.filter(pk=options["institution"]).first()
            if institution is None:
                raise CommandError(f"Instansi {options['institution']} tidak ditemukan.")
        generated = False
        if options["password_env"]:
            password = os.environ.get(options["password_env"], "")
            if not password:
                raise CommandError(f"Variabel lingkungan {options['password_env']} kosong.")
        else:
            password = generated_password()
            generated = True
        try:
            user = create_user(
                username=options["username"],
                role=options["role"],
                district=district,
                villages=villages,
                institution=institution,
                password=password,
                full_name=options["name"],
                email=options["email"],
                coverage=options["coverage"],
                regency=regency,
                actor=None,
            )
        except ValidationError as exc:
            lines = [f"{field}: {msg}" for field, msgs in exc.message_dict.items() for msg in msgs]
            raise CommandError("Pengguna tidak dibuat:\n" + "\n".join(lines)) from exc
        self.stdout.write(self.style.SUCCESS(f"Pengguna {user.username} dibuat ({user.role})."))
        if generated:
            self.stdout.write(f"Kata sandi (catat sekarang, tidak ditampilkan lagi): {password}")
