"""Issue 16 A5: an import validates with a constant number of queries and writes in bulk, with
one audit entry per member (the audit log still shows each member's creation or change)."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sitrantib.core.enums import AuditAction
from sitrantib.core.models import AuditEntry
from sitrantib.linmas.imports import MAX_ROWS, import_members, stage_members
from sitrantib.linmas.models import Member

from .conftest import xlsx, xlsx_row


def rows(count, start=1, **kw):
    return [
        xlsx_row(dt.date(1970 + i % 30, 1 + i % 12, 1 + i % 28), "LP"[i % 2], serial=i, **kw)
        for i in range(start, start + count)
    ]


def upload(content):
    return SimpleUploadedFile("anggota.xlsx", content)


def queries_of(action):
    with CaptureQueriesContext(connection) as captured:
        action()
    return len(captured)


def test_import_row_limit_is_at_least_20000():
    assert MAX_ROWS >= 20_000


@pytest.mark.parametrize("phase", ["stage", "import"])
def test_import_query_count_is_the_same_for_3_and_30_rows(world, phase):
    counts = []
    for count, start in ((3, 1), (30, 101)):
        content = xlsx(rows(count, start))
        if phase == "stage":
            counts.append(
                queries_of(
                    lambda c=content: stage_members(
                        village=world.village, upload=upload(c), actor=world.admin
                    )
                )
            )
        else:
            counts.append(
                queries_of(
                    lambda c=content: import_members(
                        upload=upload(c), village=world.village, actor=world.admin
                    )
                )
            )
    assert counts[0] == counts[1]


def test_import_update_query_count_is_the_same_for_3_and_30_changed_members(world):
    import_members(upload=upload(xlsx(rows(3, 1))), village=world.village, actor=world.admin)
    import_members(upload=upload(xlsx(rows(30, 101))), village=world.village, actor=world.admin)
    small = queries_of(
        lambda: import_members(
            upload=upload(xlsx(rows(3, 1, telepon="0899"))),
            village=world.village,
            actor=world.admin,
        )
    )
    large = queries_of(
        lambda: import_members(
            upload=upload(xlsx(rows(30, 101, telepon="0899"))),
            village=world.village,
            actor=world.admin,
        )
    )
    assert (small, Member.objects.filter(phone="0899").count()) == (large, 33)


def test_bulk_import_audits_each_member_and_stamps_updates(world):
    import_members(upload=upload(xlsx(rows(3))), village=world.village, actor=world.admin)
    created = {
        e.object_id: e
        for e in AuditEntry.objects.filter(object_type="linmas.member", action=AuditAction.IMPORT)
    }
    result = import_members(
        upload=upload(xlsx(rows(3)[:2] + rows(1, 3, telepon="0899"))),
        village=world.village,
        actor=world.operator,
    )
    changed = Member.objects.get(nik=rows(1, 3)[0][0])
    untouched = Member.objects.get(nik=rows(1, 1)[0][0])
    entries = AuditEntry.objects.filter(
        object_type="linmas.member", object_id=str(changed.pk)
    ).order_by("pk")
    last = entries.last()
    assert (result.created, result.updated, result.unchanged) == (0, 1, 2)
    assert sorted(created) == sorted(str(m.pk) for m in Member.objects.all())
    assert (
        created[str(changed.pk)].after["nik"],
        created[str(changed.pk)].actor_id,
        created[str(changed.pk)].district_code,
    ) == (changed.nik, world.admin.pk, "35.08.07")
    assert (
        entries.count(),
        last.action,
        last.actor_id,
        last.before["phone"],
        last.after["phone"],
        last.after["version"],
    ) == (2, AuditAction.IMPORT, world.operator.pk, "0812345678", "0899", 2)
    assert (
        changed.version,
        changed.updated_by_id,
        changed.created_by_id,
        untouched.version,
        untouched.updated_by_id,
    ) == (2, world.operator.pk, world.admin.pk, 1, world.admin.pk)
