from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "sitrantib.meetings"
    label = "meetings"
    verbose_name = _("Rapat dan tindak lanjut")

    def ready(self) -> None:
        from sitrantib.meetings import registry  # noqa: F401 - registers the meeting search
