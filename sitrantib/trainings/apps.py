from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingsConfig(AppConfig):
    name = "sitrantib.trainings"
    label = "trainings"
    verbose_name = _("Pelatihan LINMAS")

    def ready(self) -> None:
        from sitrantib.planning.carried_out import register_carried_out
        from sitrantib.trainings import (
            member_history,  # noqa: F401 - the member page's section
            personal_data,  # noqa: F401 - its data about a member (docs/adr/0016)
            registry,  # noqa: F401 - its searches
        )
        from sitrantib.trainings.selectors import trainings_carried_out

        # What trainings carried out of the annual plan (planning's calendar, docs/adr/0040).
        register_carried_out("training", trainings_carried_out)
