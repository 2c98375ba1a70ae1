import pytest
from django.core.exceptions import ImproperlyConfigured

from config.settings.env import env_bool, env_int, env_list


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1", True), ("true", True), ("YES", True), ("0", False), ("off", False), ("", False)],
)
def test_env_bool_reads_common_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("SITRANTIB_X", raw)

    assert env_bool("SITRANTIB_X") is expected


def test_env_bool_rejects_other_text_naming_the_variable(monkeypatch):
    monkeypatch.setenv("SITRANTIB_X", "mungkin")

    with pytest.raises(ImproperlyConfigured, match="SITRANTIB_X must be a boolean"):
        env_bool("SITRANTIB_X")


def test_env_int_default_and_error(monkeypatch):
    monkeypatch.delenv("SITRANTIB_X", raising=False)
    assert env_int("SITRANTIB_X", 5) == 5
    monkeypatch.setenv("SITRANTIB_X", "lima")

    with pytest.raises(ImproperlyConfigured, match="SITRANTIB_X must be an integer"):
        env_int("SITRANTIB_X", 5)


def test_env_list_splits_and_trims(monkeypatch):
    monkeypatch.setenv("SITRANTIB_X", " a.example , b.example,, ")

    assert env_list("SITRANTIB_X", []) == ["a.example", "b.example"]
