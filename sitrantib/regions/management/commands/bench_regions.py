import resource
import time
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIRequestFactory, force_authenticate

from sitrantib.regions.api.views import VillageViewSet
from sitrantib.regions.models import Village
from sitrantib.regions.services import load_regions


class Command(BaseCommand):
    help = (
        "Mengukur pemuatan kode wilayah nasional dan halaman API desa pada skala nasional. "
        "Semua perubahan dibatalkan di akhir."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scope", default="all")

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            self._run(options["scope"])
            transaction.set_rollback(True)
        self.stdout.write("Semua perubahan pengukuran dibatalkan.")

    def _timed(self, label: str, func: Any) -> Any:
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            result = func()
        elapsed = (time.perf_counter() - start) * 1000
        self.stdout.write(f"{label:45} {elapsed:9.1f} ms  {len(queries):5} kueri")
        return result

    def _run(self, scope: str) -> None:
        self.stdout.write(f"Basis data: {connection.vendor}")
        self._timed("load_regions pertama", lambda: load_regions(scope=scope, actor=None))
        result = self._timed(
            "load_regions kedua (tanpa perubahan)", lambda: load_regions(scope=scope, actor=None)
        )
        self.stdout.write(f"  perubahan pada pemuatan kedua: {result.changed}")
        self.stdout.write(f"  desa/kelurahan: {Village.objects.count()}")
        user = get_user_model()(
            username="bench-national", role="trantib_admin", coverage="national", is_active=True
        )
        user.save()
        factory = APIRequestFactory()
        view = VillageViewSet.as_view({"get": "list"})

        def page(url: str) -> Any:
            request = factory.get(url, HTTP_HOST="127.0.0.1")
            force_authenticate(request, user=user)
            response = view(request)
            response.render()
            return response

        first = self._timed("API /villages/ halaman 1", lambda: page("/api/v1/villages/"))
        url = first.data["next"]
        for _ in range(99):
            url = page(url).data["next"]
        self._timed("API /villages/ halaman 101 (kursor)", lambda: page(url))
        self._timed(
            "API /villages/?district=35.08.07", lambda: page("/api/v1/villages/?district=35.08.07")
        )
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.stdout.write(f"Memori puncak proses: {peak_mb:.0f} MB")
