"""The indicators API (issue 13, point 8): the list of a year in one period with decimals as
strings of two places, the period names and their stored keys, one indicator in every period,
the records behind a value, bad input (400 with the Indonesian message), an unknown code (404)
and the number of queries, which does not grow with the number of indicators."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from sitrantib.core.api import MESSAGE_YEAR_OUT_OF_RANGE
from sitrantib.fieldwork.situation import parse_period
from sitrantib.fieldwork.tests.factories import make_visit, moment
from sitrantib.indicators.api.views import (
    MESSAGE_BAD_DISTRICT,
    MESSAGE_BAD_PERIOD,
    MESSAGE_BAD_YEAR,
    MESSAGE_NO_INDICATOR,
    PeriodCode,
    code_of_key,
)
from sitrantib.indicators.enums import Method, Polarity, ValueStatus
from sitrantib.indicators.models import IndicatorDefinition, IndicatorValue, ManualEvidence
from sitrantib.indicators.tests.factories import make_definition
from sitrantib.planning.enums import IndicatorLevel

pytestmark = pytest.mark.django_db

URL = "/api/v1/indicators/"
YEAR = 2026


def _as(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def manual_indicator(
    district,
    code,
    *,
    position=0,
    target="75",
    values=None,
    status=ValueStatus.APPROVED,
    polarity=Polarity.POSITIVE,
    year=YEAR,
):
    """A manual indicator of the kecamatan's year. `values` maps a period key ("2026",
    "2026-Q1", "2026-03") to the realisation typed for it, with one evidence file and `status`
    (approved: it counts); the engine computes value and achievement at the first read."""
    definition = IndicatorDefinition.objects.create(
        district=district,
        year=year,
        code=code,
        name=f"Indikator {code}",
        level=IndicatorLevel.OUTPUT,
        unit="%",
        polarity=polarity,
        method=Method.MANUAL,
        target=Decimal(target),
        position=position,
    )
    for key, number in (values or {}).items():
        period = parse_period(key)
        value = IndicatorValue.objects.create(
            definition=definition,
            period_key=period.key,
            period_kind=period.kind,
            start=period.start,
            end=period.end,
            numerator=Decimal(number),
            status=status,
            stale=True,
        )
        ManualEvidence.objects.create(
            value=value, file=f"indicators/evidence/{code}-{key}.pdf", original_name="bukti.pdf"
        )
    return definition


def _value(definition, key):
    return IndicatorValue.objects.get(definition=definition, period_key=key)


def _evidence(definition, key):
    return f"http://testserver/indikator/nilai/{_value(definition, key).pk}/"


# Periods ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "key"),
    [("Y", "2026"), ("Q1", "2026-Q1"), ("Q4", "2026-Q4"), ("M03", "2026-03"), ("M12", "2026-12")],
)
def test_period_codes_map_to_the_stored_keys_and_back(code, key):
    assert PeriodCode(code, 2026).key == key
    assert code_of_key(key) == code


# The list -----------------------------------------------------------------------------------------


def test_api_list_gives_every_indicator_of_the_year_with_decimals_as_strings(world):
    first = manual_indicator(
        world.district, "ikm", position=1, target="75", values={"2026": "60.5"}
    )
    second = manual_indicator(
        world.district,
        "kejadian",
        position=2,
        target="8",
        polarity=Polarity.NEGATIVE,
        values={"2026": "9"},
    )
    response = _as(world.admin).get(URL, {"year": "2026"})
    assert response.status_code == 200, response.json()
    # Positive: 60.5 / 75 x 100 = 80.666... -> "80.67"; negative: (2 - 9 / 8) x 100 = 87.5.
    assert response.json() == [
        {
            "code": "ikm",
            "name": "Indikator ikm",
            "level": "output",
            "unit": "%",
            "polarity": "positive",
            "target": "75.00",
            "value": "60.50",
            "achievement": "80.67",
            "period": "Y",
            "evidence_url": _evidence(first, "2026"),
        },
        {
            "code": "kejadian",
            "name": "Indikator kejadian",
            "level": "output",
            "unit": "%",
            "polarity": "negative",
            "target": "8.00",
            "value": "9.00",
            "achievement": "87.50",
            "period": "Y",
            "evidence_url": _evidence(second, "2026"),
        },
    ]


@pytest.mark.parametrize(("period", "key"), [("Y", "2026"), ("Q1", "2026-Q1"), ("M03", "2026-03")])
def test_api_list_answers_the_period_asked_for(world, period, key):
    definition = manual_indicator(
        world.district,
        "ikm",
        values={"2026": "70", "2026-Q1": "65.25", "2026-03": "1"},
    )
    response = _as(world.admin).get(URL, {"year": "2026", "period": period})
    assert response.status_code == 200, response.json()
    # Against the yearly target 75 (no quarter targets): 70 -> 93.33, 65.25 -> 87.00, 1 -> 1.33.
    expected = {"Y": ("70.00", "93.33"), "Q1": ("65.25", "87.00"), "M03": ("1.00", "1.33")}
    [item] = response.json()
    assert (item["period"], (item["value"], item["achievement"]), item["evidence_url"]) == (
        period,
        expected[period],
        _evidence(definition, key),
    )


def test_api_list_without_period_gives_the_year(world):
    manual_indicator(world.district, "ikm", values={"2026": "70"})
    [item] = _as(world.admin).get(URL, {"year": "2026"}).json()
    assert (item["period"], item["value"]) == ("Y", "70.00")


def test_api_list_without_year_gives_the_current_year(world):
    year = timezone.localdate().year
    manual_indicator(world.district, "ikm", year=year, values={str(year): "70"})
    manual_indicator(world.district, "lain", year=year - 1, values={str(year - 1): "5"})
    response = _as(world.admin).get(URL)
    assert [item["code"] for item in response.json()] == ["ikm"]


def test_api_list_gives_null_where_nothing_is_counted(world):
    """No value yet, and a manual value awaiting approval: value and achievement null."""
    manual_indicator(world.district, "kosong", position=1)
    manual_indicator(
        world.district,
        "draf",
        position=2,
        values={"2026": "50"},
        status=ValueStatus.DRAFT,
    )
    body = _as(world.admin).get(URL, {"year": "2026"}).json()
    assert [(i["code"], i["target"], i["value"], i["achievement"]) for i in body] == [
        ("kosong", "75.00", None, None),
        ("draf", "75.00", None, None),
    ]


def test_api_list_leaves_other_years_and_kecamatan_out(world):
    manual_indicator(world.district, "ikm", values={"2026": "70"})
    manual_indicator(world.district, "lama", year=2025)
    manual_indicator(world.other_district, "lain")
    body = _as(world.admin).get(URL, {"year": "2026"}).json()
    assert [item["code"] for item in body] == ["ikm"]


# One indicator in every period --------------------------------------------------------------------


def test_api_values_lists_every_period_of_the_year_in_order(world):
    definition = manual_indicator(world.district, "ikm", values={"2026": "70", "2026-Q2": "12.345"})
    manual_indicator(world.district, "lain", position=2)
    response = _as(world.admin).get(f"{URL}ikm/values/", {"year": "2026"})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert [item["period"] for item in body] == (
        ["Y", "Q1", "Q2", "Q3", "Q4"] + [f"M{m:02d}" for m in range(1, 13)]
    )
    assert {item["code"] for item in body} == {"ikm"}
    by_period = {item["period"]: item for item in body}
    assert (by_period["Y"]["value"], by_period["Y"]["achievement"]) == ("70.00", "93.33")
    # Rounded half up to two places.
    assert (by_period["Q2"]["value"], by_period["Q2"]["achievement"]) == ("12.35", "16.46")
    assert by_period["M07"]["value"] is None
    assert by_period["M07"]["evidence_url"] == _evidence(definition, "2026-07")


def test_api_values_of_an_unknown_code_is_404(world):
    manual_indicator(world.district, "ikm")
    response = _as(world.admin).get(f"{URL}tidak-ada/values/", {"year": "2026"})
    assert response.status_code == 404
    assert response.json()["detail"] == MESSAGE_NO_INDICATOR


def test_api_values_of_a_code_of_another_year_is_404(world):
    manual_indicator(world.district, "ikm", year=2025)
    response = _as(world.admin).get(f"{URL}ikm/values/", {"year": "2026"})
    assert response.status_code == 404


# Records behind a value ---------------------------------------------------------------------------


def test_api_records_of_a_manual_value_list_its_evidence(world):
    definition = manual_indicator(world.district, "ikm", values={"2026-03": "70"})
    evidence = ManualEvidence.objects.get(value__definition=definition)
    response = _as(world.admin).get(f"{URL}ikm/records/", {"year": "2026", "period": "M03"})
    assert response.status_code == 200, response.json()
    assert response.json() == {
        "code": "ikm",
        "name": "Indikator ikm",
        "period": "M03",
        "value": "70.00",
        "numerator": "70.00",
        "denominator": None,
        "evidence_url": _evidence(definition, "2026-03"),
        "numerator_records": [
            {
                "label": "bukti.pdf",
                "url": f"http://testserver/indikator/bukti/{evidence.pk}/",
                "date": timezone.localdate(evidence.created_at).isoformat(),
                "detail": "",
            }
        ],
        "denominator_records": [],
    }


def test_api_records_of_a_calculated_value_are_the_counted_desa(world):
    """% desa tentram dan tertib in March 2026: Darungan visited (kondusif), Kraton not visited:
    1 of 2 desa -> "50.00"; the numerator lists Darungan, the denominator both desa."""
    make_definition(world.district, "desa_peaceful_percent", year=YEAR, code="tentram", target=80)
    make_visit(world, when=moment(dt.date(2026, 3, 5)))
    response = _as(world.admin).get(f"{URL}tentram/records/", {"year": "2026", "period": "M03"})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["value"], body["numerator"], body["denominator"]) == ("50.00", "1.00", "2.00")
    darungan = "http://testserver" + reverse("fieldwork:village", kwargs={"code": "35.08.07.2001"})
    kraton = "http://testserver" + reverse("fieldwork:village", kwargs={"code": "35.08.07.2002"})
    assert [(r["label"], r["url"], r["date"]) for r in body["numerator_records"]] == [
        ("Darungan", darungan, "2026-03-05")
    ]
    assert [(r["label"], r["url"]) for r in body["denominator_records"]] == [
        ("Darungan", darungan),
        ("Kraton", kraton),
    ]
    [item] = _as(world.admin).get(URL, {"year": "2026", "period": "M03"}).json()
    # The list agrees with the drill-down; achievement 50 / 80 x 100 = 62.50.
    assert (item["value"], item["target"], item["achievement"]) == ("50.00", "80.00", "62.50")


def test_api_answers_the_new_value_after_a_record_changes(world):
    make_definition(world.district, "desa_monitored", year=YEAR, code="terpantau", target=2)
    client = _as(world.admin)
    make_visit(world, when=moment(dt.date(2026, 3, 5)))
    [before] = client.get(URL, {"year": "2026", "period": "Q1"}).json()
    assert (before["value"], before["achievement"]) == ("1.00", "50.00")
    make_visit(
        world,
        village=world.sibling_village,
        when=moment(
            dt.date(
                2026,
                3,
                31,
            ),
            23,
        ),
    )
    [after] = client.get(URL, {"year": "2026", "period": "Q1"}).json()
    assert (after["value"], after["achievement"]) == ("2.00", "100.00")


def test_api_records_of_an_unknown_code_is_404(world):
    response = _as(world.admin).get(f"{URL}tidak-ada/records/", {"year": "2026"})
    assert response.status_code == 404
    assert response.json()["detail"] == MESSAGE_NO_INDICATOR


# Bad input ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("year", ["abc", "20266", "26", "2026.0", " 2026", "2026\n", "٢٠٢٦"])
def test_api_refuses_a_year_that_is_not_four_digits(world, year):
    response = _as(world.admin).get(URL, {"year": year})
    assert response.status_code == 400
    assert response.json()["errors"] == {"year": [MESSAGE_BAD_YEAR]}


@pytest.mark.parametrize("year", ["1999", "2101", "0000", "9999"])
def test_api_refuses_a_year_out_of_range(world, year):
    response = _as(world.admin).get(URL, {"year": year})
    assert response.status_code == 400
    message = MESSAGE_YEAR_OUT_OF_RANGE % {"min": 2000, "max": 2100}
    assert response.json()["errors"] == {"year": [message]}


@pytest.mark.parametrize(
    "period", ["Q5", "Q0", "M13", "M00", "M3", "2026-Q1", "q1", "YY", "Y\n", "\x00"]
)
def test_api_refuses_a_bad_period(world, period):
    for url in (URL, f"{URL}ikm/records/"):
        response = _as(world.admin).get(url, {"year": "2026", "period": period})
        assert response.status_code == 400
        assert response.json()["errors"] == {"period": [MESSAGE_BAD_PERIOD]}


@pytest.mark.parametrize("district", ["35.08", "35-08-07", "x" * 300, "35.08.07\x00"])
def test_api_refuses_a_malformed_kecamatan(world, district):
    response = _as(world.admin).get(URL, {"year": "2026", "kecamatan": district})
    assert response.status_code == 400
    assert response.json()["errors"] == {"kecamatan": [MESSAGE_BAD_DISTRICT]}


def test_api_messages_are_in_indonesian(world):
    response = _as(world.admin).get(URL, {"year": "2026", "period": "Q9"})
    assert response.json()["detail"].startswith("Periode ditulis Y (tahun)")


# Queries ------------------------------------------------------------------------------------------


def _queries(client, url, params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200, response.json()
    return len(queries), response.json()


@pytest.mark.parametrize("period", ["Y", "Q2", "M11"])
def test_api_list_queries_do_not_grow_with_the_indicators(world, period):
    client = _as(world.admin)
    for n in range(3):
        manual_indicator(world.district, f"a{n}", position=n, values={"2026": "1"})
    small, body = _queries(client, URL, {"year": "2026", "period": period})
    assert len(body) == 3
    for n in range(3, 9):
        manual_indicator(world.district, f"a{n}", position=n, values={"2026": "1"})
    large, body = _queries(client, URL, {"year": "2026", "period": period})
    assert len(body) == 9
    assert {item["period"] for item in body} == {period}
    assert small == large


def test_api_values_queries_do_not_grow_with_the_indicators(world):
    client = _as(world.admin)
    for n in range(3):
        manual_indicator(world.district, f"a{n}", position=n)
    small, body = _queries(client, f"{URL}a0/values/", {"year": "2026"})
    assert len(body) == 17
    for n in range(3, 9):
        manual_indicator(world.district, f"a{n}", position=n)
    large, body = _queries(client, f"{URL}a0/values/", {"year": "2026"})
    assert len(body) == 17
    assert small == large


def test_api_list_queries_with_fresh_calculated_values_do_not_grow(world):
    """Calculated definitions computed once: reading them again costs the same for 3 and 9."""
    client = _as(world.admin)
    make_visit(world, when=moment(dt.date(2026, 3, 5)))
    for n in range(3):
        make_definition(world.district, "desa_monitored", year=YEAR, code=f"d{n}", position=n)
    client.get(URL, {"year": "2026", "period": "Q1"})
    small, body = _queries(client, URL, {"year": "2026", "period": "Q1"})
    assert [item["value"] for item in body] == ["1.00"] * 3
    for n in range(3, 9):
        make_definition(world.district, "desa_monitored", year=YEAR, code=f"d{n}", position=n)
    client.get(URL, {"year": "2026", "period": "Q1"})
    large, body = _queries(client, URL, {"year": "2026", "period": "Q1"})
    assert [item["value"] for item in body] == ["1.00"] * 9
    assert small == large
