"""Document types get a version and their editors (they are edited through the API and the
pages, docs/adr/0090); an event-driven deadline may be set in calendar months, and the RPJMDes
default becomes "3 months after the inauguration" (it was 90 days)."""

from typing import Any

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def rpjmdes_in_months(apps: Any, schema_editor: Any) -> None:
    DocumentType = apps.get_model("villagedocs", "DocumentType")
    DocumentType.objects.filter(
        district=None, code="rpjmdes", due_days_after_event=90, due_months_after_event=None
    ).update(due_days_after_event=None, due_months_after_event=3)


def rpjmdes_in_days(apps: Any, schema_editor: Any) -> None:
    DocumentType = apps.get_model("villagedocs", "DocumentType")
    DocumentType.objects.filter(
        district=None, code="rpjmdes", due_days_after_event=None, due_months_after_event=3
    ).update(due_days_after_event=90, due_months_after_event=None)


class Migration(migrations.Migration):
    dependencies = [
        ("villagedocs", "0002_document_types"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="documenttype",
            name="created_at",
            field=models.DateTimeField(
                auto_now_add=True, default=django.utils.timezone.now, verbose_name="dibuat pada"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="documenttype",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="diubah pada"),
        ),
        migrations.AddField(
            model_name="documenttype",
            name="created_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="dibuat oleh",
            ),
        ),
        migrations.AddField(
            model_name="documenttype",
            name="updated_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="diubah oleh",
            ),
        ),
        migrations.AddField(
            model_name="documenttype",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False, verbose_name="versi"),
        ),
        migrations.AddField(
            model_name="documenttype",
            name="due_months_after_event",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="Bulan kalender; bila diisi, dipakai sebagai ganti hari sesudah peristiwa.",
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(1),
                    django.core.validators.MaxValueValidator(24),
                ],
                verbose_name="bulan sesudah peristiwa",
            ),
        ),
        migrations.AlterModelOptions(
            name="sentdocumentreminder",
            options={
                "verbose_name": "pengingat dokumen terkirim",
                "verbose_name_plural": "pengingat dokumen terkirim",
            },
        ),
        migrations.AlterField(
            model_name="sentdocumentreminder",
            name="bucket",
            field=models.DateField(verbose_name="kelompok"),
        ),
        migrations.AlterField(
            model_name="sentdocumentreminder",
            name="kind",
            field=models.CharField(max_length=10, verbose_name="jenis"),
        ),
        migrations.AlterField(
            model_name="sentdocumentreminder",
            name="obligation",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="villagedocs.obligation",
                verbose_name="kewajiban",
            ),
        ),
        migrations.AlterField(
            model_name="sentdocumentreminder",
            name="sent_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="dikirim pada"),
        ),
        migrations.AlterField(
            model_name="sentdocumentreminder",
            name="user",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="penerima",
            ),
        ),
        migrations.RunPython(rpjmdes_in_months, rpjmdes_in_days),
    ]
