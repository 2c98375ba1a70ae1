"""The plan helper of the EXPLAIN tests: it names the tables a statement reads and, on
PostgreSQL, lets the planner weigh this test's rows (a deep-page test once chose another plan
after an earlier test left other statistics behind)."""

import pytest
from django.db import connection

from sitrantib.accounts.models import User
from sitrantib.core.enums import Coverage, Role
from sitrantib.testing.plans import plan, tables_of


def test_the_tables_of_a_statement_are_named_once_in_order():
    sql = (
        'SELECT * FROM "linmas_member" INNER JOIN "regions_village" ON (1 = 1) '
        'LEFT OUTER JOIN "linmas_squad" ON (2 = 2) WHERE "linmas_member"."id" IN '
        '(SELECT U0."id" FROM "linmas_member" U0)'
    )
    assert tables_of(sql) == ["linmas_member", "regions_village", "linmas_squad"]


@pytest.mark.django_db
def test_the_planner_weighs_the_rows_this_test_made():
    User.objects.bulk_create(
        User(username=f"pengguna{number:03d}", role=Role.TRANTIB_ADMIN, coverage=Coverage.NATIONAL)
        for number in range(80)
    )
    lines = plan(User.objects.filter(username__gte="pengguna040").order_by("username"))
    assert any("accounts_user" in line for line in lines), lines
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'accounts_user'")
            (estimate,) = cursor.fetchone()
        assert estimate >= 80
