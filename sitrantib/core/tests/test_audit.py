import pytest
from django.test import Client

from sitrantib.core.audit import record_change, snapshot
from sitrantib.core.models import AuditEntry


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _entry(district_code: str, **kwargs) -> AuditEntry:
    return record_change(
        actor=kwargs.pop("actor", None),
        action=kwargs.pop("action", "update"),
        object_type="regions.village",
        object_id=kwargs.pop("object_id", "35.08.07.2001"),
        object_repr="Darungan",
        district_code=district_code,
        before={"name": "Darungan"},
        after={"name": "Darungan Baru"},
        **kwargs,
    )


def test_audit_entry_cannot_be_changed_or_deleted(world):
    entry = _entry("35.08.07")

    entry.note = "diubah"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    assert AuditEntry.objects.get(pk=entry.pk).note == ""


def test_snapshot_leaves_out_the_password_hash(world):
    data = snapshot(world.camat)

    assert "password" not in data
    assert data["username"] == "camat"
    assert data["district_id"] == "35.08.07"


def test_snapshot_leaves_out_the_token_key_but_keeps_a_field_merely_named_key(world):
    from rest_framework.authtoken.models import Token

    from sitrantib.planning.models import PlanSection

    token = Token.objects.create(user=world.admin)
    section = PlanSection(key="dasar_hukum")

    assert "key" not in snapshot(token)
    assert snapshot(section)["key"] == "dasar_hukum"


def test_audit_log_shows_entries_of_own_kecamatan_only(world):
    own = _entry("35.08.07", actor=world.admin)
    _entry("35.08.06", object_id="35.08.06.2001")

    response = _client(world.admin).get("/sistem/log-audit/")

    assert response.status_code == 200
    assert [e.pk for e in response.context["page"].rows] == [own.pk]


@pytest.mark.parametrize("role", ["staff", "operator", "partner"])
def test_audit_log_refused_to_roles_that_do_not_administer(world, role):
    assert _client(getattr(world, role)).get("/sistem/log-audit/").status_code == 403


def test_audit_log_anonymous_is_sent_to_login(world):
    assert Client().get("/sistem/log-audit/").status_code == 302


def test_audit_log_filters_by_action_and_actor(world):
    _entry("35.08.07", actor=world.admin, action="create")
    wanted = _entry("35.08.07", actor=world.camat, action="update")

    response = _client(world.camat).get("/sistem/log-audit/?action=update&actor=camat")

    assert [e.pk for e in response.context["page"].rows] == [wanted.pk]


def test_audit_log_pages_by_key(world, monkeypatch):
    from sitrantib.core import views

    monkeypatch.setattr(views, "AUDIT_PAGE_SIZE", 2)
    entries = [_entry("35.08.07", object_id=str(n)) for n in range(5)]
    client = _client(world.admin)

    first = client.get("/sistem/log-audit/")
    second = client.get("/sistem/log-audit/" + first.context["page"].next_url)

    assert [e.pk for e in first.context["page"].rows] == [entries[4].pk, entries[3].pk]
    assert [e.pk for e in second.context["page"].rows] == [entries[2].pk, entries[1].pk]
    assert second.context["page"].previous_url is not None


def test_audit_log_paging_keeps_the_filters(world, monkeypatch):
    from sitrantib.core import views

    monkeypatch.setattr(views, "AUDIT_PAGE_SIZE", 1)
    for n in range(3):
        _entry("35.08.07", actor=world.camat, action="update", object_id=str(n))
    _entry("35.08.07", actor=world.camat, action="create")
    client = _client(world.admin)

    first = client.get("/sistem/log-audit/?action=update")
    second = client.get("/sistem/log-audit/" + first.context["page"].next_url)

    assert "action=update" in first.context["page"].next_url
    assert [e.action for e in second.context["page"].rows] == ["update"]


@pytest.mark.parametrize(
    ("query", "field"),
    [("date_from=9999-01-01", "date_from"), ("action=hapus-semua", "action")],
)
def test_audit_log_impossible_filter_is_a_form_error_not_a_crash(world, query, field):
    _entry("35.08.07")

    response = _client(world.admin).get(f"/sistem/log-audit/?{query}")

    assert response.status_code == 200
    assert list(response.context["filter"].errors) == [field]
    assert response.context["page"].rows == []


def test_audit_detail_shows_before_and_after(world):
    entry = _entry("35.08.07")

    response = _client(world.admin).get(f"/sistem/log-audit/{entry.pk}/")

    assert response.status_code == 200
    assert response.context["entry"].changed_fields == [("name", "Darungan", "Darungan Baru")]


def test_audit_detail_of_other_kecamatan_is_not_found(world):
    entry = _entry("35.08.06")

    assert _client(world.admin).get(f"/sistem/log-audit/{entry.pk}/").status_code == 404


@pytest.mark.parametrize("count", [1, 3])
def test_audit_log_query_count_is_constant(world, count, django_assert_num_queries):
    for n in range(count):
        _entry("35.08.07", object_id=str(n))
    client = _client(world.admin)

    # session, user, office, entries, then the session save (savepoint, update, release)
    with django_assert_num_queries(7):
        response = client.get("/sistem/log-audit/")

    assert len(response.context["page"].rows) == count


def test_audit_log_of_other_kecamatan_admin_shows_only_theirs(world):
    _entry("35.08.07")
    theirs = _entry("35.08.06", object_id="35.08.06.2001")

    response = _client(world.outsider).get("/sistem/log-audit/")

    assert [e.pk for e in response.context["page"].rows] == [theirs.pk]


def test_audit_detail_hides_personal_fields_from_non_administrators(world):
    entry = record_change(
        actor=world.admin,
        action="update",
        object_type="accounts.user",
        object_id=str(world.staff.pk),
        object_repr="staf",
        district_code="35.08.07",
        before={"phone": "081234567890", "first_name": "Budi"},
        after={"phone": "081298765432", "first_name": "Budi S."},
    )

    as_camat = _client(world.camat).get(f"/sistem/log-audit/{entry.pk}/")
    as_admin = _client(world.admin).get(f"/sistem/log-audit/{entry.pk}/")

    assert as_camat.context["changes"] == [
        ("first_name", "Budi", "Budi S."),
        ("phone", "(disembunyikan)", "(disembunyikan)"),
    ]
    assert "081234567890" not in as_camat.content.decode()
    assert ("phone", "081234567890", "081298765432") in as_admin.context["changes"]


def test_save_new_records_the_actor_as_creator_and_in_the_audit_log(world):
    from sitrantib.core.audit import save_new
    from sitrantib.regions.models import Hamlet

    hamlet = save_new(Hamlet(village=world.village, name="Krajan"), actor=world.admin)

    assert (hamlet.created_by, hamlet.updated_by) == (world.admin, world.admin)
    entry = AuditEntry.objects.get(object_type="regions.hamlet")
    assert (entry.action, entry.actor, entry.after["name"]) == ("create", world.admin, "Krajan")


@pytest.mark.django_db
def test_an_audited_change_forgets_the_stored_data_quality_counts_but_a_download_does_not(
    world, django_capture_on_commit_callbacks
):
    from sitrantib.core.dataquality import remember_counts, stored_counts
    from sitrantib.core.enums import AuditAction
    from sitrantib.core.scoping import scope_of

    scope = scope_of(world.admin)
    remember_counts(scope, [])
    with django_capture_on_commit_callbacks(execute=True):
        record_change(actor=world.admin, action=AuditAction.EXPORT, instance=world.village)
    assert stored_counts(scope) is not None

    with django_capture_on_commit_callbacks(execute=True):
        record_change(actor=world.admin, action=AuditAction.UPDATE, instance=world.village)
    assert stored_counts(scope) is None


def test_the_same_moment_in_another_time_zone_is_no_change(world):
    """A form or API sends a time back in WIB; the record holds it in UTC: same moment, no change
    (no new version, no audit entry)."""
    import datetime as dt

    from sitrantib.core.audit import save_changes
    from sitrantib.fieldwork.tests.factories import make_visit

    visit = make_visit(world)
    stored = type(visit).objects.get(pk=visit.pk)
    wib = stored.visited_at.astimezone(dt.timezone(dt.timedelta(hours=7)))
    entries = AuditEntry.objects.count()

    changed = save_changes(stored, {"visited_at": wib}, actor=world.admin)

    stored.refresh_from_db()
    assert changed is False
    assert stored.version == visit.version
    assert AuditEntry.objects.count() == entries
    assert save_changes(stored, {"visited_at": wib + dt.timedelta(minutes=1)}, actor=world.admin)
