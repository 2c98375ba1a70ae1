from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "sitrantib.reports"
    label = "reports"
    verbose_name = _("Laporan dan dokumen resmi")

    def ready(self) -> None:
        # Each module registers its report kind (catalogue.register_report) on import.
        from sitrantib.reports import jobs, kinds  # noqa: F401 - registration
        from sitrantib.reports.services import register_archive_kinds

        # Every report kind is a kind of the archive too (who may make it reads its copies).
        register_archive_kinds()
