"""The participants page and the three ways to enrol from the register, through real requests:
capacity, desa quota and inactive members refused with the reason, warnings shown, NIK masked
for readers who do not keep the register, a flat number of queries for 3 or 180 participants."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sitrantib.linmas.enums import MemberStatus
from sitrantib.trainings import services
from sitrantib.trainings.models import Enrolment
from sitrantib.trainings.tests.factories import (
    make_members,
    make_sessions,
    make_training,
    run_training,
)

pytestmark = pytest.mark.django_db


def _as(client, user):
    client.force_login(user)
    return client


def _url(name, training):
    return reverse(f"trainings:{name}", args=[training.pk])


def _enrol(training, members, actor):
    for member in members:
        services.enrol_member(training=training, member=member, actor=actor)


# Who sees which participants ---------------------------------------------------------------------


def test_admin_sees_every_participant_with_the_full_nik(client, world):
    training = make_training(world)
    here = make_members(world.village, 2)
    there = make_members(world.sibling_village, 1)
    _enrol(training, here + there, world.admin)
    response = _as(client, world.admin).get(_url("participants", training))
    html = response.content.decode()
    assert response.status_code == 200
    assert all(m.name in html and m.nik in html for m in here + there)
    assert "Terdaftar <strong>3</strong> dari kapasitas 180" in html
    assert 'id="enrol-member-form"' in html
    assert 'id="enrol-quota-form"' in html
    assert reverse("trainings:withdraw", args=[Enrolment.objects.first().pk]) in html


@pytest.mark.parametrize("role", ["camat", "staff"])
def test_camat_and_staff_see_every_participant_with_the_nik_masked_and_no_forms(
    client, world, role
):
    training = make_training(world)
    members = make_members(world.village, 1) + make_members(world.sibling_village, 1)
    _enrol(training, members, world.admin)
    response = _as(client, getattr(world, role)).get(_url("participants", training))
    html = response.content.decode()
    assert response.status_code == 200
    assert all(m.name in html and m.nik not in html for m in members)
    assert all(f"{m.nik[:4]}********{m.nik[-4:]}" in html for m in members)
    assert 'id="enrol-member-form"' not in html
    assert "Keluarkan" not in html


def test_village_operator_sees_only_its_desa(client, world):
    training = make_training(world)
    mine = make_members(world.village, 2)
    theirs = make_members(world.sibling_village, 2)
    _enrol(training, mine + theirs, world.admin)
    html = _as(client, world.operator).get(_url("participants", training)).content.decode()
    assert all(m.name in html for m in mine)
    assert not any(m.name in html for m in theirs)
    assert 'id="enrol-member-form"' not in html


def test_partner_outsider_and_anonymous_do_not_see_participants(client, world):
    training = make_training(world)
    assert client.get(_url("participants", training)).status_code == 302
    for user in (world.partner, world.outsider):
        assert _as(client, user).get(_url("participants", training)).status_code == 404


# (a) One member, searched as typed ---------------------------------------------------------------


def test_member_search_offers_active_members_of_the_kecamatan_not_yet_enrolled(client, world):
    training = make_training(world)
    enrolled, free = make_members(world.village, 2)
    inactive = make_members(world.village, 1, status=MemberStatus.NONAKTIF)[0]
    make_members(world.foreign_village, 1)
    services.enrol_member(training=training, member=enrolled, actor=world.admin)
    client = _as(client, world.admin)
    response = client.get(_url("enrol_member", training), {"q": "Anggota"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    ids = [int(row["id"]) for row in response.json()]
    assert ids == [free.pk]
    assert response.json()[0]["label"] == f"{free.name} (Darungan)"
    assert inactive.pk not in ids
    by_nik = client.get(_url("enrol_member", training), {"q": free.nik}).json()
    assert [int(row["id"]) for row in by_nik] == [free.pk]
    page = client.get(_url("participants", training)).content.decode()
    assert f'data-url="{_url("enrol_member", training)}"' in page


def test_member_search_is_for_the_admin_only(client, world):
    training = make_training(world)
    make_members(world.village, 1)
    assert (
        _as(client, world.camat).get(_url("enrol_member", training), {"q": "An"}).status_code == 403
    )
    assert (
        _as(client, world.outsider).get(_url("enrol_member", training), {"q": "An"}).status_code
        == 404
    )


def test_admin_enrols_one_member_from_the_page(client, world):
    training = make_training(world)
    member = make_members(world.village, 1)[0]
    response = _as(client, world.admin).post(
        _url("enrol_member", training), {"one-member": str(member.pk)}, follow=True
    )
    assert f"{member.name} terdaftar sebagai peserta." in response.content.decode()
    assert Enrolment.objects.filter(training=training, member=member, method="manual").exists()


def test_inactive_member_is_refused_with_the_reason_beside_the_field(client, world):
    training = make_training(world)
    member = make_members(world.village, 1, status=MemberStatus.BERHENTI)[0]
    response = _as(client, world.admin).post(
        _url("enrol_member", training), {"one-member": str(member.pk)}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_one-member_error"' in html
    assert "tidak berstatus aktif" in html
    assert not Enrolment.objects.exists()


def test_member_beyond_the_capacity_is_refused(client, world):
    training = make_training(world, capacity=2)
    first, second, third = make_members(world.village, 3)
    _enrol(training, [first, second], world.admin)
    response = _as(client, world.admin).post(
        _url("enrol_member", training), {"one-member": str(third.pk)}
    )
    assert response.status_code == 400
    assert "Kapasitas pelatihan 2 peserta sudah terpenuhi" in response.content.decode()
    assert Enrolment.objects.filter(training=training).count() == 2


def test_member_beyond_the_desa_quota_is_refused(client, world):
    training = make_training(world, village_quota=1)
    first, second = make_members(world.village, 2)
    services.enrol_member(training=training, member=first, actor=world.admin)
    response = _as(client, world.admin).post(
        _url("enrol_member", training), {"one-member": str(second.pk)}
    )
    assert response.status_code == 400
    assert "Kuota desa Darungan (1 peserta) sudah terpenuhi." in response.content.decode()


def test_member_of_another_kecamatan_is_not_a_choice(client, world):
    training = make_training(world)
    foreign = make_members(world.foreign_village, 1)[0]
    response = _as(client, world.admin).post(
        _url("enrol_member", training), {"one-member": str(foreign.pk)}
    )
    assert response.status_code == 400
    assert "Pilihan tidak ditemukan" in response.content.decode()


def test_member_trained_in_this_kind_this_year_is_enrolled_with_a_warning(client, world):
    earlier = make_training(
        world, title="Dasar Januari", starts_on=dt.date(2026, 1, 5), ends_on=dt.date(2026, 1, 6)
    )
    session = make_sessions(world, earlier, 1)[0]
    member = make_members(world.village, 1)[0]
    enrolment = services.enrol_member(training=earlier, member=member, actor=world.admin).added[0]
    run_training(world, earlier)
    services.mark_attendance(session=session, marks={enrolment.pk: "hadir"}, actor=world.admin)
    services.set_scores(training=earlier, scores={enrolment.pk: (50, 80)}, actor=world.admin)
    services.transition_training(training=earlier, to_status="finished", actor=world.admin)

    training = make_training(world)
    response = _as(client, world.admin).post(
        _url("enrol_member", training), {"one-member": str(member.pk)}, follow=True
    )
    html = response.content.decode()
    assert f"{member.name} sudah lulus Pelatihan Dasar tahun 2026" in html
    assert "alert-warning" in html
    assert Enrolment.objects.filter(training=training, member=member).exists()


# (b) By desa quota, (c) a whole desa -------------------------------------------------------------


def test_quota_of_two_fills_each_of_two_desa_with_two(client, world):
    training = make_training(world)
    make_members(world.village, 3)
    make_members(world.sibling_village, 4)
    response = _as(client, world.admin).post(
        _url("enrol_quota", training), {"quota-per_village": "2"}, follow=True
    )
    assert "4 peserta ditambahkan." in response.content.decode()
    per_desa = sorted(
        Enrolment.objects.filter(training=training).values_list("village_id", flat=True)
    )
    assert per_desa == ["35.08.07.2001"] * 2 + ["35.08.07.2002"] * 2
    assert set(Enrolment.objects.values_list("method", flat=True)) == {"quota"}


def test_quota_for_chosen_desa_only(client, world):
    training = make_training(world)
    make_members(world.village, 3)
    make_members(world.sibling_village, 3)
    _as(client, world.admin).post(
        _url("enrol_quota", training),
        {"quota-per_village": "2", "quota-villages": ["35.08.07.2002"]},
    )
    assert list(Enrolment.objects.values_list("village_id", flat=True)) == ["35.08.07.2002"] * 2


def test_quota_beyond_the_capacity_is_refused_and_nothing_enrolled(client, world):
    training = make_training(world, capacity=3)
    make_members(world.village, 2)
    make_members(world.sibling_village, 2)
    response = _as(client, world.admin).post(
        _url("enrol_quota", training), {"quota-per_village": "2"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_quota-per_village_error"' in html
    assert "Kapasitas pelatihan 3 peserta sudah terpenuhi" in html
    assert not Enrolment.objects.exists()


def test_whole_desa_enrols_its_active_members_only(client, world):
    training = make_training(world)
    active = make_members(world.village, 3)
    make_members(world.village, 1, status=MemberStatus.NONAKTIF)
    make_members(world.sibling_village, 2)
    response = _as(client, world.admin).post(
        _url("enrol_village", training), {"village-village": "35.08.07.2001"}, follow=True
    )
    assert "3 peserta ditambahkan." in response.content.decode()
    assert set(Enrolment.objects.values_list("member_id", flat=True)) == {m.pk for m in active}
    assert set(Enrolment.objects.values_list("method", flat=True)) == {"village"}


def test_whole_desa_beyond_the_quota_is_refused(client, world):
    training = make_training(world, village_quota=2)
    make_members(world.village, 3)
    response = _as(client, world.admin).post(
        _url("enrol_village", training), {"village-village": "35.08.07.2001"}
    )
    assert response.status_code == 400
    assert "Kuota desa Darungan (2 peserta) sudah terpenuhi." in response.content.decode()
    assert not Enrolment.objects.exists()


@pytest.mark.parametrize("role", ["camat", "staff", "operator"])
def test_readers_may_not_enrol(client, world, role):
    training = make_training(world)
    member = make_members(world.village, 1)[0]
    client = _as(client, getattr(world, role))
    posts = [
        (_url("enrol_member", training), {"one-member": str(member.pk)}),
        (_url("enrol_quota", training), {"quota-per_village": "2"}),
        (_url("enrol_village", training), {"village-village": "35.08.07.2001"}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403
    assert not Enrolment.objects.exists()


# Withdraw ----------------------------------------------------------------------------------------


def test_admin_withdraws_a_participant_after_confirming(client, world):
    training = make_training(world)
    member = make_members(world.village, 1)[0]
    enrolment = services.enrol_member(training=training, member=member, actor=world.admin).added[0]
    client = _as(client, world.admin)
    url = reverse("trainings:withdraw", args=[enrolment.pk])
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert member.name in confirm.content.decode()
    assert Enrolment.objects.exists()
    response = client.post(url, follow=True)
    assert f"{member.name} dikeluarkan dari peserta." in response.content.decode()
    assert not Enrolment.objects.exists()


def test_withdraw_by_a_reader_or_outsider_is_refused(client, world):
    training = make_training(world)
    member = make_members(world.village, 1)[0]
    enrolment = services.enrol_member(training=training, member=member, actor=world.admin).added[0]
    url = reverse("trainings:withdraw", args=[enrolment.pk])
    assert _as(client, world.camat).post(url).status_code == 403
    assert _as(client, world.outsider).post(url).status_code == 404
    assert Enrolment.objects.exists()


# Queries -----------------------------------------------------------------------------------------


def test_participants_page_runs_the_same_queries_for_3_and_180_participants(client, world):
    small = make_training(world, title="Kecil")
    big = make_training(world, title="Besar")
    make_members(world.village, 3)
    services.enrol_by_quota(training=small, per_village=3, actor=world.admin)
    make_members(world.village, 87)
    make_members(world.sibling_village, 90)
    services.enrol_by_quota(training=big, per_village=90, actor=world.admin)
    assert Enrolment.objects.filter(training=big).count() == 180
    client = _as(client, world.admin)
    client.get(_url("participants", small))  # the first request of a session reads more

    def measure(training):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(_url("participants", training))
        assert response.status_code == 200
        return len(queries), response.content.decode().count("data-enrolment=")

    small_queries, small_rows = measure(small)
    big_queries, big_rows = measure(big)
    assert (small_rows, big_rows) == (3, 180)
    assert small_queries == big_queries
