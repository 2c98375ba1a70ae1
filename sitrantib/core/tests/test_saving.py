"""`save_changes`: one way to update a record: validate, stamp, version, audit; no-op: nothing."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from sitrantib.core.audit import save_changes, save_new
from sitrantib.core.concurrency import StaleVersion
from sitrantib.core.enums import AuditAction
from sitrantib.core.models import AuditEntry
from sitrantib.regions.models import Institution


def _entries(instance):
    return list(
        AuditEntry.objects.filter(
            object_type=instance._meta.label_lower, object_id=str(instance.pk)
        ).order_by("id")
    )


def test_save_changes_without_a_difference_saves_and_audits_nothing(world):
    polsek = world.polsek
    stamp = Institution.objects.get(pk=polsek.pk).updated_at

    changed = save_changes(polsek, {"name": polsek.name}, actor=world.admin)

    stored = Institution.objects.get(pk=polsek.pk)
    assert (changed, stored.version, stored.updated_at, _entries(polsek)) == (False, 1, stamp, [])


def test_save_changes_bumps_version_stamps_editor_and_audits_before_and_after(world):
    polsek = world.polsek

    with transaction.atomic():
        changed = save_changes(
            polsek, {"short_name": "PSK"}, actor=world.admin, note="singkatan baru"
        )

    stored = Institution.objects.get(pk=polsek.pk)
    [entry] = _entries(polsek)
    assert (changed, stored.short_name, stored.version, stored.updated_by) == (
        True,
        "PSK",
        2,
        world.admin,
    )
    assert (entry.action, entry.actor, entry.note) == (
        AuditAction.UPDATE,
        world.admin,
        "singkatan baru",
    )
    assert (entry.before["short_name"], entry.after["short_name"]) == ("", "PSK")
    assert (entry.before["version"], entry.after["version"]) == (1, 2)
    # The caller's copy carries what was saved.
    assert (polsek.short_name, polsek.version, polsek.updated_by_id) == ("PSK", 2, world.admin.pk)


def test_save_changes_applies_to_the_row_as_stored_not_the_callers_copy(world):
    stale_copy = Institution.objects.get(pk=world.polsek.pk)
    save_changes(world.polsek, {"name": "Polsek Baru"}, actor=world.admin)

    save_changes(stale_copy, {"short_name": "PSK"}, actor=world.camat)

    stored = Institution.objects.get(pk=world.polsek.pk)
    assert (stored.name, stored.short_name, stored.version) == ("Polsek Baru", "PSK", 3)
    assert (stale_copy.name, stale_copy.version) == ("Polsek Baru", 3)


def test_save_changes_with_invalid_value_saves_nothing(world):
    polsek = world.polsek

    with pytest.raises(ValidationError) as caught:
        save_changes(polsek, {"kind": "bukan-jenis", "name": "Baru"}, actor=world.admin)

    stored = Institution.objects.get(pk=polsek.pk)
    assert list(caught.value.message_dict) == ["kind"]
    assert (stored.kind, stored.name, stored.version, _entries(polsek)) == (
        "polsek",
        "Polsek Yosowilangun",
        1,
        [],
    )
    assert (polsek.name, polsek.version) == ("Polsek Yosowilangun", 1)


def test_save_changes_without_lock_refuses_a_version_claimed_meanwhile(world):
    polsek = Institution.objects.get(pk=world.polsek.pk)
    Institution.objects.filter(pk=polsek.pk).update(version=2)

    with pytest.raises(StaleVersion) as caught:
        save_changes(polsek, {"name": "Lain"}, actor=world.admin, lock=False)

    assert (caught.value.current_version, caught.value.expected_version) == (2, 1)
    assert Institution.objects.get(pk=polsek.pk).name == "Polsek Yosowilangun"


def test_save_changes_records_the_given_action(world):
    save_changes(
        world.polsek, {"is_active": False}, actor=world.admin, action=AuditAction.TRANSITION
    )

    assert [e.action for e in _entries(world.polsek)] == [AuditAction.TRANSITION]


def test_save_new_records_how_the_record_came_in(world):
    institution = Institution(district=world.district, kind="koramil", name="Koramil Uji")

    save_new(institution, actor=world.admin, action=AuditAction.IMPORT, note="berkas.xlsx")

    entries = _entries(institution)
    assert [(e.action, e.note, e.actor_id) for e in entries] == [
        (AuditAction.IMPORT, "berkas.xlsx", world.admin.pk)
    ]


def test_save_changes_of_a_model_without_timestamps_bumps_its_version(world):
    village = world.village

    changed = save_changes(village, {"name": "Darungan Baru"}, actor=world.admin)

    assert (changed, type(village).objects.get(pk=village.pk).version) == (True, 2)


def test_save_changes_refuses_an_unsaved_record(world):
    with pytest.raises(ValueError, match="save_new"):
        save_changes(Institution(name="Baru"), {"name": "x"}, actor=world.admin)
