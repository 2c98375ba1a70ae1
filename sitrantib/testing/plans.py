"""The database's plan for a queryset, for tests that a query is answered from an index
(issue 16: EXPLAIN checks on the largest tables).

SQLite answers EXPLAIN QUERY PLAN; PostgreSQL answers EXPLAIN with sequential scans
discouraged, so on a small test table it still shows whether an index *can* serve the query.
Before explaining, PostgreSQL analyses the tables the statement reads: the planner then weighs
the rows this test made, never the statistics an earlier test (or the server's own analyser)
left behind; without that, the same test chose another plan in one run out of many.
"""

import re
from typing import Any

from django.db import connection
from django.db.models import QuerySet


def plan(queryset: QuerySet[Any]) -> list[str]:
    """The plan's lines of a queryset."""
    sql, params = queryset.query.sql_with_params()
    return plan_of_sql(sql, params)


TABLE = re.compile(r'(?:FROM|JOIN)\s+"([a-z0-9_]+)"')


def tables_of(sql: str) -> list[str]:
    """The tables a statement reads, each once, in the order they are named."""
    return list(dict.fromkeys(TABLE.findall(sql)))


def plan_of_sql(sql: str, params: Any = None, *, ordered_by_index: bool = False) -> list[str]:
    """The plan's lines of an SQL statement (e.g. one captured from a page's queries).

    `ordered_by_index`: on PostgreSQL sorting is discouraged too, so the plan shows how an index
    that keeps the statement's order is entered. Without it, a table of a few dozen test rows
    is as cheaply read through any index and sorted (a join from the desa, filtered on the
    name): which one the planner picks then depends on how many pages earlier tests left the
    table, and the same test chose another plan in one run of four."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in tables_of(sql):
                cursor.execute(f'ANALYZE "{table}"')
            if ordered_by_index:
                cursor.execute("SET LOCAL enable_sort = off")
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql, params)
            return [row[0] for row in cursor.fetchall()]
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return [row[-1] for row in cursor.fetchall()]


def lookups_of(lines: list[str], table: str) -> list[str]:
    return [line for line in lines if table in line]


def assert_indexed(lines: list[str], table: str) -> None:
    """Every step of the plan that reads `table` goes through an index."""
    found = lookups_of(lines, table)
    assert found, lines
    for line in found:
        if connection.vendor == "postgresql":
            assert "Seq Scan" not in line, lines
        else:
            assert "USING" in line, lines
            assert "INDEX" in line, lines


def assert_not_sorted(lines: list[str]) -> None:
    """The rows come in the order an index keeps: no sort step over the whole result."""
    for line in lines:
        if connection.vendor == "postgresql":
            assert not line.lstrip().startswith(("Sort ", "->  Sort ")), lines
        else:
            assert "TEMP B-TREE FOR ORDER BY" not in line, lines
