"""The one parser of the field work's list filters (fieldwork/filters.py): the incident list, the
map's points and the API read the same names the same way; bad input is a clear message (400)
and never a 500 or an unfiltered list."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from sitrantib.fieldwork.enums import IncidentSource
from sitrantib.fieldwork.filters import IncidentFilter, MapIncidentFilter, MapPostFilter
from sitrantib.fieldwork.models import Incident, Post
from sitrantib.fieldwork.tests.factories import make_incident, make_post, moment
from sitrantib.testing.responses import release

pytestmark = pytest.mark.django_db

BAD = [
    ("period", "2026-13"),
    ("period", "2026-Q5"),
    ("period", "x" * 500),
    ("period", "20\x0026"),
    ("status", "hilang"),
    ("source", "burung"),
    ("category", "c" * 500),
    ("desa", "35.08.07.9999"),
    ("desa", "35\x00"),
    ("kecamatan", "9" * 500),
    ("active", "2"),
    ("condition", "ambruk"),
    ("pos", "x"),
    ("pos", "9" * 30),
    ("pos", "-1"),
]


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(("name", "value"), BAD)
def test_map_refuses_bad_input_with_a_message(world, name, value):
    response = _client(world.admin).get(reverse("fieldwork:map_data"), {name: value})
    release(response)
    assert response.status_code == 400
    assert response.json()["detail"]


@pytest.mark.parametrize(
    ("name", "value"),
    [(n, v) for n, v in BAD if n in {"period", "status", "source", "category", "desa"}],
)
def test_incident_list_shows_the_message_and_no_rows(client, world, name, value):
    incident = make_incident(world)
    client.force_login(world.admin)
    response = client.get(reverse("fieldwork:incident_list"), {name: value})
    html = response.content.decode()
    assert response.status_code == 400
    assert f'id="id_{name}_error"' in html
    assert incident.get_absolute_url() not in html


@pytest.mark.parametrize(
    ("name", "value"),
    [("period", "2026-13"), ("period", "x" * 500), ("status", "hilang"), ("village", "v" * 500)],
)
def test_api_refuses_bad_input_with_a_message(world, name, value):
    response = _client(world.admin).get("/api/v1/incidents/", {name: value})
    release(response)
    assert response.status_code == 400
    assert name in response.json()["errors"]


def test_unknown_names_are_ignored(world):
    make_incident(world, latitude="-8.2", longitude="113.2")
    response = _client(world.admin).get(
        reverse("fieldwork:map_data"), {"layers": "incidents", "warna": "merah"}
    )
    assert response.status_code == 200
    assert len(response.json()["features"]) == 1


def test_list_and_map_read_the_same_filters(world):
    """The same query string gives the same incidents on the list and on the map (the map used
    to ignore `source`)."""
    make_incident(world, when=moment(dt.date(2026, 4, 3)), latitude="-8.2", longitude="113.2")
    flood = make_incident(
        world,
        when=moment(dt.date(2026, 4, 5)),
        code="banjir",
        source=IncidentSource.CITIZEN,
        latitude="-8.3",
        longitude="113.3",
    )
    query = {"period": "2026-04", "source": IncidentSource.CITIZEN, "layers": "incidents"}
    response = _client(world.admin).get(reverse("fieldwork:map_data"), query)
    assert response.status_code == 200
    assert [f["properties"]["url"] for f in response.json()["features"]] == [
        flood.get_absolute_url()
    ]

    class Request:
        user = world.admin

    listed = IncidentFilter(query, queryset=Incident.objects.all(), request=Request())
    assert listed.is_valid()
    assert [i.pk for i in listed.qs] == [flood.pk]
    mapped = MapIncidentFilter(query, queryset=Incident.objects.all(), request=Request())
    assert [i.pk for i in mapped.qs] == [flood.pk]


def test_post_filters_of_the_map(world):
    active = make_post(world, name="Pos Aktif")
    make_post(world, name="Pos Tutup", is_active=False)
    found = MapPostFilter({"active": "1"}, queryset=Post.objects.all())
    assert [p.pk for p in found.qs] == [active.pk]
    found = MapPostFilter({"pos": str(active.pk)}, queryset=Post.objects.all())
    assert [p.pk for p in found.qs] == [active.pk]
    assert sorted(p.name for p in MapPostFilter({}, queryset=Post.objects.all()).qs) == [
        "Pos Aktif",
        "Pos Tutup",
    ]
