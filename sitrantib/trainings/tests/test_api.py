"""The trainings API (issue 10, point 10): every endpoint with the issue's field names, the
completion rule at its boundary, capacity, inactive members, replaced marks, certificates issued
once, versions, and the query count of the completion list."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils.translation import gettext
from rest_framework.test import APIClient

from sitrantib.trainings import services
from sitrantib.trainings.models import AttendanceMark, Certificate, Enrolment, Training
from sitrantib.trainings.tests.factories import (
    kind,
    make_instructor,
    make_members,
    make_sessions,
    make_training,
    run_training,
)

pytestmark = pytest.mark.django_db

TRAINING_FIELDS = {
    "id",
    "title",
    "kind",
    "starts_on",
    "ends_on",
    "venue",
    "capacity",
    "min_attendance_percent",
    "min_post_score",
    "status",
}


@pytest.fixture
def api():
    return APIClient()


def _as(api, user):
    api.force_authenticate(user)
    return api


def _url(training, part=""):
    return f"/api/v1/trainings/{training.pk}/{part}"


def _running(world, *, sessions=5, members=2, **overrides):
    """A running training of `sessions` sessions with `members` participants of world.village."""
    training = make_training(world, **overrides)
    made = make_sessions(world, training, count=sessions)
    people = make_members(world.village, members)
    for member in people:
        services.enrol_member(training=training, member=member, actor=world.admin)
    return run_training(world, training), made, people


def _finish(world, training):
    return services.transition_training(training=training, to_status="finished", actor=world.admin)


def _mark(api, training, session, member, status):
    return api.post(
        _url(training, "attendance/"),
        {"session": session.pk, "member": member.pk, "status": status},
        format="json",
    )


# Trainings ---------------------------------------------------------------------------------------


def test_api_training_has_the_issue_fields_and_etag(api, world):
    training = make_training(world)

    response = _as(api, world.admin).get(_url(training))

    body = response.json()
    assert response.status_code == 200
    assert set(body) >= TRAINING_FIELDS
    assert (body["kind"], body["status"], body["district"], body["version"]) == (
        "dasar",
        "draft",
        "35.08.07",
        1,
    )
    assert response["ETag"] == '"1"'


def test_api_create_training_defaults_rule_and_kecamatan(api, world):
    response = _as(api, world.admin).post(
        "/api/v1/trainings/",
        {
            "title": "Pelatihan Dasar LINMAS Maret",
            "kind": "dasar",
            "starts_on": "2026-03-10",
            "ends_on": "2026-03-12",
            "venue": "Kantor Kecamatan",
            "capacity": 180,
            "status": "finished",
        },
        format="json",
    )

    body = response.json()
    assert response.status_code == 201
    assert (
        body["min_attendance_percent"],
        body["min_post_score"],
        body["status"],
        body["district"],
        body["kind"],
    ) == (80, 60, "draft", "35.08.07", "dasar")
    assert Training.objects.get().created_by == world.admin


def test_api_create_training_refuses_end_before_start_and_unknown_kind(api, world):
    response = _as(api, world.admin).post(
        "/api/v1/trainings/",
        {
            "title": "X",
            "kind": "tidak-ada",
            "starts_on": "2026-03-12",
            "ends_on": "2026-03-10",
            "venue": "Y",
            "capacity": 10,
        },
        format="json",
    )

    assert response.status_code == 400
    assert set(response.json()["errors"]) >= {"kind"}
    assert Training.objects.count() == 0


def test_api_update_training_with_stale_if_match_is_412_and_changes_nothing(api, world):
    training = make_training(world)
    client = _as(api, world.admin)
    first = client.patch(_url(training), {"venue": "Lapangan"}, format="json", HTTP_IF_MATCH='"1"')

    stale = client.patch(_url(training), {"venue": "Aula"}, format="json", HTTP_IF_MATCH='"1"')

    assert (first.status_code, first["ETag"], first.json()["venue"]) == (200, '"2"', "Lapangan")
    assert (stale.status_code, stale["ETag"]) == (412, '"2"')
    assert Training.objects.get().venue == "Lapangan"


def test_api_update_training_rule_recomputes_completion(api, world):
    training, sessions, (member, _other) = _running(world)
    client = _as(api, world.admin)
    for session in sessions[:3]:
        _mark(client, training, session, member, "hadir")
    client.post(_url(training, "scores/"), {"member": member.pk, "post": 70}, format="json")

    response = client.patch(_url(training), {"min_attendance_percent": 60}, format="json")

    assert response.status_code == 200
    row = next(r for r in client.get(_url(training, "completion/")).json()["results"])
    assert (row["member"], row["completed"], row["attendance_percent"]) == (
        member.pk,
        True,
        "60.00",
    )


def test_api_update_training_cannot_move_it_to_another_kecamatan(api, world):
    training = make_training(world)

    response = _as(api, world.national).patch(
        _url(training), {"district": world.other_district.pk}, format="json"
    )

    assert (response.status_code, list(response.json()["errors"])) == (400, ["district"])


def test_api_training_list_filters_by_year_status_and_kind(api, world):
    march = make_training(world, title="Maret")
    make_training(
        world,
        title="Teknis 2025",
        kind=kind("teknis"),
        starts_on=dt.date(2025, 5, 1),
        ends_on=dt.date(2025, 5, 2),
    )
    services.transition_training(training=march, to_status="open", actor=world.admin)
    client = _as(api, world.admin)

    def titles(query):
        response = client.get(f"/api/v1/trainings/?{query}")
        assert response.status_code == 200
        return [t["title"] for t in response.json()["results"]]

    assert titles("year=2026") == ["Maret"]
    assert titles("year=2025") == ["Teknis 2025"]
    assert titles("status=open") == ["Maret"]
    assert titles("kind=teknis") == ["Teknis 2025"]
    assert titles("") == ["Maret", "Teknis 2025"]
    assert client.get("/api/v1/trainings/?year=9999").status_code == 400
    assert client.get("/api/v1/trainings/?kind=tidak-ada").status_code == 400


def test_api_training_list_pages_by_cursor_without_count(api, world):
    for index in range(3):
        make_training(world, title=f"Pelatihan {index}")
    client = _as(api, world.admin)

    first = client.get("/api/v1/trainings/?page_size=2").json()
    second = client.get(first["next"]).json()

    assert set(first) == {"next", "previous", "results"}
    assert "cursor=" in first["next"]
    assert len(first["results"]) + len(second["results"]) == 3
    assert second["next"] is None


def test_api_transition_moves_and_refuses_with_reason(api, world):
    training = make_training(world)
    client = _as(api, world.admin)

    opened = client.post(_url(training, "transition/"), {"status": "open"}, format="json")
    no_sessions = client.post(_url(training, "transition/"), {"status": "running"}, format="json")
    no_note = client.post(_url(training, "transition/"), {"status": "cancelled"}, format="json")
    cancelled = client.post(
        _url(training, "transition/"),
        {"status": "cancelled", "note": "Anggaran dialihkan"},
        format="json",
    )

    assert (opened.status_code, opened.json()["status"], opened["ETag"]) == (200, "open", '"2"')
    assert no_sessions.status_code == 400
    assert no_sessions.json()["detail"] == gettext(services.ERR_NO_SESSIONS)
    assert no_note.status_code == 400
    assert (cancelled.status_code, cancelled.json()["status"]) == (200, "cancelled")
    assert cancelled.json()["status_note"] == "Anggaran dialihkan"


def test_api_transition_with_stale_if_match_is_412(api, world):
    training = make_training(world)
    services.update_training(training=training, changes={"venue": "Aula"}, actor=world.admin)

    response = _as(api, world.admin).post(
        _url(training, "transition/"), {"status": "open"}, format="json", HTTP_IF_MATCH='"1"'
    )

    assert response.status_code == 412
    assert Training.objects.get().status == "draft"


# Sessions ----------------------------------------------------------------------------------------


def test_api_sessions_list_and_create_without_instructor(api, world):
    training = make_training(world)
    client = _as(api, world.admin)

    created = client.post(
        _url(training, "sessions/"),
        {
            "date": "2026-03-10",
            "start_time": "08:00",
            "end_time": "10:00",
            "topic": "Tugas pokok LINMAS",
            "place": "Aula",
            "instructor": None,
        },
        format="json",
    )
    listed = client.get(_url(training, "sessions/"))

    assert created.status_code == 201
    body = created.json()
    assert {"id", "date", "start_time", "end_time", "topic", "instructor"} <= set(body)
    assert (body["instructor"], body["assignment_number"], body["start_time"]) == (
        None,
        "",
        "08:00:00",
    )
    assert created["ETag"] == '"1"'
    assert [s["topic"] for s in listed.json()["results"]] == ["Tugas pokok LINMAS"]


def test_api_session_date_outside_the_training_is_400(api, world):
    training = make_training(world)

    response = _as(api, world.admin).post(
        _url(training, "sessions/"),
        {"date": "2026-04-01", "start_time": "08:00", "end_time": "10:00", "topic": "X"},
        format="json",
    )

    assert (response.status_code, list(response.json()["errors"])) == (400, ["date"])


def test_api_session_end_before_start_is_400(api, world):
    training = make_training(world)

    response = _as(api, world.admin).post(
        _url(training, "sessions/"),
        {"date": "2026-03-10", "start_time": "10:00", "end_time": "08:00", "topic": "X"},
        format="json",
    )

    assert (response.status_code, list(response.json()["errors"])) == (400, ["end_time"])


def test_api_session_patch_assigns_instructor_later_and_honours_if_match(api, world):
    training = make_training(world)
    (session,) = make_sessions(world, training, count=1)
    instructor = make_instructor(world)
    client = _as(api, world.admin)
    url = _url(training, f"sessions/{session.pk}/")

    assigned = client.patch(url, {"instructor": instructor.pk}, format="json", HTTP_IF_MATCH='"1"')
    stale = client.patch(url, {"topic": "Lain"}, format="json", HTTP_IF_MATCH='"1"')

    assert (assigned.status_code, assigned.json()["instructor"], assigned["ETag"]) == (
        200,
        instructor.pk,
        '"2"',
    )
    assert stale.status_code == 412
    session.refresh_from_db()
    assert (session.instructor_id, session.topic) == (instructor.pk, "Materi 1")


def test_api_session_of_another_kecamatan_instructor_is_400(api, world):
    training = make_training(world)
    foreign = services.create_instructor(
        district=world.other_district, data={"name": "Serka Lain"}, actor=world.outsider
    )

    response = _as(api, world.admin).post(
        _url(training, "sessions/"),
        {
            "date": "2026-03-10",
            "start_time": "08:00",
            "end_time": "10:00",
            "topic": "X",
            "instructor": foreign.pk,
        },
        format="json",
    )

    assert (response.status_code, list(response.json()["errors"])) == (400, ["instructor"])


def test_api_session_delete_and_refused_with_marks(api, world):
    training, sessions, (member, _other) = _running(world, sessions=2)
    client = _as(api, world.admin)
    _mark(client, training, sessions[0], member, "hadir")

    refused = client.delete(_url(training, f"sessions/{sessions[0].pk}/"))
    removed = client.delete(_url(training, f"sessions/{sessions[1].pk}/"))
    of_other_training = client.delete(_url(make_training(world), f"sessions/{sessions[0].pk}/"))

    assert refused.status_code == 400
    assert removed.status_code == 204
    assert of_other_training.status_code == 404
    assert list(training.sessions.values_list("pk", flat=True)) == [sessions[0].pk]


# Enrolment ---------------------------------------------------------------------------------------


def test_api_enrol_member_201_and_list_fields(api, world):
    training = make_training(world)
    (member,) = make_members(world.village, 1)
    client = _as(api, world.admin)

    created = client.post(_url(training, "enrolments/"), {"member": member.pk}, format="json")
    listed = client.get(_url(training, "enrolments/"))

    assert created.status_code == 201
    body = created.json()
    assert (body["member"], body["member_name"], body["village"], body["warnings"]) == (
        member.pk,
        member.name,
        "35.08.07.2001",
        [],
    )
    assert body["method"] == "api"
    (row,) = listed.json()["results"]
    assert {"member", "member_name", "village", "completed", "pre", "post"} <= set(row)
    assert (row["member"], row["completed"]) == (member.pk, False)


def test_api_enrol_beyond_capacity_is_400(api, world):
    training = make_training(world, capacity=1)
    first, second = make_members(world.village, 2)
    client = _as(api, world.admin)
    client.post(_url(training, "enrolments/"), {"member": first.pk}, format="json")

    response = client.post(_url(training, "enrolments/"), {"member": second.pk}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"]["member"] == [
        gettext(services.ERR_CAPACITY) % {"capacity": 1, "asked": 1}
    ]
    assert Enrolment.objects.filter(training=training).count() == 1


def test_api_enrol_inactive_member_is_400(api, world):
    training = make_training(world)
    (member,) = make_members(world.village, 1, status="nonaktif")

    response = _as(api, world.admin).post(
        _url(training, "enrolments/"), {"member": member.pk}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["errors"]["member"] == [
        gettext(services.ERR_NOT_ACTIVE) % {"name": member.name}
    ]
    assert not Enrolment.objects.exists()


def test_api_enrol_member_of_another_kecamatan_is_400_as_unknown(api, world):
    training = make_training(world)
    (foreign,) = make_members(world.foreign_village, 1)

    response = _as(api, world.admin).post(
        _url(training, "enrolments/"), {"member": foreign.pk}, format="json"
    )

    assert (response.status_code, list(response.json()["errors"])) == (400, ["member"])


def test_api_enrol_member_trained_this_year_warns(api, world):
    earlier, (session,), (member,) = _running(world, sessions=1, members=1, title="Januari")
    enrolment = Enrolment.objects.get(training=earlier)
    services.mark_attendance(session=session, marks={enrolment.pk: "hadir"}, actor=world.admin)
    services.set_scores(training=earlier, scores={enrolment.pk: (50, 80)}, actor=world.admin)
    _finish(world, earlier)
    later = make_training(world, title="Maret")

    response = _as(api, world.admin).post(
        _url(later, "enrolments/"), {"member": member.pk}, format="json"
    )

    assert response.status_code == 201
    assert response.json()["warnings"] == [
        gettext(services.WARN_TRAINED_THIS_YEAR)
        % {"name": member.name, "kind": kind("dasar").name, "year": 2026}
    ]


# Attendance and scores ---------------------------------------------------------------------------


def test_api_attendance_posted_twice_replaces_the_mark(api, world):
    training, sessions, (member, _other) = _running(world)
    client = _as(api, world.admin)

    first = _mark(client, training, sessions[0], member, "hadir")
    again = _mark(client, training, sessions[0], member, "sakit")
    listed = client.get(_url(training, f"attendance/?session={sessions[0].pk}"))

    assert (first.status_code, first.json()) == (
        201,
        {
            "session": sessions[0].pk,
            "member": member.pk,
            "status": "hadir",
            "marked_at": first.json()["marked_at"],
        },
    )
    assert (again.status_code, again.json()["status"]) == (200, "sakit")
    assert AttendanceMark.objects.filter(session=sessions[0]).count() == 1
    assert [(m["member"], m["status"]) for m in listed.json()["results"]] == [(member.pk, "sakit")]


def test_api_attendance_refuses_unknown_status_non_participant_and_other_session(api, world):
    training, sessions, (member, _other) = _running(world)
    (stranger,) = make_members(world.village, 1)
    other_training = make_training(world, title="Lain")
    (other_session,) = make_sessions(world, other_training, count=1)
    client = _as(api, world.admin)

    bad_status = _mark(client, training, sessions[0], member, "telat")
    not_participant = _mark(client, training, sessions[0], stranger, "hadir")
    other = _mark(client, training, other_session, member, "hadir")

    assert (bad_status.status_code, list(bad_status.json()["errors"])) == (400, ["status"])
    assert not_participant.status_code == 400
    assert not_participant.json()["errors"]["member"] == [gettext(services.ERR_NOT_PARTICIPANT)]
    assert (other.status_code, list(other.json()["errors"])) == (400, ["session"])
    assert not AttendanceMark.objects.exists()


def test_api_attendance_before_the_training_runs_is_400(api, world):
    training = make_training(world)
    (session,) = make_sessions(world, training, count=1)
    (member,) = make_members(world.village, 1)
    services.enrol_member(training=training, member=member, actor=world.admin)

    response = _mark(_as(api, world.admin), training, session, member, "hadir")

    assert response.status_code == 400
    assert not AttendanceMark.objects.exists()


@pytest.mark.parametrize("value", [101, -1, 59.5, "abc", True, "6O"])
def test_api_scores_out_of_range_or_not_whole_is_400(api, world, value):
    training, _sessions, (member, _other) = _running(world)

    response = _as(api, world.admin).post(
        _url(training, "scores/"), {"member": member.pk, "pre": 10, "post": value}, format="json"
    )

    assert (response.status_code, list(response.json()["errors"])) == (400, ["post"])
    assert response.json()["errors"]["post"] == [gettext(services.ERR_SCORE)]
    assert Enrolment.objects.get(member=member).pre_score is None


def test_api_scores_set_keep_and_clear(api, world):
    training, _sessions, (member, _other) = _running(world)
    client = _as(api, world.admin)

    both = client.post(
        _url(training, "scores/"), {"member": member.pk, "pre": 40, "post": 100}, format="json"
    )
    post_only = client.post(
        _url(training, "scores/"), {"member": member.pk, "post": None}, format="json"
    )

    assert (both.status_code, both.json()["pre"], both.json()["post"]) == (200, 40, 100)
    assert (post_only.json()["pre"], post_only.json()["post"]) == (40, None)


def test_api_scores_for_non_participant_is_400(api, world):
    training, _sessions, _members = _running(world)
    (stranger,) = make_members(world.village, 1)

    response = _as(api, world.admin).post(
        _url(training, "scores/"), {"member": stranger.pk, "post": 80}, format="json"
    )

    assert (response.status_code, list(response.json()["errors"])) == (400, ["member"])


# Completion --------------------------------------------------------------------------------------


def test_api_completion_at_its_boundary(api, world):
    """5 sessions, 4 hadir and post 60 completes ("80.00"); post 59 does not."""
    training, sessions, (passes, fails) = _running(world)
    client = _as(api, world.admin)
    for session in sessions[:4]:
        _mark(client, training, session, passes, "hadir")
        _mark(client, training, session, fails, "hadir")
    _mark(client, training, sessions[4], passes, "alpa")
    _mark(client, training, sessions[4], fails, "izin")
    client.post(
        _url(training, "scores/"), {"member": passes.pk, "pre": 30, "post": 60}, format="json"
    )
    client.post(
        _url(training, "scores/"), {"member": fails.pk, "pre": 30, "post": 59}, format="json"
    )

    response = client.get(_url(training, "completion/"))

    assert response.status_code == 200
    rows = {row["member"]: row for row in response.json()["results"]}
    assert {"member", "completed", "attendance_percent", "post", "reason"} <= set(rows[passes.pk])
    assert (
        rows[passes.pk]["completed"],
        rows[passes.pk]["attendance_percent"],
        rows[passes.pk]["post"],
    ) == (True, "80.00", 60)
    assert (
        rows[fails.pk]["completed"],
        rows[fails.pk]["attendance_percent"],
        rows[fails.pk]["post"],
    ) == (False, "80.00", 59)
    assert "nilai post-test 59, kurang dari 60" in rows[fails.pk]["reason"]
    assert isinstance(rows[passes.pk]["reason"], str)
    assert rows[passes.pk]["reason"]


def test_api_completion_three_of_five_does_not_complete(api, world):
    training, sessions, (member, _other) = _running(world)
    client = _as(api, world.admin)
    for session in sessions[:3]:
        _mark(client, training, session, member, "hadir")
    client.post(_url(training, "scores/"), {"member": member.pk, "post": 95}, format="json")

    rows = client.get(_url(training, "completion/")).json()["results"]

    row = next(r for r in rows if r["member"] == member.pk)
    assert (row["completed"], row["attendance_percent"]) == (False, "60.00")
    assert "kehadiran 3 dari 5 sesi" in row["reason"]


def _completion_queries(api, world, participants):
    training, sessions, members = _running(world, sessions=3, members=participants)
    enrolments = list(Enrolment.objects.filter(training=training))
    for session in sessions:
        services.mark_attendance(
            session=session, marks={e.pk: "hadir" for e in enrolments}, actor=world.admin
        )
    client = _as(api, world.admin)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(_url(training, "completion/"))
    assert response.status_code == 200
    assert sorted(r["member"] for r in response.json()["results"]) == sorted(m.pk for m in members)
    return len(queries)


@pytest.mark.parametrize("participants", [1, 3])
def test_api_completion_query_count_is_flat(api, world, participants):
    # The training (scoped), then one page of participants with member and desa.
    assert _completion_queries(api, world, participants) == 2


# Certificates ------------------------------------------------------------------------------------


def _completed_training(world, api):
    training, sessions, (passes, fails) = _running(world, sessions=1)
    client = _as(api, world.admin)
    _mark(client, training, sessions[0], passes, "hadir")
    _mark(client, training, sessions[0], fails, "alpa")
    client.post(_url(training, "scores/"), {"member": passes.pk, "post": 75}, format="json")
    client.post(_url(training, "scores/"), {"member": fails.pk, "post": 75}, format="json")
    return training, passes, fails


def test_api_certificates_refused_before_the_training_is_finished(api, world):
    training, _passes, _fails = _completed_training(world, api)

    response = _as(api, world.admin).post(_url(training, "certificates/"))

    assert response.status_code == 400
    assert response.json()["detail"] == gettext(services.ERR_NOT_FINISHED)
    assert not Certificate.objects.exists()


def test_api_certificates_issued_once_to_who_completed(api, world):
    training, passes, _fails = _completed_training(world, api)
    _finish(world, training)
    client = _as(api, world.admin)

    issued = client.post(_url(training, "certificates/"))
    again = client.post(_url(training, "certificates/"))
    listed = client.get(_url(training, "certificates/"))

    assert issued.status_code == 201
    (certificate,) = issued.json()
    stored = Certificate.objects.get()
    assert (certificate["member"], certificate["number"]) == (passes.pk, stored.number)
    assert certificate["verify_url"] == (
        f"http://testserver/verifikasi/sertifikat/{stored.verification_code}/"
    )
    assert (again.status_code, again.json()) == (200, [])
    assert Certificate.objects.count() == 1
    (row,) = listed.json()["results"]
    assert (row["member"], row["number"], row["revoked"]) == (passes.pk, stored.number, False)
    assert row["verify_url"] == certificate["verify_url"]


def test_api_certificates_list_shows_revoked(api, world):
    training, _passes, _fails = _completed_training(world, api)
    _finish(world, training)
    (certificate,) = services.issue_certificates(training=training, actor=world.admin)
    services.revoke_certificate(certificate=certificate, reason="Data keliru", actor=world.admin)

    (row,) = _as(api, world.admin).get(_url(training, "certificates/")).json()["results"]

    assert (row["revoked"], row["revoke_reason"]) == (True, "Data keliru")


def test_api_certificate_link_uses_the_public_address(api, world, settings):
    settings.SITRANTIB_PUBLIC_URL = "https://trantib.example.go.id"
    training, _passes, _fails = _completed_training(world, api)
    _finish(world, training)

    (certificate,) = _as(api, world.admin).post(_url(training, "certificates/")).json()

    assert certificate["verify_url"].startswith(
        "https://trantib.example.go.id/verifikasi/sertifikat/"
    )


# Instructors -------------------------------------------------------------------------------------


def test_api_instructors_create_list_update(api, world):
    client = _as(api, world.admin)

    created = client.post(
        "/api/v1/instructors/",
        {
            "institution": world.polsek.pk,
            "name": "AIPTU Sugeng",
            "rank": "Aiptu",
            "phone": "081200000001",
            "topics": "Deteksi dini",
            "tax_percent": "5",
        },
        format="json",
    )
    pk = created.json()["id"]
    updated = client.patch(
        f"/api/v1/instructors/{pk}/", {"rank": "Ipda"}, format="json", HTTP_IF_MATCH='"1"'
    )
    stale = client.patch(
        f"/api/v1/instructors/{pk}/", {"rank": "Iptu"}, format="json", HTTP_IF_MATCH='"1"'
    )
    listed = client.get("/api/v1/instructors/")

    assert (created.status_code, created.json()["district"], created.json()["institution"]) == (
        201,
        "35.08.07",
        world.polsek.pk,
    )
    assert (updated.status_code, updated.json()["rank"], updated["ETag"]) == (200, "Ipda", '"2"')
    assert stale.status_code == 412
    assert [i["name"] for i in listed.json()["results"]] == ["AIPTU Sugeng"]


# Schema ------------------------------------------------------------------------------------------


def test_api_schema_lists_the_trainings_endpoints(world):
    client = Client()
    client.force_login(world.admin)

    text = client.get("/api/schema/").content.decode()

    for path in (
        "/api/v1/trainings/{id}/transition/",
        "/api/v1/trainings/{id}/sessions/",
        "/api/v1/trainings/{id}/sessions/{session_id}/",
        "/api/v1/trainings/{id}/enrolments/",
        "/api/v1/trainings/{id}/attendance/",
        "/api/v1/trainings/{id}/scores/",
        "/api/v1/trainings/{id}/completion/",
        "/api/v1/trainings/{id}/certificates/",
        "/api/v1/instructors/{id}/",
    ):
        assert path in text
    assert "ApiError" in text  # the project's error body (core/openapi.py)


# Query counts of the other lists ---------------------------------------------------------------


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.json()["results"]


@pytest.mark.parametrize("rows", [1, 3])
def test_api_trainings_list_query_count_is_flat(api, world, rows):
    for index in range(rows):
        make_training(world, title=f"Pelatihan {index}")

    queries, results = _count(_as(api, world.admin), "/api/v1/trainings/")

    assert (queries, len(results)) == (1, rows)


@pytest.mark.parametrize("rows", [1, 3])
def test_api_participant_lists_query_count_is_flat(api, world, rows):
    training, sessions, _members = _running(world, sessions=2, members=rows)
    enrolments = list(Enrolment.objects.filter(training=training))
    for session in sessions:
        services.mark_attendance(
            session=session,
            marks=dict.fromkeys((e.pk for e in enrolments), "hadir"),
            actor=world.admin,
        )
    services.set_scores(
        training=training,
        scores=dict.fromkeys((e.pk for e in enrolments), (50, 90)),
        actor=world.admin,
    )
    _finish(world, training)
    services.issue_certificates(training=training, actor=world.admin)
    client = _as(api, world.admin)

    counts = {
        part: _count(client, _url(training, part))
        for part in ("enrolments/", "attendance/", "certificates/", "sessions/")
    }

    assert {part: (n, len(found)) for part, (n, found) in counts.items()} == {
        "enrolments/": (2, rows),
        "attendance/": (2, 2 * rows),
        "certificates/": (2, rows),
        "sessions/": (2, 2),
    }
