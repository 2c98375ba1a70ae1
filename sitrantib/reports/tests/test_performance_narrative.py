"""The page where the section writes the causes and remedies of each indicator (ADR 0102)."""

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from sitrantib.core.concurrency import StaleVersion
from sitrantib.core.models import AuditEntry
from sitrantib.indicators.models import IndicatorDefinition
from sitrantib.indicators.tests.factories import make_definition
from sitrantib.reports.models import IndicatorNarrative
from sitrantib.reports.performance.narrative import save_narrative
from sitrantib.testing.responses import release

YEAR = 2025


@pytest.fixture
def definition(world: Any) -> IndicatorDefinition:
    return make_definition(
        world.district, "accompaniment_visits", year=YEAR, target=8, name="Pendampingan"
    )


def edit_url(definition: IndicatorDefinition) -> str:
    return reverse("reports:narrative_edit", kwargs={"pk": definition.pk})


def list_url(world: Any, district: Any = None) -> str:
    code = (district or world.district).code
    return f"{reverse('reports:narrative_list')}?kecamatan={code}&year={YEAR}"


def post(client: Any, definition: IndicatorDefinition, version: Any, **fields: str) -> Any:
    data = {"causes": "", "remedies": "", "efficiency": "", "version": version, **fields}
    return client.post(edit_url(definition), data)


def test_admin_writes_then_changes_the_analysis(client: Any, world: Any, definition: Any) -> None:
    client.force_login(world.admin)
    response = client.get(edit_url(definition))
    assert response.status_code == 200
    assert 'name="version" value="0"' in response.content.decode()
    release(response)
    response = post(client, definition, 0, causes="Banjir", remedies="Jadwal digeser")
    assert response.status_code == 302
    assert response["Location"] == performance_list(definition)
    narrative = IndicatorNarrative.objects.get(definition=definition)
    assert (narrative.causes, narrative.remedies, narrative.version) == (
        "Banjir",
        "Jadwal digeser",
        1,
    )
    assert narrative.created_by == world.admin
    response = post(client, definition, 1, causes="Banjir besar", remedies="Jadwal digeser")
    assert response.status_code == 302
    narrative.refresh_from_db()
    assert (narrative.causes, narrative.version) == ("Banjir besar", 2)
    entries = AuditEntry.objects.filter(object_type="reports.indicatornarrative")
    assert entries.count() == 2
    response = client.get(list_url(world))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Banjir besar" in page
    assert edit_url(definition) in page


def performance_list(definition: IndicatorDefinition) -> str:
    return f"{reverse('reports:narrative_list')}?kecamatan={definition.district_id}&year={YEAR}"


def test_stale_save_is_refused_and_nothing_is_saved(
    client: Any, world: Any, definition: Any
) -> None:
    save_narrative(
        definition=definition, data={"causes": "Pertama"}, actor=world.admin, expected_version=0
    )
    client.force_login(world.national)
    # Opened before the first save (version 0): refused, the first text stays.
    response = post(client, definition, 0, causes="Kedua")
    assert response.status_code == 400
    assert "sudah diubah" in response.content.decode()
    assert IndicatorNarrative.objects.get(definition=definition).causes == "Pertama"
    save_narrative(
        definition=definition, data={"causes": "Ketiga"}, actor=world.admin, expected_version=1
    )
    response = post(client, definition, 1, causes="Keempat")
    assert response.status_code == 400
    narrative = IndicatorNarrative.objects.get(definition=definition)
    assert (narrative.causes, narrative.version) == ("Ketiga", 2)
    with pytest.raises(StaleVersion):
        save_narrative(
            definition=definition, data={"causes": "X"}, actor=world.admin, expected_version=1
        )


def test_empty_or_too_long_text_is_refused_beside_the_form(
    client: Any, world: Any, definition: Any
) -> None:
    client.force_login(world.admin)
    response = post(client, definition, 0)
    assert response.status_code == 400
    assert "Tulis paling tidak" in response.content.decode()
    response = post(client, definition, 0, causes="x" * 5001)
    assert response.status_code == 400
    assert 'id="id_causes"' in response.content.decode()
    assert not IndicatorNarrative.objects.exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("camat", 403),
        ("staff", 403),
        ("operator", 403),
        ("partner", 403),
        ("outsider", 404),
        ("superuser", 403),
    ],
)
def test_only_the_kecamatan_admin_writes(
    client: Any, world: Any, definition: Any, who: str, status: int
) -> None:
    client.force_login(getattr(world, who))
    response = client.get(edit_url(definition))
    assert response.status_code == status
    release(response)
    response = post(client, definition, 0, causes="Tidak boleh")
    assert response.status_code == status
    release(response)
    assert not IndicatorNarrative.objects.exists()
    with pytest.raises(PermissionDenied):
        save_narrative(definition=definition, data={"causes": "x"}, actor=getattr(world, who))


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("admin", 200),
        ("camat", 200),
        ("staff", 200),
        ("national", 200),
        ("regency_admin", 200),
        ("operator", 403),
        ("partner", 403),
        ("outsider", 404),
    ],
)
def test_the_list_is_read_by_the_kecamatan_readers(
    client: Any, world: Any, definition: Any, who: str, status: int
) -> None:
    save_narrative(
        definition=definition, data={"causes": "Banjir"}, actor=world.admin, expected_version=0
    )
    client.force_login(getattr(world, who))
    response = client.get(list_url(world))
    assert response.status_code == status
    if status == 200:
        page = response.content.decode()
        assert "Banjir" in page
        # Only the administrators see the link to the form.
        assert (edit_url(definition) in page) == (who in ("admin", "national", "regency_admin"))
    release(response)


def test_anonymous_goes_to_login(client: Any, world: Any, definition: Any) -> None:
    for url in (list_url(world), edit_url(definition)):
        response = client.get(url)
        assert response.status_code == 302
        assert "/masuk/" in response["Location"] or "login" in response["Location"]


def test_script_in_the_text_is_escaped_on_the_page(
    client: Any, world: Any, definition: Any
) -> None:
    save_narrative(
        definition=definition,
        data={"causes": '<script>alert("x")</script>'},
        actor=world.admin,
        expected_version=0,
    )
    client.force_login(world.camat)
    page = client.get(list_url(world)).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page


def _list_queries(client: Any, world: Any) -> tuple[int, str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(list_url(world))  # computes the values once
    with CaptureQueriesContext(connection) as queries:
        response = client.get(list_url(world))
    return len(queries), response.content.decode()


def test_list_reads_a_fixed_number_of_queries(client: Any, world: Any) -> None:
    client.force_login(world.camat)
    first = make_definition(world.district, "accompaniment_visits", year=YEAR, name="Satu")
    make_definition(world.district, "accompaniment_visits", year=YEAR - 1, name="Satu")
    save_narrative(
        definition=first, data={"causes": "Sebab satu"}, actor=world.admin, expected_version=0
    )
    one, page = _list_queries(client, world)
    assert page.count("Sebab ") == 1
    for code, name in (("desa_monitored", "Dua"), ("linmas_guidance", "Tiga")):
        definition = make_definition(world.district, code, year=YEAR, name=name)
        save_narrative(
            definition=definition,
            data={"causes": f"Sebab {name}"},
            actor=world.admin,
            expected_version=0,
        )
        # the same indicator in the year before, read for the LKjIP's earlier columns
        make_definition(world.district, code, year=YEAR - 1, name=name)
    three, page = _list_queries(client, world)
    assert page.count("Sebab ") == 3
    assert one == three == 10
