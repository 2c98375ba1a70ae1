from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "sitrantib.core"
    label = "core"
    verbose_name = _("Inti")

    def ready(self) -> None:
        # Each app may contribute data-quality rules in a module named quality.py.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("quality")

        # Django's empty choice reads "- Select an option -"; the Indonesian UI needs its own.
        from django.db.models import fields

        fields.BLANK_CHOICE_LABEL = _("- Pilih -")
