from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "sitrantib.planning"
    label = "planning"
    verbose_name = _("Rencana kegiatan (KAK)")

    def ready(self) -> None:
        from sitrantib.core.homepanels import register_home_panel
        from sitrantib.planning import quality  # noqa: F401  (registers the data-quality rules)
        from sitrantib.planning.selectors import coming_month_panel

        register_home_panel(
            "planning.coming_month",
            template="planning/_home_panel.html",
            context=coming_month_panel,
        )
