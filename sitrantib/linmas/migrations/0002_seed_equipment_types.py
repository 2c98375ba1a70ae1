"""Seed the equipment item types the KAK and Permendagri 11/2023 name; they stay editable data."""

from typing import Any

from django.db import migrations

TYPES = [
    ("ht", "HT (handy talky)", "unit", 10),
    ("rompi", "Rompi/jaket pengaman", "buah", 20),
    ("senter", "Senter", "buah", 30),
    ("seragam", "Seragam PDL LINMAS", "stel", 40),
    ("topi", "Topi/baret LINMAS", "buah", 50),
    ("sepatu", "Sepatu lapangan", "pasang", 60),
    ("jas_hujan", "Jas hujan", "buah", 70),
    ("pentungan", "Tongkat/pentungan", "buah", 80),
    ("p3k", "Kotak P3K", "paket", 90),
]


def seed(apps: Any, schema_editor: Any) -> None:
    EquipmentType = apps.get_model("linmas", "EquipmentType")
    for code, name, unit, order in TYPES:
        EquipmentType.objects.get_or_create(
            code=code, defaults={"name": name, "unit": unit, "order": order}
        )


def unseed(apps: Any, schema_editor: Any) -> None:
    EquipmentType = apps.get_model("linmas", "EquipmentType")
    EquipmentType.objects.filter(code__in=[t[0] for t in TYPES], stocks__isnull=True, issues__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("linmas", "0001_register")]

    operations = [migrations.RunPython(seed, unseed)]
