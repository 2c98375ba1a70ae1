"""Action items get their own kecamatan (filled from their meeting), so an item may come from
somewhere other than a meeting (a field visit, docs/adr/0083). Made non-null in 0012: on
PostgreSQL the rows are updated and the column altered in separate transactions."""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_district(apps: Any, schema_editor: Any) -> None:
    ActionItem = apps.get_model("meetings", "ActionItem")
    Meeting = apps.get_model("meetings", "Meeting")
    district = Meeting.objects.filter(pk=OuterRef("meeting_id")).values("district_id")[:1]
    ActionItem.objects.filter(district__isnull=True).update(district=Subquery(district))


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0010_chair_signatory_and_evidence_thumbnail"),
        ("regions", "0004_add_institution_kinds"),
    ]

    operations = [
        migrations.AddField(
            model_name="actionitem",
            name="district",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="regions.district",
                verbose_name="kecamatan",
            ),
        ),
        migrations.AddField(
            model_name="actionitem",
            name="origin_date",
            field=models.DateField(blank=True, null=True, verbose_name="tanggal asal"),
        ),
        migrations.RunPython(fill_district, migrations.RunPython.noop),
    ]
