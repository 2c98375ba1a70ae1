"""Create N members in a throwaway transaction and time the register's pages and queries."""

import html
import re
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sitrantib.accounts.models import User
from sitrantib.linmas.benchdata import import_workbook, make_bench_register
from sitrantib.regions.models import Village


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Ukur waktu dan jumlah kueri halaman register LINMAS dengan N anggota (data dibuang)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--members", type=int, default=180)
        parser.add_argument(
            "--import-rows",
            type=int,
            default=0,
            help="juga ukur impor XLSX berisi N anggota baru lalu N perubahan (mis. 10000)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with transaction.atomic():
                self._run(options["members"])
                if options["import_rows"]:
                    self._import(options["import_rows"])
                raise _Rollback
        except _Rollback:
            self.stdout.write("data uji dibuang (rollback)")

    def _run(self, count: int) -> None:
        user = make_bench_register(members=count)
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        urls = ["/linmas/", "/linmas/anggota/", "/api/v1/linmas-members/?page_size=50"]
        page = client.get("/linmas/anggota/")
        found = re.search(r'href="([^"]+)"\s+rel="next"', page.content.decode())
        if found:
            urls.append("/linmas/anggota/" + html.unescape(found.group(1)))
        self.stdout.write(f"{count} anggota")
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(url)
                elapsed = (time.perf_counter() - start) * 1000
            self.stdout.write(
                f"{url}: HTTP {response.status_code}, {elapsed:.0f} ms, {len(queries)} kueri"
            )

    def _import(self, count: int) -> None:
        """Time staging (read + checks) and confirming (bulk writes) of an import of `count`
        new members, then of the same file with every member changed, with query counts."""
        from django.core.files.uploadedfile import SimpleUploadedFile

        from sitrantib.linmas.imports import confirm_members, stage_members
        from sitrantib.linmas.models import Member

        user = User.objects.get(username="bench-linmas")
        village = Village.objects.get(code="35.08.07.2001")
        for label, phone in (("baru", "081200000000"), ("ubah", "081299999999")):
            content = import_workbook(count, phone=phone)
            with CaptureQueriesContext(connection) as staged_queries:
                start = time.perf_counter()
                batch = stage_members(
                    village=village,
                    upload=SimpleUploadedFile("bench.xlsx", content),
                    actor=user,
                )
                staged = time.perf_counter() - start
            with CaptureQueriesContext(connection) as confirm_queries:
                start = time.perf_counter()
                result = confirm_members(batch=batch, actor=user)
                confirmed = time.perf_counter() - start
            self.stdout.write(
                f"impor {count} baris ({label}): unggah+periksa {staged * 1000:.0f} ms "
                f"({len(staged_queries)} kueri, {batch.error_count} galat), konfirmasi "
                f"{confirmed * 1000:.0f} ms ({len(confirm_queries)} kueri); baru {result.created}, "
                f"diubah {result.updated}; anggota {Member.objects.count()}"
            )
