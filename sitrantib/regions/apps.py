from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    name = "sitrantib.regions"
    label = "regions"
    verbose_name = _("Wilayah")

    def ready(self) -> None:
        from sitrantib.regions import search  # noqa: F401 - registers the desa search
