"""Storing computed values: the computed fields of many values written in one batched UPDATE
(`write_computed`), never a statement per field and row."""

from collections.abc import Sequence
from typing import Any

from django.db import connection
from django.utils.functional import Promise

from sitrantib.indicators.models import IndicatorValue

COMPUTED_FIELDS = ["value", "numerator", "denominator", "target", "achievement", "note", "status"]

# Values per UPDATE statement on PostgreSQL (each column sent as one array).
WRITE_ROWS = 5000


def write_computed(values: Sequence[IndicatorValue]) -> None:
    """Store the computed fields of the values. PostgreSQL: one `UPDATE ... FROM unnest(...)`
    per `WRITE_ROWS` values (each column sent as one array); elsewhere one UPDATE statement run
    for every row (`executemany`). Never a CASE per field and row."""
    names = [*COMPUTED_FIELDS, "computed_at"]
    by_name = {f.name: f for f in IndicatorValue._meta.concrete_fields}
    fields = [by_name[name] for name in names]
    quote = connection.ops.quote_name
    table = quote(IndicatorValue._meta.db_table)
    # One conversion per distinct lazy text (the notes repeat), not one translation per row.
    texts: dict[int, str] = {}

    def prepared(field: Any, value: IndicatorValue) -> Any:
        raw = getattr(value, field.attname)
        if isinstance(raw, Promise):
            raw = texts.setdefault(id(raw), str(raw))
        return field.get_db_prep_save(raw, connection)

    rows = [[*(prepared(f, v) for f in fields), v.pk] for v in values]
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            columns = ", ".join(f"{quote(str(f.column))} = %s" for f in fields)
            sql = f"UPDATE {table} SET {columns} WHERE {quote('id')} = %s"  # noqa: S608  # nosec B608  # quoted model names, values bound
            cursor.executemany(sql, rows)
            return
        arrays = ", ".join(f"%s::{f.cast_db_type(connection)}[]" for f in fields)
        names_sql = ", ".join(quote(str(f.column)) for f in fields)
        assign = ", ".join(f"{quote(str(f.column))} = v.{quote(str(f.column))}" for f in fields)
        sql = (
            f"UPDATE {table} AS t SET {assign} "  # noqa: S608  # nosec B608  # quoted model names, values bound
            f"FROM unnest({arrays}, %s::bigint[]) AS v({names_sql}, {quote('id')}) "
            f"WHERE t.{quote('id')} = v.{quote('id')}"
        )
        for start in range(0, len(rows), WRITE_ROWS):
            part = rows[start : start + WRITE_ROWS]
            cursor.execute(sql, [list(column) for column in zip(*part, strict=True)])
