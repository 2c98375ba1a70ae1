"""An instructor's phone and NIP/NRP are shown in full only to those who run the trainings."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from sitrantib.trainings.tests.factories import make_instructor

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("who", "full"), [("admin", True), ("camat", False), ("operator", False)])
def test_instructor_number_and_phone_masked_for_readers(client, world, who, full):
    make_instructor(world, id_number="197001012000031001", phone="081234567890")
    user = getattr(world, who)
    client.force_login(user)
    html = client.get(reverse("trainings:instructor_list")).content.decode()
    assert ("197001012000031001" in html) is full
    assert ("081234567890" in html) is full
    api = APIClient()
    api.force_authenticate(user)
    [row] = api.get("/api/v1/instructors/").json()["results"]
    assert (row["id_number"] == "197001012000031001") is full
    assert (row["phone"] == "081234567890") is full
