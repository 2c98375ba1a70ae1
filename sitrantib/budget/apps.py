from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetConfig(AppConfig):
    name = "sitrantib.budget"
    label = "budget"
    verbose_name = _("Anggaran")

    def ready(self) -> None:
        from sitrantib.budget import quality  # noqa: F401  (registers the data-quality rules)
