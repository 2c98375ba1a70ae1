"""The LINMAS import done by django-import-export, for the comparison of `manage.py bench`.

The same XLSX file, the same checks as `linmas.imports`: required columns, the NIK (structure,
province, date, serial) with the sex and birth date it states, the choices, the model's own
validation (full_clean), an existing NIK updated rather than doubled; a preview (dry run) then
the import, as the library's two-step admin flow does. Used only by the benchmark.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from import_export import fields, resources, widgets
from tablib import Dataset

from sitrantib.linmas.imports import MEMBERS
from sitrantib.linmas.models import Member
from sitrantib.linmas.nik import NikError, check_nik, mismatch_messages
from sitrantib.linmas.services import new_verification_code
from sitrantib.regions.models import Village

DATE = widgets.DateWidget(format="%d-%m-%Y")
# Member attribute of each column of the LINMAS import template.
ATTRIBUTES = {c.label: (c.field or c.key) for c in MEMBERS.columns}


class MemberResource(resources.ModelResource):
    nik = fields.Field(attribute="nik", column_name="NIK")
    village = fields.Field(
        attribute="village", column_name="village", widget=widgets.ForeignKeyWidget(Village, "code")
    )

    def __init__(self, village_code: str) -> None:
        super().__init__()
        self.village_code = village_code
        self.regions: dict[str, bool] = {}
        for column in MEMBERS.columns:
            if column.key == "nik":
                continue
            widget = DATE if column.type == "date" else widgets.CharWidget()
            self.fields[column.field] = fields.Field(
                attribute=column.field, column_name=column.label, widget=widget
            )

    class Meta:
        model = Member
        import_id_fields = ("nik",)
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = False
        fields = ("nik", "village")

    def _region(self, code: str) -> bool | None:
        if code not in self.regions:
            from sitrantib.regions.models import District

            self.regions[code] = District.objects.filter(code=code).exists()
        return self.regions[code]

    def before_import_row(self, row: Any, **kwargs: Any) -> None:
        row["village"] = self.village_code
        for column in MEMBERS.columns:
            value = row.get(column.label)
            if column.required and value in (None, ""):
                raise ValueError(f"{column.label} wajib diisi")
            if column.choices and value not in (None, "") and value not in column.choices:
                raise ValueError(f"{column.label}: pilihan tidak dikenal")
        try:
            facts = check_nik(row["NIK"], region_lookup=self._region, today=timezone.localdate())
        except NikError as exc:
            raise ValueError(str(exc)) from exc
        row["NIK"] = facts.nik
        born = dt.datetime.strptime(str(row["Tanggal Lahir (dd-mm-yyyy)"]), "%d-%m-%Y").date()
        problems = mismatch_messages(facts, sex=row["Jenis Kelamin (L/P)"], birth_date=born)
        if problems:
            raise ValueError("; ".join(problems.values()))
        if not row.get("Jabatan"):
            row["Jabatan"] = "anggota"

    def before_save_instance(self, instance: Member, row: Any, **kwargs: Any) -> None:
        if not instance.verification_code:
            instance.verification_code = new_verification_code()


def import_with_library(content: bytes, *, village_code: str) -> tuple[int, int]:
    """Preview (dry run) then import; (rows created, rows with errors)."""
    resource = MemberResource(village_code)
    dataset = Dataset().load(content, format="xlsx")
    preview = resource.import_data(dataset, dry_run=True, raise_errors=False)
    if preview.has_errors() or preview.has_validation_errors():
        return 0, len(preview.invalid_rows) + len(preview.row_errors())
    resource = MemberResource(village_code)
    dataset = Dataset().load(content, format="xlsx")
    result = resource.import_data(dataset, dry_run=False, raise_errors=True)
    return result.totals.get("new", 0), 0
