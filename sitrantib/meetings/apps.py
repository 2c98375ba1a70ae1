from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "sitrantib.meetings"
    label = "meetings"
    verbose_name = _("Rapat dan tindak lanjut")

    def ready(self) -> None:
        from sitrantib.meetings import registry  # noqa: F401 - registers the meeting search
        from sitrantib.meetings.selectors import meetings_carried_out
        from sitrantib.planning.carried_out import register_carried_out

        # What meetings carried out of the annual plan (planning's calendar, docs/adr/0040).
        register_carried_out("meeting", meetings_carried_out)
