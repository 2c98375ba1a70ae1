"""`compute_indicators --workers N`: the chunks of kecamatan shared among N processes on
PostgreSQL store exactly what one process stores; SQLite computes in one process and says so."""

import io
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from sitrantib.indicators.calculators import CALCULATORS, KAK_DEFAULTS
from sitrantib.indicators.models import IndicatorValue
from sitrantib.indicators.parallel import parts_of
from sitrantib.indicators.services import period_of
from sitrantib.indicators.tests.scene import YEAR, make_kecamatan_set

KAK_CODES = [code for _name, code in KAK_DEFAULTS]


def test_parts_give_every_process_work_and_keep_the_chunk() -> None:
    codes = [f"35.08.{n:02d}" for n in range(1, 11)]
    assert parts_of(codes, 2) == [codes[:5], codes[5:]]
    assert parts_of(codes, 3) == [codes[:4], codes[4:8], codes[8:]]
    assert parts_of(codes, 1, chunk=4) == [codes[:4], codes[4:8], codes[8:]]
    assert parts_of(list(reversed(codes)) + codes[:2], 1) == [codes]
    assert parts_of([], 2) == []


@pytest.mark.django_db(transaction=True)
def test_workers_store_what_a_fresh_computation_gives(world: Any) -> None:
    kecamatan = make_kecamatan_set(world, 4)
    out, err = io.StringIO(), io.StringIO()
    call_command("compute_indicators", year=YEAR, workers=2, stdout=out, stderr=err)
    for code in kecamatan:
        assert f"Kecamatan {code} tahun {YEAR}: {len(KAK_CODES) * 17} nilai dihitung." in (
            out.getvalue()
        )
    if connection.vendor == "sqlite":
        assert "satu proses" in err.getvalue()
    else:
        assert err.getvalue() == ""
    values = IndicatorValue.objects.filter(definition__district_id__in=kecamatan).select_related(
        "definition"
    )
    assert values.count() == len(kecamatan) * len(KAK_CODES) * 17
    for value in values:
        assert not value.stale
        fresh = CALCULATORS[value.definition.calculator].compute(
            value.definition.district_id, period_of(value.period_key), {}
        )
        assert (value.value, value.numerator, value.denominator) == (
            fresh.value,
            fresh.numerator,
            fresh.denominator,
        ), (value.definition.district_id, value.definition.calculator, value.period_key)


@pytest.mark.parametrize("workers", ["0", "65", "dua"])
def test_a_bad_number_of_workers_is_refused(workers: str) -> None:
    with pytest.raises(CommandError, match="Jumlah proses harus 1 sampai 64"):
        call_command("compute_indicators", "--year", str(YEAR), "--workers", workers)
