"""Spending imported from the XLSX an office already keeps (the shared staged pipeline).

One row per payment: date, account code and/or line name (as written in the budget), amount,
description. A row names its line by code (compared normalised) or, without a code, by name.
The rule of the ceiling holds for the whole file: rows that would take a line past its ceiling
are errors and nothing is saved. A row identical to a recorded payment (line, date, amount,
description) is "unchanged", so importing the same file twice adds nothing.
"""

from collections import defaultdict
from decimal import Decimal
from functools import partial
from typing import IO, TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sitrantib.budget.models import BudgetLine, Spending
from sitrantib.budget.services import MESSAGE_ABOVE_CEILING, lines_matching, record_spending
from sitrantib.core.formatting import format_rupiah
from sitrantib.core.imports import (
    Column,
    ImportResult,
    ImportRow,
    ImportSpec,
    confirm_import,
    stage_import,
)
from sitrantib.core.models import ImportBatch
from sitrantib.core.spreadsheets import RowError
from sitrantib.core.text import TextLimit
from sitrantib.regions.models import District

if TYPE_CHECKING:
    from sitrantib.accounts.models import User

MESSAGE_NO_LINE = gettext_noop("Mata anggaran tidak ditemukan di tahun %(year)s.")
MESSAGE_MANY_LINES = gettext_noop("Lebih dari satu mata anggaran cocok; isi kode rekeningnya.")
MESSAGE_NEED_LINE = gettext_noop("Isi kode rekening atau uraian mata anggaran.")
MESSAGE_WRONG_YEAR = gettext_noop("Tanggal harus di tahun %(year)s.")

SPENDING = ImportSpec(
    kind="budget.spending",
    sheet_title="Realisasi",
    columns=(
        Column(
            "tanggal", "Tanggal", required=True, field="on_date", type="date", example="15-03-2020"
        ),
        Column(
            "kode",
            "Kode Rekening",
            field="code",
            max_length=40,
            text_only=True,
            help="Boleh kosong bila uraian diisi.",
            example="5.1.02.01.01.0052",
        ),
        Column(
            "mata_anggaran",
            "Mata Anggaran",
            field="line_name",
            max_length=TextLimit.TITLE,
            example="Belanja Makanan dan Minuman Rapat",
        ),
        Column(
            "jumlah",
            "Jumlah",
            required=True,
            field="amount",
            type="decimal",
            min_value=Decimal(1),
            max_value=Decimal("999999999999999"),
            example="1200000",
        ),
        Column(
            "uraian",
            "Uraian",
            required=True,
            field="description",
            max_length=TextLimit.SHORT_NOTE,
            example="Konsumsi rapat koordinasi Februari",
        ),
    ),
)


def _lines(district: District, year: int) -> list[BudgetLine]:
    return list(BudgetLine.objects.filter(district=district, year=year).order_by("position", "pk"))


def validate_spending(rows: list[ImportRow], *, district: District, year: int) -> list[RowError]:
    lines = _lines(district, year)
    by_pk = {line.pk: line for line in lines}
    spent: dict[int, Decimal] = defaultdict(Decimal)
    existing: set[tuple[int, Any, Decimal, str]] = set()
    for payment in Spending.objects.filter(line__in=lines):
        spent[payment.line_id] += payment.amount
        existing.add((payment.line_id, payment.on_date, payment.amount, payment.description))
    errors: list[RowError] = []
    for row in rows:
        values = row.values
        code, name = values.get("kode") or "", values.get("mata_anggaran") or ""
        if not code and not name:
            errors.append(SPENDING.error(row, "mata_anggaran", _(MESSAGE_NEED_LINE)))
            continue
        try:
            found = lines_matching(lines, code=code, name=name)
        except ValidationError as exc:
            errors.append(SPENDING.error(row, "kode", " ".join(exc.messages)))
            continue
        column = "kode" if code else "mata_anggaran"
        if not found:
            errors.append(SPENDING.error(row, column, _(MESSAGE_NO_LINE) % {"year": year}))
            continue
        if len(found) > 1:
            errors.append(SPENDING.error(row, column, _(MESSAGE_MANY_LINES)))
            continue
        line = found[0]
        on_date, amount = values.get("tanggal"), values.get("jumlah")
        if on_date is None or amount is None:
            continue
        if on_date.year != year:
            errors.append(SPENDING.error(row, "tanggal", _(MESSAGE_WRONG_YEAR) % {"year": year}))
            continue
        if (line.pk, on_date, amount, values.get("uraian") or "") in existing:
            row.plan_unchanged(target=line.pk)
            continue
        remaining = by_pk[line.pk].ceiling - spent[line.pk]
        if amount > remaining:
            errors.append(
                SPENDING.error(
                    row,
                    "jumlah",
                    _(MESSAGE_ABOVE_CEILING)
                    % {
                        "amount": format_rupiah(amount),
                        "remaining": format_rupiah(max(remaining, Decimal(0))),
                        "ceiling": format_rupiah(line.ceiling),
                        "spent": format_rupiah(spent[line.pk]),
                    },
                )
            )
            continue
        spent[line.pk] += amount
        row.plan_create()
        row.target = line.pk
    return errors


def apply_spending(rows: list[ImportRow], *, actor: "User") -> ImportResult:
    created = 0
    for row in rows:
        values = row.values
        line = BudgetLine.objects.get(pk=row.target)
        record_spending(
            line=line,
            on_date=values["tanggal"],
            amount=values["jumlah"],
            description=values["uraian"],
            actor=actor,
        )
        created += 1
    return ImportResult(created=created, updated=0, unchanged=0)


def stage_spending(
    *, upload: IO[bytes], district: District, year: int, actor: "User"
) -> ImportBatch:
    return stage_import(
        spec=SPENDING,
        upload=upload,
        actor=actor,
        scope_key=f"{district.code}:{year}",
        district_code=district.code,
        validate=partial(validate_spending, district=district, year=year),
    )


def confirm_spending(*, batch: ImportBatch, actor: "User") -> ImportResult:
    return confirm_import(
        batch=batch, spec=SPENDING, actor=actor, apply=partial(apply_spending, actor=actor)
    )
