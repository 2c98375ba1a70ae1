from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VillagedocsConfig(AppConfig):
    name = "sitrantib.villagedocs"
    label = "villagedocs"
    verbose_name = _("Dokumen desa")
