from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LinmasConfig(AppConfig):
    name = "sitrantib.linmas"
    label = "linmas"
    verbose_name = _("LINMAS")

    def ready(self) -> None:
        from sitrantib.linmas import registry  # noqa: F401 - registers searches and exports
