from typing import Any

from django.db import migrations

KINDS = [
    ("dasar", "Pelatihan Dasar", 1),
    ("teknis", "Pelatihan Teknis", 2),
    ("penyegaran", "Penyegaran", 3),
]


def seed(apps: Any, schema_editor: Any) -> None:
    TrainingKind = apps.get_model("trainings", "TrainingKind")
    for code, name, order in KINDS:
        TrainingKind.objects.get_or_create(code=code, defaults={"name": name, "order": order})


def unseed(apps: Any, schema_editor: Any) -> None:
    apps.get_model("trainings", "TrainingKind").objects.filter(
        code__in=[code for code, _name, _order in KINDS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("trainings", "0001_trainings")]
    operations = [migrations.RunPython(seed, unseed)]
