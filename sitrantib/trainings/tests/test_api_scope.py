"""Who reaches what through the trainings API: every role of the world fixture, anonymous too."""

import pytest
from django.utils.translation import gettext
from rest_framework.test import APIClient

from sitrantib.trainings import services
from sitrantib.trainings.api.views.common import MESSAGE_PARTICIPANTS_HIDDEN
from sitrantib.trainings.models import Certificate, Enrolment, Instructor, Training
from sitrantib.trainings.tests.factories import (
    make_instructor,
    make_members,
    make_sessions,
    make_training,
    run_training,
)

pytestmark = pytest.mark.django_db

PARTICIPANT_PARTS = ("enrolments/", "attendance/", "completion/", "certificates/")


@pytest.fixture
def api():
    return APIClient()


def _as(api, user):
    api.force_authenticate(user)
    return api


@pytest.fixture
def scene(world):
    """A finished training taught by a Polsek instructor with a participant from each desa of the
    kecamatan (both completed, both certified), and a second training no partner teaches."""
    training = make_training(world, title="Dasar Maret")
    instructor = make_instructor(world)
    (session,) = make_sessions(world, training, count=1)
    services.update_session(session=session, changes={"instructor": instructor}, actor=world.admin)
    (mine,) = make_members(world.village, 1)
    (theirs,) = make_members(world.sibling_village, 1)
    for member in (mine, theirs):
        services.enrol_member(training=training, member=member, actor=world.admin)
    training = run_training(world, training)
    enrolments = {e.member_id: e.pk for e in Enrolment.objects.filter(training=training)}
    services.mark_attendance(
        session=session, marks=dict.fromkeys(enrolments.values(), "hadir"), actor=world.admin
    )
    services.set_scores(
        training=training,
        scores=dict.fromkeys(enrolments.values(), (50, 80)),
        actor=world.admin,
    )
    training = services.transition_training(
        training=training, to_status="finished", actor=world.admin
    )
    services.issue_certificates(training=training, actor=world.admin)
    other = make_training(world, title="Penyegaran Juli")
    return {
        "training": training,
        "other": other,
        "session": session,
        "mine": mine,
        "theirs": theirs,
        "instructor": instructor,
    }


@pytest.mark.parametrize(
    ("role", "titles"),
    [
        ("admin", ["Dasar Maret", "Penyegaran Juli"]),
        ("camat", ["Dasar Maret", "Penyegaran Juli"]),
        ("staff", ["Dasar Maret", "Penyegaran Juli"]),
        ("operator", ["Dasar Maret", "Penyegaran Juli"]),
        ("sibling_operator", ["Dasar Maret", "Penyegaran Juli"]),
        ("partner", ["Dasar Maret"]),
        ("national", ["Dasar Maret", "Penyegaran Juli"]),
        ("outsider", []),
        ("superuser", []),
    ],
)
def test_api_trainings_list_scoped(api, world, scene, role, titles):
    response = _as(api, getattr(world, role)).get("/api/v1/trainings/")

    assert response.status_code == 200
    assert sorted(t["title"] for t in response.json()["results"]) == titles


@pytest.mark.parametrize(
    ("role", "which", "status"),
    [
        ("admin", "training", 200),
        ("camat", "training", 200),
        ("operator", "training", 200),
        ("partner", "training", 200),
        ("partner", "other", 404),
        ("outsider", "training", 404),
    ],
)
def test_api_training_detail_scoped(api, world, scene, role, which, status):
    response = _as(api, getattr(world, role)).get(f"/api/v1/trainings/{scene[which].pk}/")

    assert response.status_code == status


@pytest.mark.parametrize(
    "part", ["", "sessions/", "enrolments/", "attendance/", "completion/", "certificates/"]
)
def test_api_anonymous_is_401_with_token_challenge(api, scene, part):
    url = f"/api/v1/trainings/{scene['training'].pk}/{part}"

    response = api.get(url)
    instructors = api.get("/api/v1/instructors/")

    assert (response.status_code, response["WWW-Authenticate"]) == (401, "Token")
    assert instructors.status_code == 401


def _writes(scene):
    training = scene["training"]
    base = f"/api/v1/trainings/{training.pk}/"
    return [
        ("post", "/api/v1/trainings/", {"title": "X", "kind": "dasar"}),
        ("patch", base, {"venue": "Lain"}),
        ("post", f"{base}transition/", {"status": "reported"}),
        ("post", f"{base}sessions/", {"topic": "X"}),
        ("patch", f"{base}sessions/{scene['session'].pk}/", {"topic": "Lain"}),
        ("delete", f"{base}sessions/{scene['session'].pk}/", None),
        ("post", f"{base}enrolments/", {"member": scene["mine"].pk}),
        (
            "post",
            f"{base}attendance/",
            {"session": scene["session"].pk, "member": scene["mine"].pk, "status": "alpa"},
        ),
        ("post", f"{base}scores/", {"member": scene["mine"].pk, "post": 10}),
        ("post", f"{base}certificates/", None),
        ("post", "/api/v1/instructors/", {"name": "X"}),
        ("patch", f"/api/v1/instructors/{scene['instructor'].pk}/", {"rank": "X"}),
    ]


def _state():
    training = Training.objects.get(title="Dasar Maret")
    return (
        training.version,
        training.status,
        training.sessions.count(),
        list(Enrolment.objects.order_by("pk").values_list("pre_score", "post_score")),
        Certificate.objects.count(),
        list(Instructor.objects.values_list("rank", flat=True)),
        Training.objects.count(),
    )


@pytest.mark.parametrize("role", ["camat", "staff", "operator", "sibling_operator", "partner"])
def test_api_readers_get_403_on_every_write_and_nothing_changes(api, world, scene, role):
    client = _as(api, getattr(world, role))
    before = _state()

    answers = [
        (url, getattr(client, method)(url, body, format="json").status_code)
        for method, url, body in _writes(scene)
    ]

    assert [(url, code) for url, code in answers if code != 403] == []
    assert _state() == before


def test_api_outsider_writes_to_another_kecamatan_are_404(api, world, scene):
    client = _as(api, world.outsider)
    before = _state()

    answers = [
        (url, getattr(client, method)(url, body, format="json").status_code)
        for method, url, body in _writes(scene)
        if url != "/api/v1/trainings/" and url != "/api/v1/instructors/"
    ]

    assert [(url, code) for url, code in answers if code != 404] == []
    assert _state() == before


@pytest.mark.parametrize(
    ("role", "who"),
    [
        ("admin", ["mine", "theirs"]),
        ("camat", ["mine", "theirs"]),
        ("staff", ["mine", "theirs"]),
        ("operator", ["mine"]),
        ("sibling_operator", ["theirs"]),
    ],
)
@pytest.mark.parametrize("part", PARTICIPANT_PARTS)
def test_api_participants_follow_the_desa_of_the_reader(api, world, scene, role, who, part):
    response = _as(api, getattr(world, role)).get(
        f"/api/v1/trainings/{scene['training'].pk}/{part}"
    )

    assert response.status_code == 200
    assert sorted(row["member"] for row in response.json()["results"]) == sorted(
        scene[name].pk for name in who
    )


@pytest.mark.parametrize("part", PARTICIPANT_PARTS)
def test_api_partner_gets_403_for_participants(api, world, scene, part):
    response = _as(api, world.partner).get(f"/api/v1/trainings/{scene['training'].pk}/{part}")

    assert response.status_code == 403
    assert response.json()["detail"] == gettext(MESSAGE_PARTICIPANTS_HIDDEN)


def test_api_partner_reads_the_sessions_it_teaches(api, world, scene):
    response = _as(api, world.partner).get(f"/api/v1/trainings/{scene['training'].pk}/sessions/")

    assert response.status_code == 200
    assert [s["instructor"] for s in response.json()["results"]] == [scene["instructor"].pk]


@pytest.mark.parametrize(
    ("role", "names"),
    [
        ("admin", ["AIPTU Sugeng"]),
        ("camat", ["AIPTU Sugeng"]),
        ("operator", ["AIPTU Sugeng"]),
        ("partner", ["AIPTU Sugeng"]),
        ("outsider", []),
    ],
)
def test_api_instructors_scoped(api, world, scene, role, names):
    response = _as(api, getattr(world, role)).get("/api/v1/instructors/")

    assert [i["name"] for i in response.json()["results"]] == names


def test_api_outsider_instructor_detail_is_404(api, world, scene):
    response = _as(api, world.outsider).get(f"/api/v1/instructors/{scene['instructor'].pk}/")

    assert response.status_code == 404


def test_api_id_beyond_64_bits_is_400(api, world, scene):
    client = _as(api, world.admin)

    assert client.get(f"/api/v1/trainings/{2**64}/").status_code == 400
    assert client.get(f"/api/v1/trainings/{2**64}/completion/").status_code == 400


@pytest.mark.parametrize(
    ("role", "phone"),
    [("admin", "081200000001"), ("camat", "0812******01"), ("partner", "0812******01")],
)
def test_api_instructor_phone_in_full_only_for_managers(api, world, scene, role, phone):
    response = _as(api, getattr(world, role)).get(f"/api/v1/instructors/{scene['instructor'].pk}/")

    assert response.json()["phone"] == phone
