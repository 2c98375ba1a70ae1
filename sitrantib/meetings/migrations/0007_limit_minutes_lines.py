import django.core.validators
from django.db import migrations, models

import sitrantib.meetings.minutes_text


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0006_limit_text_lengths"),
    ]

    operations = [
        migrations.AlterField(
            model_name="agendaitem",
            name="discussion",
            field=models.TextField(
                blank=True,
                max_length=20000,
                validators=[
                    django.core.validators.MaxLengthValidator(20000),
                    sitrantib.meetings.minutes_text.validate_minutes_lines,
                ],
                verbose_name="pembahasan",
            ),
        ),
        migrations.AlterField(
            model_name="meeting",
            name="minutes_summary",
            field=models.TextField(
                blank=True,
                max_length=20000,
                validators=[
                    django.core.validators.MaxLengthValidator(20000),
                    sitrantib.meetings.minutes_text.validate_minutes_lines,
                ],
                verbose_name="ringkasan notulen",
            ),
        ),
    ]
