"""The home page answers "what needs me today", by role and scope (issue 9 point 4, ADR 0053).

Figures come from the apps' homepanels.py; each links to the list behind it, already filtered,
and the page costs a bounded number of queries whatever the size of the scope.
"""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from sitrantib.linmas.selectors import refresh_readiness
from sitrantib.linmas.tests.conftest import make_member
from sitrantib.meetings.tests.factories import finish, make_item, make_meeting
from sitrantib.regions.models import StatisticSource, Village, VillageStatistic
from sitrantib.surveys.enums import PeriodStatus
from sitrantib.surveys.models import PeriodResult, SurveyPeriod
from sitrantib.surveys.tests.conftest import make_period

FIGURE = re.compile(
    r'id="figure-(?P<key>[\w-]+)"\s+href="(?P<url>[^"]*)">.*?home-figure-value[^>]*>(?P<value>[^<]*)<',
    re.S,
)
ACTION = re.compile(r'id="action-(?P<key>[\w-]+)"\s+href="(?P<url>[^"]*)"')


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _home(user) -> tuple[dict[str, tuple[str, str]], dict[str, str]]:
    client = Client()
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    figures = {
        m["key"]: (m["value"].strip(), m["url"].replace("&amp;", "&"))
        for m in FIGURE.finditer(html)
    }
    actions = {m["key"]: m["url"].replace("&amp;", "&") for m in ACTION.finditer(html)}
    return figures, actions


@pytest.fixture
def busy(world):
    """A kecamatan with work waiting: overdue and done items, a meeting this week, a closed
    survey with its IKM, two desa (one ready), members without SK, and a broken statistic."""
    today = timezone.localdate()
    past = make_meeting(
        world,
        starts_at=timezone.make_aware(dt.datetime.combine(today, dt.time(9)))
        - dt.timedelta(days=40),
    )
    late = make_item(world, past, due=today - dt.timedelta(days=3), description="Patroli pasar")
    make_item(world, past, due=today + dt.timedelta(days=20), description="Sosialisasi")
    finish(world, make_item(world, past, due=today - dt.timedelta(days=10), description="Rapat"))
    make_meeting(
        world,
        title="Rapat minggu ini",
        starts_at=timezone.make_aware(dt.datetime.combine(today, dt.time(10))),
    )
    period = make_period(world, status=PeriodStatus.CLOSED, title="IKM Semester I")
    PeriodResult.objects.update_or_create(
        period=period, defaults={"respondents": 120, "ikm": Decimal("82.45"), "grade": "B"}
    )
    make_member(world.village, serial=1, name="Budi Santoso")
    make_member(world.village, serial=2, name="Siti Aminah", decree_number="SK-1")
    refresh_readiness(district_code=world.district.code, today=today)
    source = StatisticSource.objects.create(title="BPS")
    VillageStatistic.objects.create(
        village=world.sibling_village, source=source, year=2024, rw_count=14, rt_count=0
    )
    return late


def _check_data(user) -> None:
    client = Client()
    client.force_login(user)
    assert client.get("/sistem/kualitas-data/").status_code == 200


def test_admin_home_shows_section_figures_each_linking_to_its_filtered_list(world, busy):
    _check_data(world.admin)
    figures, actions = _home(world.admin)

    monday = timezone.localdate() - dt.timedelta(days=timezone.localdate().weekday())
    week = f"starts_after={monday}T00%3A00&starts_before={monday + dt.timedelta(days=7)}T00%3A00"
    assert figures["overdue-items"] == ("1", "/rapat/?overdue=on")
    assert figures["meetings-week"] == ("1", f"/rapat/daftar/?{week}")
    assert figures["follow-up"][1] == "/rapat/indikator/"
    assert figures["ikm"] == ("82,45", f"/survei/{SurveyPeriod.objects.get().pk}/hasil/")
    assert figures["linmas-ready"][1] == "/linmas/"
    assert figures["data-errors"] == ("1", "/sistem/kualitas-data/?severity=error")
    assert "meeting-create" in actions
    assert "members-no-decree" not in figures  # per-member lists are the desa's, not the section's


def test_every_home_number_opens_a_list_filtered_the_same_way(world, busy):
    figures, _actions = _home(world.admin)
    client = Client()
    client.force_login(world.admin)

    ledger = client.get(figures["overdue-items"][1])
    week = client.get(figures["meetings-week"][1])
    errors = client.get(figures["data-errors"][1])

    assert [i.description for i in ledger.context["items"]] == ["Patroli pasar"]
    assert [m.title for m in week.context["page"].rows] == ["Rapat minggu ini"]
    assert [f.severity for f in errors.context["findings"]] == ["error"]


def test_follow_up_figure_is_the_stored_indicator_of_this_year(world, busy):
    from sitrantib.meetings.selectors import follow_up_indicator, format_percent_id

    today = timezone.localdate()
    figures, _actions = _home(world.admin)

    computed = follow_up_indicator(
        user=world.admin, start=dt.date(today.year, 1, 1), end=dt.date(today.year, 12, 31)
    )
    assert figures["follow-up"][0] == format_percent_id(computed.value)
    assert computed.followed_up  # the finished item counts


def test_operator_home_shows_own_items_members_missing_data_and_next_steps(world, busy):
    from sitrantib.meetings.tests.factories import village_government

    government = village_government(world)
    today = timezone.localdate()
    meeting = make_meeting(
        world,
        invited=[government],
        starts_at=timezone.make_aware(dt.datetime.combine(today, dt.time(8)))
        - dt.timedelta(days=30),
    )
    make_item(world, meeting, owner=government, due=today - dt.timedelta(days=1))
    make_item(world, meeting, owner=government, due=today + dt.timedelta(days=5))

    figures, actions = _home(world.operator)

    assert figures["open-items"] == ("2", "/rapat/?pending=on")
    assert figures["overdue-items"] == ("1", "/rapat/?overdue=on")
    assert figures["members-no-decree"] == (
        "1",
        "/linmas/anggota/?desa=35.08.07.2001&status=aktif&decree=belum",
    )
    assert figures["members-no-card"][0] == "2"
    assert {"follow-up", "ikm", "data-errors", "meetings-week"}.isdisjoint(figures)
    assert actions["member-create"] == "/linmas/anggota/tambah/"
    assert actions["complete-items"] == "/rapat/?pending=on"


def test_operator_numbers_open_lists_of_their_own_desa_only(world, busy):
    make_member(world.sibling_village, serial=3, name="Kraton Tanpa SK")
    figures, _actions = _home(world.operator)
    client = Client()
    client.force_login(world.operator)

    members = client.get(figures["members-no-decree"][1])

    assert [m.name for m in members.context["members"]] == ["Budi Santoso"]


def test_partner_home_shows_its_institution_items_without_section_figures(world, busy):
    figures, actions = _home(world.partner)

    assert figures["open-items"] == ("2", "/rapat/?pending=on")  # the Polsek owns both open
    assert figures["overdue-items"][0] == "1"
    assert {"follow-up", "ikm", "data-errors", "members-no-decree"}.isdisjoint(figures)
    assert "member-create" not in actions


def test_camat_sees_section_figures_but_no_data_quality_count(world, busy):
    figures, actions = _home(world.camat)

    assert {"follow-up", "overdue-items", "meetings-week", "ikm", "linmas-ready"} <= set(figures)
    assert "data-errors" not in figures
    assert "meeting-create" not in actions


def test_other_kecamatan_admin_sees_none_of_this_kecamatan(world, busy):
    _check_data(world.outsider)
    figures, _actions = _home(world.outsider)

    assert figures["overdue-items"][0] == "0"
    assert figures["meetings-week"][0] == "0"
    assert figures["data-errors"][0] == "0"


def test_kecamatan_home_counts_the_data_errors_when_no_run_is_stored(world, busy):
    figures, _actions = _home(world.admin)

    assert figures["data-errors"] == ("1", "/sistem/kualitas-data/?severity=error")


def test_kecamatan_home_reads_the_stored_count_without_running_the_rules_again(
    world, busy, django_assert_max_num_queries
):
    _home(world.admin)  # stores the counts
    client = Client()
    client.force_login(world.admin)

    with django_assert_max_num_queries(20):
        html = client.get("/").content.decode()

    assert "diperiksa" in html


def test_wide_scope_shows_summaries_and_never_runs_the_data_checks(world, busy):
    figures, _actions = _home(world.regency_admin)

    assert figures["overdue-items"][0] == "1"
    assert figures["data-errors"] == ("?", "/sistem/kualitas-data/?severity=error")


def test_data_error_count_follows_the_last_run_and_a_correction(world, busy):
    client = Client()
    client.force_login(world.regency_admin)
    client.get("/sistem/kualitas-data/")  # the count comes from the page's last run

    assert _home(world.regency_admin)[0]["data-errors"][0] == "1"

    statistic = VillageStatistic.objects.get()
    response = client.post(
        f"/desa/{statistic.village_id}/statistik/{statistic.pk}/ubah/",
        {
            "year": 2024,
            "source": statistic.source_id,
            "rw_count": 14,
            "rt_count": 42,
            "version": statistic.version,
        },
    )
    assert response.status_code == 302
    assert _home(world.regency_admin)[0]["data-errors"][0] == "?"  # forgotten, not stale
    client.get("/sistem/kualitas-data/")
    assert _home(world.regency_admin)[0]["data-errors"][0] == "0"


def _grow(world, extra_districts: int, villages_each: int) -> None:
    from sitrantib.testing.factories import make_region_tree

    for d in range(extra_districts):
        code = f"35.08.{20 + d:02d}"
        district = make_region_tree(
            district_code=code,
            villages=[(f"{code}.{2001 + v}", f"Desa {d}-{v}") for v in range(villages_each)],
        )
        refresh_readiness(district_code=district.code, today=timezone.localdate())


def test_home_query_count_at_kecamatan_is_bounded(world, busy, django_assert_max_num_queries):
    _check_data(world.admin)
    client = Client()
    client.force_login(world.admin)

    # session, user, menu and letterhead, the desa table, and one aggregate per figure.
    with django_assert_max_num_queries(20):
        response = client.get("/")

    assert response.status_code == 200


@pytest.mark.parametrize("districts", [1, 6])
def test_home_query_count_of_a_wide_scope_does_not_grow_with_it(
    world, busy, districts, django_assert_max_num_queries
):
    _grow(world, districts, villages_each=8)
    assert Village.objects.count() >= 3 + 8 * districts
    _check_data(world.regency_admin)
    client = Client()
    client.force_login(world.regency_admin)

    with django_assert_max_num_queries(20):
        response = client.get("/")

    assert 'id="figure-linmas-ready"' in response.content.decode()
