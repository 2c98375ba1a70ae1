from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "sitrantib.core"
    label = "core"
    verbose_name = _("Inti")

    def ready(self) -> None:
        # Each app may contribute data-quality rules (quality.py), home-page figures and next
        # steps (homepanels.py) and site-search groups (site_search.py); docs/adr/0053.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("quality", "homepanels", "site_search")

        # Django's empty choice reads "- Select an option -"; the Indonesian UI needs its own.
        from django.db.models import fields

        fields.BLANK_CHOICE_LABEL = _("- Pilih -")

        # An id of 1.5 or true is refused by every serializer, never read as the record 1.
        from sitrantib.core.api import refuse_inexact_related_ids

        refuse_inexact_related_ids()
