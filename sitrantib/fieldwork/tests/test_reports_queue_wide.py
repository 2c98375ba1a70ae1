"""The moderation queue's desa filter at kabupaten scale (issue 16, part A point 2; ADR 0109,
0111): beyond SELECT_LIMIT desa it is a search field of the desa the administrator reads, not a
select of every desa; a desa outside the scope is a message beside the field, never a list."""

from typing import Any

import pytest
from django.test import Client

from sitrantib.fieldwork.forms.villages import SELECT_LIMIT
from sitrantib.fieldwork.tests.test_reports_moderation import QUEUE, get, submitted
from sitrantib.regions.models import Village
from sitrantib.testing.choices import choice_lists

pytestmark = pytest.mark.django_db


@pytest.fixture
def wide(world: Any) -> list[Village]:
    """SELECT_LIMIT more desa in world.district: the kabupaten's administrator reads beyond it."""
    villages = [
        Village(code=f"35.08.07.{3001 + n}", name=f"Desa Tambahan {n:02d}", district=world.district)
        for n in range(SELECT_LIMIT)
    ]
    return Village.objects.bulk_create(villages)


def _village_list(response: Any) -> list[tuple[str, int]]:
    return [found for found in choice_lists(response.content.decode()) if "village" in found[0]]


def test_a_kecamatan_admin_keeps_the_select_of_its_desa(client: Client, world: Any) -> None:
    response = get(client, world.admin, QUEUE)

    assert _village_list(response) == [("select village", 3)]  # "Semua desa" and two desa


def test_a_kabupaten_admin_searches_the_desa_instead_of_a_select(
    client: Client, world: Any, wide: list[Village]
) -> None:
    sibling = submitted(world, village=world.sibling_village)
    submitted(world)

    page = get(client, world.regency_admin, QUEUE)
    filtered = get(client, world.regency_admin, QUEUE, village=world.sibling_village.code)

    html = page.content.decode()
    assert _village_list(page) == []
    assert 'role="combobox"' in html
    assert "/sistem/cari/regions.villages/" in html
    assert filtered.status_code == 200
    assert [r.pk for r in filtered.context["page"].rows] == [sibling.pk]
    # the chosen desa is shown by its name in the search field
    assert world.sibling_village.name in filtered.content.decode()


def test_a_desa_outside_the_scope_is_refused_beside_the_search_field(
    client: Client, world: Any, wide: list[Village]
) -> None:
    submitted(world)
    Village.objects.create(code="35.09.01.2001", name="Luar", district=_far_district())

    response = get(client, world.regency_admin, QUEUE, village="35.09.01.2001")

    assert response.status_code == 400
    assert list(response.context["page"].rows) == []
    assert 'id="id_village_error"' in response.content.decode()


def _far_district() -> Any:
    from sitrantib.regions.benchdata import make_region_tree

    return make_region_tree(district_code="35.09.01")
