import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0008_store_follow_up_figures"),
        ("planning", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="meeting",
            name="planned_activity",
            field=models.ForeignKey(
                blank=True,
                help_text="Kegiatan rencana kerja tahunan yang dilaksanakan oleh rapat ini.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="meetings",
                to="planning.plannedactivity",
                verbose_name="kegiatan dalam rencana",
            ),
        ),
    ]
