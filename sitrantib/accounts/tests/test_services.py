import datetime as dt
import io
import os

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import IntegrityError
from django.utils import timezone

from sitrantib.accounts.models import LoginFailure, User
from sitrantib.accounts.services import (
    AccountLocked,
    AddressLocked,
    create_user,
    issue_api_token,
    lockout_remaining,
    login_failed,
    login_succeeded,
    start_login_attempt,
)
from sitrantib.core.enums import Role
from sitrantib.core.models import AuditEntry
from sitrantib.core.scoping import scope_of
from sitrantib.testing.factories import TEST_PASSWORD


def test_create_user_operator_gets_scope_and_audit_without_password(world):
    user = create_user(
        username="opbaru",
        role=Role.VILLAGE_OPERATOR,
        district=world.district,
        villages=[world.village],
        password=TEST_PASSWORD,
        actor=world.admin,
    )

    assert user.village_codes == frozenset({"35.08.07.2001"})
    entry = AuditEntry.objects.get(object_type="accounts.user", object_id=str(user.pk))
    assert (entry.action, entry.actor, entry.district_code) == ("create", world.admin, "35.08.07")
    assert "password" not in entry.after
    assert entry.after["villages"] == ["35.08.07.2001"]


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("pendek1", "Kata sandi terlalu pendek. Harus mengandung setidaknya 10 karakter."),
        ("12345678901234", "Kata sandi ini seluruhnya terdiri dari angka."),
        ("hurufsemuasaja", "Kata sandi harus memuat huruf dan angka atau tanda baca."),
    ],
)
def test_create_user_weak_password_is_refused_and_nothing_saved(world, password, message):
    with pytest.raises(ValidationError) as excinfo:
        create_user(
            username="lemah",
            role=Role.CAMAT,
            district=world.district,
            password=password,
            actor=None,
        )

    assert message in excinfo.value.message_dict["password"]
    assert not User.objects.filter(username="lemah").exists()


def test_create_user_operator_without_village_is_refused(world):
    with pytest.raises(ValidationError) as excinfo:
        create_user(
            username="op",
            role=Role.VILLAGE_OPERATOR,
            district=world.district,
            password=TEST_PASSWORD,
            actor=None,
        )

    assert excinfo.value.message_dict["villages"] == [
        "Operator desa harus punya sedikitnya satu desa."
    ]


def test_create_user_village_of_another_district_is_refused(world):
    with pytest.raises(ValidationError) as excinfo:
        create_user(
            username="op",
            role=Role.VILLAGE_OPERATOR,
            district=world.district,
            villages=[world.foreign_village],
            password=TEST_PASSWORD,
            actor=None,
        )

    assert excinfo.value.message_dict["villages"] == [
        "Desa 35.08.06.2001 tidak berada di kecamatan 35.08.07."
    ]


def test_create_user_partner_needs_institution(world):
    with pytest.raises(ValidationError) as excinfo:
        create_user(
            username="mitra",
            role=Role.PARTNER,
            district=world.district,
            password=TEST_PASSWORD,
            actor=None,
        )

    assert excinfo.value.message_dict["institution"] == [
        "Mitra harus terhubung dengan satu instansi."
    ]


def test_user_without_role_or_district_is_refused_by_the_database(world):
    with pytest.raises(IntegrityError):
        User.objects.create(username="tanpaperan")


@pytest.mark.parametrize(
    "fields",
    [
        {"role": "trantib_admin"},  # no kecamatan, no coverage
        {"role": "trantib_admin", "coverage": "regency"},  # regency coverage without kabupaten
        {"role": "trantib_admin", "district_id": "35.08.07", "regency_id": "35.08"},
    ],
)
def test_scope_that_does_not_fit_is_refused_by_the_database(world, fields):
    with pytest.raises(IntegrityError):
        User.objects.create(username="tidakcocok", **fields)


def test_wide_coverage_needs_no_kecamatan_in_the_database(world):
    User.objects.create(username="nasional2", role="camat", coverage="national")
    User.objects.create(username="kab2", role="camat", coverage="regency", regency_id="35.08")

    assert User.objects.filter(username__in=["nasional2", "kab2"]).count() == 2


def test_lockout_after_max_failures_then_released_after_window(world, settings):
    settings.SITRANTIB_LOGIN_MAX_FAILURES = 3
    settings.SITRANTIB_LOGIN_LOCKOUT_MINUTES = 15
    for _ in range(2):
        attempt = start_login_attempt(username="camat", ip_address="127.0.0.1")
        assert login_failed(attempt=attempt) is None

    refusal = login_failed(attempt=start_login_attempt(username="camat", ip_address="127.0.0.1"))

    assert isinstance(refusal, AccountLocked)
    assert refusal.minutes == 15
    assert AuditEntry.objects.filter(action="login_locked", object_repr="camat").count() == 1
    with pytest.raises(AccountLocked):
        start_login_attempt(username="CAMAT", ip_address="198.51.100.1")
    assert LoginFailure.objects.count() == 3  # a refused attempt does not extend the lock
    later = timezone.now() + dt.timedelta(minutes=16)
    assert lockout_remaining(username="camat", now=later) == 0


def test_address_lockout_counts_failures_over_any_usernames(world, settings):
    settings.SITRANTIB_LOGIN_MAX_FAILURES_PER_ADDRESS = 3
    for name in ("camat", "staf"):
        assert (
            login_failed(attempt=start_login_attempt(username=name, ip_address="192.0.2.9")) is None
        )

    refusal = login_failed(attempt=start_login_attempt(username="x", ip_address="192.0.2.9"))

    assert isinstance(refusal, AddressLocked)
    assert AuditEntry.objects.filter(action="login_locked", object_repr="IP 192.0.2.9").count() == 1
    with pytest.raises(AddressLocked):
        start_login_attempt(username="kasitrantib", ip_address="192.0.2.9")
    assert start_login_attempt(username="kasitrantib", ip_address="192.0.2.10").pk


def test_successful_login_clears_failures_of_its_address_only(world):
    for address in ("192.0.2.1", "192.0.2.2"):
        login_failed(attempt=start_login_attempt(username="camat", ip_address=address))

    login_succeeded(attempt=start_login_attempt(username="camat", ip_address="192.0.2.1"))

    assert list(LoginFailure.objects.values_list("ip_address", flat=True)) == ["192.0.2.2"]


def test_api_token_is_stable_until_rotated(world):
    first = issue_api_token(user=world.admin, actor=None)
    again = issue_api_token(user=world.admin, actor=None)
    rotated = issue_api_token(user=world.admin, actor=None, rotate=True)

    assert first.key == again.key
    assert rotated.key != first.key


def test_add_user_command_creates_operator_with_password_from_env(world, monkeypatch):
    monkeypatch.setenv("OP_PASSWORD", TEST_PASSWORD)
    out = io.StringIO()

    call_command(
        "add_user",
        "opcli",
        role="village_operator",
        district="35.08.07",
        village=["35.08.07.2002"],
        password_env="OP_PASSWORD",
        stdout=out,
    )

    user = User.objects.get(username="opcli")
    assert user.check_password(TEST_PASSWORD)
    assert user.village_codes == frozenset({"35.08.07.2002"})


def test_add_user_command_partner_with_institution(world):
    out = io.StringIO()

    call_command(
        "add_user",
        "polsek2",
        role="partner",
        district="35.08.07",
        institution=world.polsek.pk,
        stdout=out,
    )

    assert User.objects.get(username="polsek2").institution == world.polsek
    assert "Kata sandi (catat sekarang" in out.getvalue()


def test_add_user_command_unknown_village_fails_with_message(world):
    with pytest.raises(CommandError) as excinfo:
        call_command(
            "add_user",
            "x",
            role="village_operator",
            district="35.08.07",
            village=["35.08.07.9999"],
            stdout=io.StringIO(),
        )

    assert str(excinfo.value) == "Desa tidak ditemukan: 35.08.07.9999"


def test_add_user_command_gives_regency_coverage_without_kecamatan(world):
    call_command(
        "add_user",
        "kabupaten",
        role="trantib_admin",
        coverage="regency",
        regency="35.08",
        stdout=io.StringIO(),
    )

    user = User.objects.get(username="kabupaten")
    assert (user.coverage, user.regency_id, user.district_id) == ("regency", "35.08", None)
    assert scope_of(user).district_codes == frozenset({"35.08.06", "35.08.07"})


def test_add_user_command_gives_national_coverage(world):
    call_command(
        "add_user", "pusat", role="trantib_admin", coverage="national", stdout=io.StringIO()
    )

    assert scope_of(User.objects.get(username="pusat")).national


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"coverage": "regency"}, "regency"),  # regency coverage without its kabupaten
        ({"regency": "35.08", "district": "35.08.07"}, "regency"),  # kabupaten without coverage
        ({}, "district"),  # no kecamatan and no coverage
    ],
)
def test_add_user_command_refuses_coverage_that_does_not_fit(world, options, field):
    with pytest.raises(CommandError) as excinfo:
        call_command("add_user", "salah", role="trantib_admin", stdout=io.StringIO(), **options)

    assert f"{field}:" in str(excinfo.value)
    assert not User.objects.filter(username="salah").exists()


def test_add_user_command_refuses_coverage_for_a_village_operator(world):
    with pytest.raises(CommandError) as excinfo:
        call_command(
            "add_user",
            "opluas",
            role="village_operator",
            district="35.08.07",
            village=["35.08.07.2001"],
            coverage="national",
            stdout=io.StringIO(),
        )

    assert "coverage:" in str(excinfo.value)


def test_superuser_without_regions_reads_no_desa_in_the_api(world, client):
    client.force_login(world.superuser)

    response = client.get("/api/v1/villages/")

    assert response.status_code == 200
    assert response.json()["results"] == []


def test_api_token_command_prints_a_token_that_authenticates(world, client):
    out = io.StringIO()
    call_command("api_token", "kasitrantib", stdout=out)
    key = out.getvalue().strip()

    response = client.get("/api/v1/villages/", HTTP_AUTHORIZATION=f"Token {key}")

    assert response.status_code == 200
    assert [v["code"] for v in response.json()["results"]] == ["35.08.07.2001", "35.08.07.2002"]


def test_ensure_admin_creates_once_with_env_password(db, monkeypatch):
    monkeypatch.setitem(os.environ, "SITRANTIB_ADMIN_PASSWORD", TEST_PASSWORD)
    first, second = io.StringIO(), io.StringIO()

    call_command("ensure_admin", stdout=first)
    call_command("ensure_admin", stdout=second)

    admin = User.objects.get(username="admin")
    assert admin.is_superuser
    assert admin.check_password(TEST_PASSWORD)
    assert "sudah ada" in second.getvalue()
    assert LoginFailure.objects.count() == 0


def test_ensure_admin_refuses_a_weak_password_and_creates_nobody(db, monkeypatch):
    monkeypatch.setitem(os.environ, "SITRANTIB_ADMIN_PASSWORD", "123")

    with pytest.raises(CommandError) as excinfo:
        call_command("ensure_admin", stdout=io.StringIO())

    assert "tidak memenuhi aturan kata sandi" in str(excinfo.value)
    assert not User.objects.filter(username="admin").exists()


def test_rotating_a_token_records_the_old_one_as_deleted(world):
    issue_api_token(user=world.admin, actor=None)

    issue_api_token(user=world.admin, actor=world.admin, rotate=True)

    actions = list(
        AuditEntry.objects.filter(object_type="authtoken.token")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["create", "delete", "create"]
