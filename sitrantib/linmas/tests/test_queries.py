import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sitrantib.linmas.models import Member, Squad
from sitrantib.linmas.services import new_verification_code

from .conftest import make_member


def fill(world, count):
    squad = Squad.objects.create(village=world.village, name="Regu 1")
    for serial in range(1, count + 1):
        make_member(world.village, name=f"Anggota {serial:03d}", serial=serial, squad=squad)


@pytest.mark.parametrize("count", [1, 3])
def test_member_list_query_count_is_constant(client, world, django_assert_num_queries, count):
    fill(world, count)
    client.force_login(world.admin)
    with django_assert_num_queries(9):
        response = client.get("/linmas/anggota/")
    assert len(response.context["members"]) == count


@pytest.mark.parametrize("count", [1, 3])
def test_readiness_page_query_count_is_constant(client, world, django_assert_num_queries, count):
    fill(world, count)
    client.force_login(world.admin)
    with django_assert_num_queries(10):
        client.get("/linmas/")


@pytest.mark.parametrize("count", [1, 3])
def test_api_member_list_query_count_is_constant(client, world, django_assert_num_queries, count):
    fill(world, count)
    client.force_login(world.admin)
    with django_assert_num_queries(6):
        response = client.get("/api/v1/linmas-members/")
    assert len(response.json()["results"]) == count


def test_register_of_180_members_pages_by_key(client, world):
    Member.objects.bulk_create(
        Member(
            nik=f"350807{dt.date(1980 + i % 20, 1 + i % 12, 1 + i % 28):%d%m%y}{i + 1:04d}",
            name=f"Anggota {i:03d}",
            sex="L",
            birth_place="Lumajang",
            birth_date=dt.date(1980 + i % 20, 1 + i % 12, 1 + i % 28),
            village=world.village,
            verification_code=new_verification_code(),
        )
        for i in range(180)
    )
    client.force_login(world.admin)
    seen, url, pages = [], "/linmas/anggota/", 0
    while url:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        seen += [m.name for m in response.context["members"]]
        url = (
            "/linmas/anggota/" + response.context["next_url"]
            if response.context["next_url"]
            else ""
        )
        pages += 1
        assert "COUNT(" not in " ".join(q["sql"] for q in queries.captured_queries).upper()
    assert (pages, len(seen), seen == sorted(seen)) == (4, 180, True)
