from typing import Any

from django.db import migrations

# The kinds the KAK names; more can be added as data.
KINDS = [
    ("rapat_koordinasi", "Rapat koordinasi", 1),
    ("rapat_evaluasi", "Rapat evaluasi", 2),
    ("lainnya", "Lainnya", 9),
]


def seed(apps: Any, schema_editor: Any) -> None:
    MeetingKind = apps.get_model("meetings", "MeetingKind")
    for code, name, order in KINDS:
        MeetingKind.objects.update_or_create(code=code, defaults={"name": name, "order": order})


def unseed(apps: Any, schema_editor: Any) -> None:
    MeetingKind = apps.get_model("meetings", "MeetingKind")
    MeetingKind.objects.filter(code__in=[k[0] for k in KINDS]).delete()


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_meetings_and_follow_ups")]

    operations = [migrations.RunPython(seed, unseed)]
