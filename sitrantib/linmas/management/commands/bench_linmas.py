"""Create N members in a throwaway transaction and time the register's pages and queries."""

import html
import re
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sitrantib.linmas.benchdata import make_bench_register


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Ukur waktu dan jumlah kueri halaman register LINMAS dengan N anggota (data dibuang)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--members", type=int, default=180)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with transaction.atomic():
                self._run(options["members"])
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
