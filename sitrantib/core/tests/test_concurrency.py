"""No lost update: two users on the same record; the later save made on an old version is refused.

Runs on SQLite and on PostgreSQL (SITRANTIB_DB=postgres). The threaded test lets both savers
start together on PostgreSQL (the row lock makes the second wait and then see the new version);
the in-memory SQLite test database fails table locks at once instead of waiting, so there the
second saver starts when the first has finished, still carrying the version it opened.
"""

import threading
from typing import Any

import pytest
from django import forms
from django.db import connection
from django.utils import translation

from sitrantib.core.audit import save_changes
from sitrantib.core.concurrency import (
    MESSAGE_STALE,
    StaleVersion,
    VersionedFormMixin,
    form_stale,
)
from sitrantib.core.formatting import format_datetime_id
from sitrantib.core.models import AuditEntry
from sitrantib.regions.models import Institution

WAIT = 20


def test_second_user_saving_an_old_version_is_refused_with_what_changed(world):
    opened_by_admin = Institution.objects.get(pk=world.polsek.pk)
    opened_by_camat = Institution.objects.get(pk=world.polsek.pk)
    save_changes(
        opened_by_admin,
        {"name": "Polsek Yosowilangun Baru", "kind": "koramil"},
        actor=world.admin,
        expected_version=opened_by_admin.version,
    )

    with translation.override("id"), pytest.raises(StaleVersion) as caught:
        save_changes(
            opened_by_camat,
            {"short_name": "PSK", "name": "Nama Camat"},
            actor=world.camat,
            expected_version=opened_by_camat.version,
        )

    stale = caught.value
    entry = AuditEntry.objects.get(object_type="regions.institution", after__version=2)
    assert (stale.current_version, stale.expected_version) == (2, 1)
    assert [(c.field, c.label, c.theirs, c.by, c.yours) for c in stale.changes] == [
        ("kind", "jenis", "Koramil", "kasitrantib", None),
        ("name", "nama", "Polsek Yosowilangun Baru", "kasitrantib", "Nama Camat"),
    ]
    with translation.override("id"):
        assert stale.message == MESSAGE_STALE % {
            "who": "kasitrantib",
            "when": format_datetime_id(entry.at),
            "fields": "jenis menjadi \u201cKoramil\u201d; nama menjadi "
            "\u201cPolsek Yosowilangun Baru\u201d",
        }
    stored = Institution.objects.get(pk=world.polsek.pk)
    assert (stored.name, stored.short_name, stored.version) == ("Polsek Yosowilangun Baru", "", 2)


def test_stale_message_names_a_changed_personal_field_without_its_value(world):
    from sitrantib.linmas.models import Member
    from sitrantib.linmas.tests.conftest import make_member

    member = make_member(village=world.village)
    opened = Member.objects.get(pk=member.pk)
    save_changes(member, {"phone": "081299990000"}, actor=world.admin)

    with translation.override("id"), pytest.raises(StaleVersion) as caught:
        save_changes(opened, {"name": "Nama Baru"}, actor=world.operator, expected_version=1)

    assert [(c.field, c.theirs) for c in caught.value.changes] == [("phone", "(disembunyikan)")]
    assert "081299990000" not in caught.value.message
    assert "telepon diubah" in caught.value.message


def test_stale_message_in_english_names_the_same_person_and_fields(world):
    save_changes(world.polsek, {"short_name": "PSK"}, actor=world.admin)

    with translation.override("en"):
        message = StaleVersion.for_instance(world.polsek, expected_version=1).message

    assert message.startswith("This record was changed by kasitrantib on ")
    assert "\u201cPSK\u201d" in message


def test_saving_with_the_current_version_goes_through(world):
    save_changes(world.polsek, {"short_name": "A"}, actor=world.admin, expected_version=1)

    changed = save_changes(world.polsek, {"short_name": "B"}, actor=world.camat, expected_version=2)

    assert (changed, Institution.objects.get(pk=world.polsek.pk).version) == (True, 3)


@pytest.mark.django_db(transaction=True)
def test_two_users_saving_at_once_one_wins_one_is_told(world, monkeypatch):
    pk = world.polsek.pk
    simultaneous = connection.vendor == "postgresql"
    started = {"first": threading.Event(), "second": threading.Event()}
    finished = {"first": threading.Event(), "second": threading.Event()}
    outcome: dict[str, Any] = {}
    actors = {"first": world.admin, "second": world.camat}

    def save(role: str, name: str) -> None:
        try:
            started[role].set()
            if role == "second" and not simultaneous:
                assert finished["first"].wait(WAIT)
            instance = Institution.objects.get(pk=pk) if role == "first" else opened
            outcome[role] = save_changes(
                instance, {"name": name}, actor=actors[role], expected_version=1
            )
        except StaleVersion as exc:
            outcome[role] = exc
        finally:
            connection.close()
            finished[role].set()

    opened = Institution.objects.get(pk=pk)  # the second user opened version 1 before anyone saved
    first = threading.Thread(target=save, args=("first", "Satu"), name="first")
    second = threading.Thread(target=save, args=("second", "Dua"), name="second")
    first.start()
    second.start()
    first.join(WAIT)
    second.join(WAIT)

    results = sorted(outcome.values(), key=lambda value: isinstance(value, StaleVersion))
    stored = Institution.objects.get(pk=pk)
    assert results[0] is True
    assert isinstance(results[1], StaleVersion)
    assert (stored.version, results[1].current_version) == (2, 2)
    assert stored.name == ("Satu" if outcome["first"] is True else "Dua")
    assert (
        AuditEntry.objects.filter(object_type="regions.institution", object_id=str(pk)).count() == 1
    )


class InstitutionForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Institution
        fields = ["name", "short_name"]


def test_versioned_form_carries_the_version_it_was_opened_with(world):
    save_changes(world.polsek, {"short_name": "A"}, actor=world.admin)

    form = InstitutionForm(instance=Institution.objects.get(pk=world.polsek.pk))

    assert form["version"].value() == 2
    assert 'type="hidden" name="version" value="2"' in str(form["version"])


def test_stale_form_shows_what_changed_and_keeps_what_was_typed(world):
    opened = Institution.objects.get(pk=world.polsek.pk)
    save_changes(world.polsek, {"name": "Polsek Baru"}, actor=world.admin)
    form = InstitutionForm(
        data={"name": "Ketikan Saya", "short_name": "KS", "version": "1"}, instance=opened
    )
    assert form.is_valid()

    with pytest.raises(StaleVersion) as caught:
        save_changes(
            opened,
            {"name": form.cleaned_data["name"]},
            actor=world.camat,
            expected_version=form.expected_version,
        )
    form_stale(form, caught.value)

    assert form.non_field_errors() == [caught.value.message]
    assert "Polsek Baru" in form.non_field_errors()[0]
    assert (form["name"].value(), form["short_name"].value(), form["version"].value()) == (
        "Ketikan Saya",
        "KS",
        "2",
    )


def test_form_without_a_version_is_not_checked(world):
    form = InstitutionForm(data={"name": "X", "short_name": ""}, instance=world.polsek)

    assert (form.is_valid(), form.expected_version) == (True, None)
