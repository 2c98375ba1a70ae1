from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "sitrantib.indicators"
    label = "indicators"
    verbose_name = _("Indikator kinerja")

    def ready(self) -> None:
        from sitrantib.indicators import calculators_kak, signals  # noqa: F401 - registration
