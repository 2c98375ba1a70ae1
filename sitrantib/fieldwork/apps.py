from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FieldworkConfig(AppConfig):
    name = "sitrantib.fieldwork"
    label = "fieldwork"
    verbose_name = _("Kerja lapangan")

    def ready(self) -> None:
        import sitrantib.fieldwork.forms.records
        import sitrantib.fieldwork.forms.visit_form  # the searches its forms register
        import sitrantib.fieldwork.ledger  # noqa: F401  # visits as origins in the ledger (ADR 0083)
        from sitrantib.fieldwork.selectors import (
            accompaniment_carried_out,
            monitoring_carried_out,
        )
        from sitrantib.planning.carried_out import register_carried_out

        # What visits carried out of the annual plan (planning's calendar, docs/adr/0040).
        register_carried_out("accompaniment", accompaniment_carried_out)
        register_carried_out("monitoring", monitoring_carried_out)
