"""The parts of scripts/loadcheck.py that decide what a run reports: percentiles, the loopback
rule, the bounds of a run and the per-operation summary. (The run itself is `make loadcheck`.)"""

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
from django.conf import settings


def _load() -> ModuleType:
    path = Path(settings.BASE_DIR) / "scripts" / "loadcheck.py"
    spec = importlib.util.spec_from_file_location("loadcheck", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["loadcheck"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


loadcheck = _load()


def test_percentiles_are_nearest_rank():
    values = sorted(float(n) for n in range(1, 101))

    assert loadcheck.percentile(values, 50) == 50.0
    assert loadcheck.percentile(values, 95) == 95.0
    assert loadcheck.percentile([0.2], 95) == 0.2
    assert loadcheck.percentile([], 95) == 0.0


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:8000/", "http://localhost:8000/", "http://[::1]:8000/", "http://127.3.4.5/"],
)
def test_loopback_addresses_may_be_loaded(url):
    assert loadcheck.require_loopback(url) == url


@pytest.mark.parametrize(
    "url",
    [
        "http://10.0.0.5/",
        "http://192.168.1.10:8000/",
        "https://trantib.example.go.id/",
        "http://8.8.8.8/",
    ],
)
def test_any_other_address_is_refused(url):
    with pytest.raises(ValueError, match="loopback"):
        loadcheck.require_loopback(url)


def test_a_run_is_bounded(capsys):
    with pytest.raises(SystemExit):
        loadcheck.parse(["--users", "500"])
    with pytest.raises(SystemExit):
        loadcheck.parse(["--duration", "86400"])
    options = loadcheck.parse(["--no-faults"])

    assert (options.users, options.duration, options.faults) == (12, 120, False)
    assert options.max_requests <= 20000


def test_faults_need_a_way_to_restart_postgresql(monkeypatch):
    monkeypatch.delenv("PGVERSION", raising=False)
    with pytest.raises(SystemExit):
        loadcheck.parse([])
    monkeypatch.setenv("PGVERSION", "15")

    assert loadcheck.parse([]).pg_ctl == "pg_ctlcluster 15 regress"


def test_the_summary_counts_errors_and_percentiles_per_operation():
    tally = loadcheck.Tally()
    for ms in range(1, 21):
        tally.add("home", ms / 1000, 200)
    tally.add("home", 5.0, 503, "HTTP 503 /")
    tally.add("login", 0.1, None, "URLError: refused")

    summary = tally.summary()

    assert summary["home"]["count"] == 21
    assert summary["home"]["errors"] == 1
    assert summary["home"]["p50_ms"] == 11
    assert summary["home"]["p95_ms"] == 20
    assert summary["home"]["max_ms"] == 5000
    assert summary["home"]["statuses"] == {200: 20, 503: 1}
    assert summary["login"]["first_errors"] == ["URLError: refused"]
    assert tally.requests == 22
