# Member imports are staged in core.ImportBatch (the shared pipeline) and keep no file.

from typing import Any

from django.db import migrations


def delete_staged_files(apps: Any, schema_editor: Any) -> None:
    """Uploaded files still waiting for confirmation hold NIKs: remove them with their rows."""
    MemberImport = apps.get_model("linmas", "MemberImport")
    for staged in MemberImport.objects.exclude(file="").iterator():
        staged.file.delete(save=False)


class Migration(migrations.Migration):
    dependencies = [
        ("linmas", "0004_add_version"),
    ]

    operations = [
        migrations.RunPython(delete_staged_files, migrations.RunPython.noop),
        migrations.RemoveIndex(
            model_name="memberimport",
            name="linmas_import_owner_idx",
        ),
        migrations.DeleteModel(
            name="MemberImport",
        ),
    ]
