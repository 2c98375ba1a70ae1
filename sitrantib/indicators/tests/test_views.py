"""The indicator pages: dashboard, Camat page, definitions, drill-down, manual values, public
page and every kecamatan side by side — each for the allowed roles, the refused ones and the
other kecamatan."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from sitrantib.fieldwork.tests.factories import make_incident, make_visit
from sitrantib.indicators.enums import Method, ValueStatus
from sitrantib.indicators.models import IndicatorDefinition, IndicatorSettings, IndicatorValue
from sitrantib.indicators.tests.factories import make_definition, pdf_upload, value_of
from sitrantib.testing.responses import release

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


def get(client: Any, user: Any, url: str, **params: Any) -> Any:
    client.force_login(user) if user is not None else client.logout()
    response = client.get(url, params)
    release(response)
    return response


@pytest.fixture
def scene(world: Any) -> dict[str, Any]:
    """This year: the % of peaceful desa (calculated), desa monitored, one manual indicator; a
    visit in Darungan this month."""
    peaceful = make_definition(
        world.district, "desa_peaceful_percent", year=YEAR, name="Persentase desa tentram"
    )
    monitored = make_definition(
        world.district, "desa_monitored", year=YEAR, name="Desa terpantau", unit="desa", target=2
    )
    manual = make_definition(
        world.district,
        year=YEAR,
        code="sinergi",
        name="Sinergitas FORKOMPIMKA",
        unit="laporan",
        target=4,
        published=True,
    )
    visit = make_visit(world, when=timezone.now() - dt.timedelta(hours=1))
    return {"peaceful": peaceful, "monitored": monitored, "manual": manual, "visit": visit}


# Dashboard ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["admin", "camat", "staff", "partner"])
def test_dashboard_shows_every_indicator_to_readers(client, world, scene, role):
    response = get(client, getattr(world, role), reverse("indicators:dashboard"))
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("Persentase desa tentram", "Desa terpantau", "Sinergitas FORKOMPIMKA"):
        assert name in html
    year_value = value_of(scene["monitored"], str(YEAR))
    assert reverse("indicators:value_detail", args=[year_value.pk]) in html


def test_dashboard_value_achievement_and_grade_in_words(client, world, scene):
    response = get(client, world.admin, reverse("indicators:dashboard"))
    monitored = value_of(scene["monitored"], str(YEAR))
    assert monitored.value == Decimal(1)
    assert monitored.achievement == Decimal("50.00")
    html = response.content.decode()
    row = html.split('data-indicator="desa_monitored"')[1].split("</tr>")[0]
    assert 'data-grade="sangat_kurang"' in row
    assert "Sangat kurang" in row


def test_dashboard_refuses_operator_and_outsider_kecamatan(client, world, scene):
    assert get(client, world.operator, reverse("indicators:dashboard")).status_code == 403
    response = get(
        client, world.outsider, reverse("indicators:dashboard"), kecamatan=world.district.code
    )
    assert response.status_code == 404


def test_dashboard_anonymous_goes_to_login(client, world):
    response = get(client, None, reverse("indicators:dashboard"))
    assert response.status_code == 302
    assert "/akun/masuk/" in response["Location"]


def test_dashboard_field_and_budget_sections_only_for_their_readers(client, world, scene):
    admin = get(client, world.admin, reverse("indicators:dashboard")).content.decode()
    assert 'id="situation-map"' in admin
    assert 'id="chart-incidents"' in admin
    assert 'id="budget-table"' in admin
    partner = get(client, world.partner, reverse("indicators:dashboard")).content.decode()
    assert 'id="situation-map"' not in partner
    assert 'id="budget-table"' not in partner


def test_dashboard_situation_levels_and_field_counts(client, world, scene):
    make_incident(world, when=timezone.now() - dt.timedelta(hours=3))
    response = get(client, world.admin, reverse("indicators:dashboard"))
    html = response.content.decode()
    darungan = html.split(f'data-village="{world.village.code}"')[1][:80]
    assert 'data-level="peaceful"' in darungan
    kraton = html.split(f'data-village="{world.sibling_village.code}"')[1][:80]
    assert 'data-level="unmonitored"' in kraton
    footer = html.split('id="field-table"')[1].split("<tfoot>")[1]
    assert footer.count(">1<") == 2  # one incident, one visit this year


def test_dashboard_wide_scope_chooses_kecamatan_or_goes_across(client, world, scene):
    response = get(client, world.regency_admin, reverse("indicators:dashboard"))
    assert response.status_code == 302
    assert reverse("indicators:across") in response["Location"]
    response = get(
        client, world.regency_admin, reverse("indicators:dashboard"), kecamatan=world.district.code
    )
    assert response.status_code == 200
    assert "Persentase desa tentram" in response.content.decode()


def _villages(world: Any, n: int) -> None:
    from sitrantib.regions.models import Village

    for i in range(n):
        Village.objects.create(
            code=f"35.08.07.{2100 + i}", name=f"Desa {i}", district=world.district
        )


def _indicators(world: Any, n: int) -> None:
    for i in range(n):
        make_definition(world.district, year=YEAR, code=f"manual-{i}", name=f"Manual {i}")


def _dashboard_queries(client: Any, world: Any) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.admin)
    client.get(reverse("indicators:dashboard"))  # values computed and stored once
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("indicators:dashboard"))
    release(response)
    assert response.status_code == 200
    return len(queries)


def test_dashboard_queries_do_not_grow_with_desa_or_indicators(client, world, scene):
    small = _dashboard_queries(client, world)
    _villages(world, 18)
    _indicators(world, 17)
    for i in range(5):
        make_visit(
            world, village=world.sibling_village, when=timezone.now() - dt.timedelta(hours=i + 1)
        )
    large = _dashboard_queries(client, world)
    print(f"dashboard: {small} queries with 2 desa and 3 indicators, {large} with 20 and 20")
    assert large == small
    html = client.get(reverse("indicators:dashboard")).content.decode()
    assert html.count('data-village="') == 20
    assert "Manual 16" in html


# Camat page -------------------------------------------------------------------------------------


def test_camat_page_counts_open_rawan_and_month_incidents(client, world, scene):
    make_visit(world, situation="rawan", when=timezone.now() - dt.timedelta(hours=2))
    make_incident(world, when=timezone.now() - dt.timedelta(hours=3))
    response = get(client, world.camat, reverse("indicators:camat"))
    assert response.status_code == 200
    html = response.content.decode()
    rawan = html.split('data-figure="open-rawan"')[1].split("</a>")[0]
    assert rawan.endswith(">1")
    incidents = html.split('data-figure="incidents-month"')[1].split("</a>")[0]
    assert incidents.endswith(">1")
    assert 'data-figure="late-documents"' in html
    assert "Sinergitas FORKOMPIMKA" in html
    assert "data-print" in html


def test_camat_page_partner_sees_indicators_only(client, world, scene):
    html = get(client, world.partner, reverse("indicators:camat")).content.decode()
    assert "Persentase desa tentram" in html
    assert 'data-figure="open-rawan"' not in html
    assert 'data-figure="late-documents"' not in html


def test_camat_page_refuses_operator(client, world, scene):
    assert get(client, world.operator, reverse("indicators:camat")).status_code == 403


# Definitions -------------------------------------------------------------------------------------


def test_definition_list_and_detail_for_readers(client, world, scene):
    response = get(client, world.staff, reverse("indicators:definition_list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Persentase desa tentram" in html
    assert reverse("indicators:definition_create") not in html
    detail = get(
        client, world.staff, reverse("indicators:definition_detail", args=[scene["peaceful"].pk])
    )
    assert detail.status_code == 200
    html = detail.content.decode()
    assert 'id="calculator-statement"' in html
    assert f'data-period="{YEAR}-Q1"' in html
    assert f'data-period="{YEAR}-12"' in html


def test_definition_detail_of_other_kecamatan_is_404(client, world, scene):
    url = reverse("indicators:definition_detail", args=[scene["peaceful"].pk])
    assert get(client, world.outsider, url).status_code == 404


def test_definition_create_by_admin(client, world, scene):
    client.force_login(world.admin)
    response = client.post(
        reverse("indicators:definition_create"),
        {
            "code": "linmas-terlatih",
            "name": "Jumlah LINMAS terbina",
            "level": "output",
            "unit": "orang",
            "polarity": "positive",
            "method": Method.CALCULATED,
            "calculator": "linmas_trained",
            "source": "Pelatihan yang selesai",
            "year": YEAR,
            "target": "40",
            "q1": "10",
            "q2": "",
            "q3": "",
            "q4": "40",
            "params": "{}",
            "position": "4",
        },
    )
    release(response)
    assert response.status_code == 302
    created = IndicatorDefinition.objects.get(code="linmas-terlatih")
    assert created.quarter_targets == ["10", None, None, "40"]
    assert created.calculator == "linmas_trained"


def test_definition_create_calculated_without_calculator_is_refused(client, world, scene):
    client.force_login(world.admin)
    before = IndicatorDefinition.objects.count()
    response = client.post(
        reverse("indicators:definition_create"),
        {
            "code": "tanpa",
            "name": "Tanpa penghitung",
            "level": "output",
            "unit": "orang",
            "polarity": "positive",
            "method": Method.CALCULATED,
            "calculator": "",
            "year": YEAR,
            "params": "{}",
            "position": "0",
        },
    )
    release(response)
    assert response.status_code == 400
    assert 'id="id_calculator_error"' in response.content.decode()
    assert IndicatorDefinition.objects.count() == before


@pytest.mark.parametrize("role", ["camat", "staff", "partner", "operator"])
def test_definition_create_refused_to_non_admins(client, world, scene, role):
    response = get(client, getattr(world, role), reverse("indicators:definition_create"))
    assert response.status_code == 403


def test_definition_edit_stale_version_is_refused(client, world, scene):
    definition = scene["monitored"]
    client.force_login(world.admin)
    data = {
        "code": definition.code,
        "name": "Desa terpantau (baru)",
        "level": definition.level,
        "unit": definition.unit,
        "polarity": definition.polarity,
        "method": definition.method,
        "calculator": definition.calculator,
        "params": "{}",
        "target": "2",
        "position": "0",
        "version": definition.version,
    }
    first = client.post(reverse("indicators:definition_edit", args=[definition.pk]), data)
    release(first)
    assert first.status_code == 302
    second = client.post(
        reverse("indicators:definition_edit", args=[definition.pk]),
        {**data, "name": "Yang lain"},
    )
    release(second)
    assert second.status_code == 400
    definition.refresh_from_db()
    assert definition.name == "Desa terpantau (baru)"


def test_definition_edit_by_outsider_is_404(client, world, scene):
    url = reverse("indicators:definition_edit", args=[scene["monitored"].pk])
    assert get(client, world.outsider, url).status_code == 404


def test_seed_from_plan_without_plan_says_so(client, world):
    client.force_login(world.admin)
    response = client.post(reverse("indicators:seed_from_plan") + f"?year={YEAR}")
    release(response)
    assert response.status_code == 400
    assert 'id="seed-error"' in response.content.decode()
    assert not IndicatorDefinition.objects.exists()


def test_seed_from_plan_refused_to_camat(client, world):
    assert get(client, world.camat, reverse("indicators:seed_from_plan")).status_code == 403


def test_settings_saved_by_admin_and_explained(client, world, scene):
    page = get(client, world.admin, reverse("indicators:settings"))
    assert page.status_code == 200
    assert "107,14%" in page.content.decode()
    client.force_login(world.admin)
    response = client.post(
        reverse("indicators:settings"), {"zero_target": "met_if_zero", "cap_at_100": "on"}
    )
    release(response)
    assert response.status_code == 302
    stored = IndicatorSettings.objects.get(district=world.district)
    assert stored.cap_at_100 is True
    assert stored.zero_target == "met_if_zero"


@pytest.mark.parametrize("role", ["camat", "staff", "partner"])
def test_settings_refused_to_non_admins(client, world, role):
    assert get(client, getattr(world, role), reverse("indicators:settings")).status_code == 403


# Drill-down --------------------------------------------------------------------------------------


def test_value_detail_formula_and_records_link_to_the_visit(client, world, scene):
    get(client, world.admin, reverse("indicators:dashboard"))
    value = value_of(scene["monitored"], str(YEAR))
    response = get(client, world.admin, reverse("indicators:value_detail", args=[value.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="formula"' in html
    assert "1 ÷ 2 × 100% = 50%" in html  # noqa: RUF001
    numerator = html.split('id="numerator-records"')[1].split("</table>")[0]
    assert world.village.name in numerator
    denominator = html.split('id="denominator-records"')[1].split("</table>")[0]
    assert world.sibling_village.name in denominator


def test_value_detail_partner_sees_numbers_not_records(client, world, scene):
    value = value_of_after_dashboard(client, world, scene["monitored"])
    html = get(
        client, world.partner, reverse("indicators:value_detail", args=[value.pk])
    ).content.decode()
    assert 'id="formula"' in html
    assert 'id="numerator-records"' not in html
    assert 'id="records-hidden"' in html


def value_of_after_dashboard(client: Any, world: Any, definition: Any) -> IndicatorValue:
    get(client, world.admin, reverse("indicators:dashboard"))
    return value_of(definition, str(YEAR))


def test_value_detail_other_kecamatan_404_operator_403(client, world, scene):
    value = value_of_after_dashboard(client, world, scene["monitored"])
    url = reverse("indicators:value_detail", args=[value.pk])
    assert get(client, world.outsider, url).status_code == 404
    assert get(client, world.operator, url).status_code == 403


# Manual values -----------------------------------------------------------------------------------


def test_manual_value_entered_with_evidence_then_approved_by_camat(client, world, scene):
    value = value_of_after_dashboard(client, world, scene["manual"])
    client.force_login(world.admin)
    response = client.post(
        reverse("indicators:manual_entry", args=[value.pk]),
        {
            "number": "3",
            "note": "Tiga laporan sinergitas",
            "evidence": pdf_upload(),
            "description": "Laporan",
            "version": value.version,
        },
    )
    release(response)
    assert response.status_code == 302
    value.refresh_from_db()
    assert value.status == ValueStatus.DRAFT
    assert value.evidence.count() == 1
    detail = get(client, world.admin, reverse("indicators:value_detail", args=[value.pk]))
    assert 'id="approve-form"' not in detail.content.decode()  # the one who typed it
    camat_page = get(client, world.camat, reverse("indicators:value_detail", args=[value.pk]))
    assert 'id="approve-form"' in camat_page.content.decode()
    client.force_login(world.camat)
    approved = client.post(reverse("indicators:approve", args=[value.pk]), {"confirm": "on"})
    release(approved)
    assert approved.status_code == 302
    value.refresh_from_db()
    assert value.status == ValueStatus.APPROVED
    assert value.value == Decimal(3)
    assert value.achievement == Decimal("75.00")


def test_manual_value_without_evidence_is_refused_and_nothing_saved(client, world, scene):
    value = value_of_after_dashboard(client, world, scene["manual"])
    client.force_login(world.admin)
    response = client.post(
        reverse("indicators:manual_entry", args=[value.pk]),
        {"number": "3", "note": "", "version": value.version},
    )
    release(response)
    assert response.status_code == 400
    assert 'id="id_evidence_error"' in response.content.decode()
    value.refresh_from_db()
    assert value.numerator is None


def test_manual_value_with_a_bad_file_keeps_nothing(client, world, scene):
    from django.core.files.uploadedfile import SimpleUploadedFile

    value = value_of_after_dashboard(client, world, scene["manual"])
    client.force_login(world.admin)
    response = client.post(
        reverse("indicators:manual_entry", args=[value.pk]),
        {
            "number": "3",
            "version": value.version,
            "evidence": SimpleUploadedFile("x.pdf", b"<html>bukan pdf</html>"),
        },
    )
    release(response)
    assert response.status_code == 400
    value.refresh_from_db()
    assert value.numerator is None
    assert value.evidence.count() == 0


def test_manual_entry_refused_to_camat_and_for_calculated(client, world, scene):
    manual = value_of_after_dashboard(client, world, scene["manual"])
    assert (
        get(client, world.camat, reverse("indicators:manual_entry", args=[manual.pk])).status_code
        == 403
    )
    calculated = value_of(scene["monitored"], str(YEAR))
    assert (
        get(
            client, world.admin, reverse("indicators:manual_entry", args=[calculated.pk])
        ).status_code
        == 404
    )


def test_approve_refused_to_admin(client, world, scene):
    value = value_of_after_dashboard(client, world, scene["manual"])
    client.force_login(world.admin)
    response = client.post(reverse("indicators:approve", args=[value.pk]), {"confirm": "on"})
    release(response)
    assert response.status_code == 403


def test_evidence_file_scoped(client, world, scene):
    value = value_of_after_dashboard(client, world, scene["manual"])
    client.force_login(world.admin)
    release(
        client.post(
            reverse("indicators:manual_entry", args=[value.pk]),
            {"number": "3", "version": value.version, "evidence": pdf_upload()},
        )
    )
    evidence = value.evidence.get()
    url = reverse("indicators:evidence_file", args=[evidence.pk])
    ok = get(client, world.camat, url)
    assert ok.status_code == 200
    assert ok["Content-Type"] == "application/pdf"
    assert get(client, world.partner, url).status_code == 404
    assert get(client, world.outsider, url).status_code == 404


# Public page ------------------------------------------------------------------------------------


def test_public_page_shows_only_published_without_login(client, world, scene):
    response = get(client, None, reverse("indicators_public:published", args=[world.district.code]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sinergitas FORKOMPIMKA" in html
    assert "Persentase desa tentram" not in html
    assert "/indikator/nilai/" not in html  # no drill-down for the public


def test_public_page_unknown_kecamatan_is_404(client, world):
    response = get(client, None, reverse("indicators_public:published", args=["99.99.99"]))
    assert response.status_code == 404


# Across kecamatan ---------------------------------------------------------------------------------


def test_across_lists_every_covered_kecamatan_opening_its_dashboard(client, world, scene):
    make_definition(
        world.other_district,
        "desa_monitored",
        year=YEAR,
        name="Desa terpantau",
        unit="desa",
        target=1,
    )
    response = get(client, world.regency_admin, reverse("indicators:across"))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'data-district="{world.district.code}"' in html
    assert f'data-district="{world.other_district.code}"' in html
    assert f"?kecamatan={world.district.code}" in html


def test_across_one_kecamatan_admin_sees_only_own(client, world, scene):
    make_definition(
        world.other_district,
        "desa_monitored",
        year=YEAR,
        name="Desa terpantau",
        unit="desa",
        target=1,
    )
    html = get(client, world.admin, reverse("indicators:across")).content.decode()
    assert f'data-district="{world.district.code}"' in html
    assert f'data-district="{world.other_district.code}"' not in html


def test_across_map_colours_desa_by_their_kecamatan(client, world, scene):
    from sitrantib.regions.models import VillageBoundary

    square = {
        "type": "Polygon",
        "coordinates": [[[113, -8], [113.1, -8], [113.1, -8.1], [113, -8]]],
    }
    for village in (world.village, world.foreign_village):
        VillageBoundary.objects.create(
            village=village,
            geometry=square,
            centroid_lat=-8.05,
            centroid_lon=113.05,
            estimated_area_km2=Decimal(1),
            source="uji",
        )
    make_definition(
        world.other_district,
        "desa_monitored",
        year=YEAR,
        name="Desa terpantau",
        unit="desa",
        target=1,
    )
    client.force_login(world.regency_admin)
    response = client.get(
        reverse("indicators:across_map"), {"year": YEAR, "indicator": "desa_monitored"}
    )
    data = response.json()
    by_code = {f["properties"]["code"]: f["properties"] for f in data["features"]}
    assert by_code[world.village.code]["achievement"] == "50.00"
    assert by_code[world.village.code]["grade"] == "sangat_kurang"
    assert by_code[world.foreign_village.code]["district"] == world.other_district.code
    client.force_login(world.admin)
    own = client.get(
        reverse("indicators:across_map"), {"year": YEAR, "indicator": "desa_monitored"}
    ).json()
    assert {f["properties"]["district"] for f in own["features"]} == {world.district.code}


def test_across_refuses_operator(client, world):
    assert get(client, world.operator, reverse("indicators:across")).status_code == 403


def _across_queries(client: Any, user: Any) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(user)
    release(client.get(reverse("indicators:across")))  # values computed and stored once
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("indicators:across"))
    release(response)
    assert response.status_code == 200
    return len(queries)


def test_across_queries_do_not_grow_with_desa_or_indicators(client, world, scene):
    make_definition(
        world.other_district, "desa_monitored", year=YEAR, name="Desa terpantau", target=1
    )
    small = _across_queries(client, world.regency_admin)
    _villages(world, 18)
    _indicators(world, 17)
    for i in range(17):
        make_definition(world.other_district, year=YEAR, code=f"lain-{i}", name=f"Lain {i}")
    large = _across_queries(client, world.regency_admin)
    print(f"across: {small} queries with 2 desa and 4 indicators, {large} with 20 and 38")
    assert large == small
    html = client.get(reverse("indicators:across")).content.decode()
    assert "Manual 16" in html


def test_value_detail_caps_a_long_list_with_see_all(client, world, scene, monkeypatch):
    from sitrantib.indicators.views import values

    monkeypatch.setattr(values, "RECORDS_SHOWN", 1)
    value = value_of_after_dashboard(client, world, scene["monitored"])
    url = reverse("indicators:value_detail", args=[value.pk])
    html = get(client, world.admin, url).content.decode()
    denominator = html.split('id="denominator-records"')[1].split("</section>")[0]
    assert denominator.count("<tr>") == 2  # the header and one desa
    assert "?semua=penyebut" in denominator
    everything = get(client, world.admin, url, semua="penyebut").content.decode()
    denominator = everything.split('id="denominator-records"')[1].split("</section>")[0]
    assert world.village.name in denominator
    assert world.sibling_village.name in denominator


def test_home_shows_how_many_indicators_are_good(client, world, scene):
    release(get(client, world.admin, reverse("indicators:dashboard")))
    html = get(client, world.admin, reverse("regions:home")).content.decode()
    figure = html.split('id="figure-indicators-good"')[1][:600]
    assert "dari" in figure
    assert reverse("indicators:dashboard") in figure


def test_seed_from_plan_page_creates_once_then_nothing(client, world):
    from sitrantib.indicators.tests.test_services import make_plan

    make_plan(world, year=YEAR)
    client.force_login(world.admin)
    page = client.get(reverse("indicators:seed_from_plan"), {"year": YEAR})
    release(page)
    assert page.status_code == 200
    url = reverse("indicators:seed_from_plan") + f"?year={YEAR}"
    first = client.post(url)
    release(first)
    assert first.status_code == 302
    created = IndicatorDefinition.objects.filter(district=world.district, year=YEAR).count()
    assert created == 10
    second = client.post(url)
    release(second)
    assert second.status_code == 302
    assert IndicatorDefinition.objects.filter(district=world.district, year=YEAR).count() == 10
    listing = get(client, world.admin, reverse("indicators:definition_list"), year=YEAR)
    assert listing.content.decode().count("data-definition=") == 10
