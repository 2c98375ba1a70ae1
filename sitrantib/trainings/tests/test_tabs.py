"""Every page of a training shows the same tab bar, and only the tabs its viewer may open."""

import pytest
from django.urls import reverse

from sitrantib.trainings.tests.test_records_attendance import running_training

pytestmark = pytest.mark.django_db

PAGES = ("training_detail", "participants", "scores", "completion", "certificates")


def _tabs(client, user, name, training):
    client.force_login(user)
    html = client.get(reverse(f"trainings:{name}", args=[training.pk])).content.decode()
    return {
        "sheets": reverse("trainings:sheets", args=[training.pk]) in html,
        "scores": reverse("trainings:scores", args=[training.pk]) in html,
    }


@pytest.mark.parametrize("name", PAGES)
def test_the_administrator_sees_every_tab_on_every_page(client, world, name):
    training, sessions = running_training(world)
    assert _tabs(client, world.admin, name, training) == {"sheets": True, "scores": True}
    html = client.get(reverse(f"trainings:{name}", args=[training.pk])).content.decode()
    assert reverse("trainings:attendance", args=[sessions[0].pk]) in html


@pytest.mark.parametrize("name", PAGES)
def test_a_village_operator_gets_no_tab_to_the_money_sheets_it_may_not_open(client, world, name):
    training, _sessions = running_training(world)
    assert _tabs(client, world.operator, name, training) == {"sheets": False, "scores": True}
    assert client.get(reverse("trainings:sheets", args=[training.pk])).status_code == 403
