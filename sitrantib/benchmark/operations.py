"""The operations users wait for, each run through the real URL routing and middleware.

An operation is a name, the user who runs it (the kecamatan's user, or the wide user of the
scale: kabupaten coverage for `kabupaten`, national coverage for `province` and `national`), a
callable that does it with a logged-in `django.test.Client`, and for lists and dashboards the
bare SQL that fetches the same rows (timed in the same run, `sql_ms`).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.test import Client

from sitrantib.accounts.models import User
from sitrantib.benchmark.dataset import measured_year
from sitrantib.benchmark.plan import HOME_DISTRICT, HOME_REGENCY
from sitrantib.core.enums import Coverage, Role
from sitrantib.core.paging import encode_cursor

HOME_VILLAGE = HOME_DISTRICT + ".2001"
IMPORT_ROWS = 10_000
WIDE_USER = {"kabupaten": "kabupaten", "province": "national", "national": "national"}


class OperationFailed(RuntimeError):
    """An operation answered something other than what it should (the run stops)."""


@dataclass
class Operation:
    name: str
    user: str  # "kecamatan" | "kabupaten" | "national"
    run: Callable[[Client], Any]
    bare_sql: tuple[str, list[Any]] | None = None
    repeatable: bool = True  # False: measured once whatever --repeat says (long ones)
    cleanup: Callable[[], None] | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def bench_users() -> dict[str, User]:
    """The three users of the runs (created once), all Trantib admins of the home kecamatan."""
    users = {}
    for key, coverage, regency in (
        ("kecamatan", Coverage.BY_ROLE, None),
        ("kabupaten", Coverage.REGENCY, HOME_REGENCY),
        ("national", Coverage.NATIONAL, None),
    ):
        user, _created = User.objects.get_or_create(
            username=f"bench-{key}",
            defaults={
                "role": Role.TRANTIB_ADMIN,
                "district_id": HOME_DISTRICT,
                "coverage": coverage,
                "regency_id": regency,
                "is_active": True,
            },
        )
        users[key] = user
    return users


def _get(path: str, *, ok: tuple[int, ...] = (200,)) -> Callable[[Client], Any]:
    def run(client: Client) -> Any:
        response = client.get(path)
        if response.status_code not in ok:
            raise OperationFailed(f"GET {path}: HTTP {response.status_code}")
        body = b"".join(response) if response.streaming else response.content
        return len(body)

    return run


def _deep_cursor(depth: int, district: str | None) -> str:
    """The key cursor of the active member at `depth` in name order (within a kecamatan, or
    the whole country), so the page after it is a deep key-based page."""
    where = "m.status = 'aktif'"
    args: list[Any] = []
    if district:
        where += " AND m.village_id LIKE %s"
        args.append(district + ".%")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT m.name, m.id FROM linmas_member m WHERE {where} "  # noqa: S608  # nosec B608
            "ORDER BY m.name, m.id OFFSET %s LIMIT 1",
            [*args, depth],
        )
        row = cursor.fetchone()
    if row is None:
        return ""
    return encode_cursor("n", [row[0], row[1]])


MEMBER_PAGE_SQL = (
    "SELECT m.* FROM linmas_member m WHERE m.village_id = %s AND m.status = 'aktif' "
    "ORDER BY m.name, m.id LIMIT 51"
)


def last_month() -> str:
    first = dt.date.today().replace(day=1) - dt.timedelta(days=1)
    return f"{first:%Y-%m}"


def page_operations(user: str, *, wide: bool) -> list[Operation]:
    """Lists, dashboards and the API, as `user`; `wide` adds the wide scope's summaries."""
    year = measured_year()
    month = last_month()
    start = dt.date.fromisoformat(month + "-01")
    end = (start + dt.timedelta(days=32)).replace(day=1)
    district = None if wide else HOME_DISTRICT
    # The follow-up indicator page opens on the current calendar year.
    this_year = dt.date.today().year
    year_start, year_end = dt.date(this_year, 1, 1), dt.date(this_year, 12, 31)
    deep = _deep_cursor(100 if not wide else 100_000, district) or _deep_cursor(100, district)
    kecamatan_q = "" if not wide else f"&kecamatan={HOME_DISTRICT}"
    ops = [
        Operation(
            "member_list_desa",
            user,
            _get(f"/linmas/anggota/?village={HOME_VILLAGE}&status=aktif"),
            (MEMBER_PAGE_SQL, [HOME_VILLAGE]),
        ),
        Operation(
            "member_list_deep",
            user,
            _get(f"/linmas/anggota/?status=aktif&cursor={deep}"),
            (
                "SELECT m.* FROM linmas_member m WHERE m.status = 'aktif' AND m.village_id LIKE %s "
                "AND (m.name, m.id) > ('M', 0) ORDER BY m.name, m.id LIMIT 51",
                [(district or "") + "%"],
            ),
        ),
        Operation(
            "readiness",
            user,
            _get("/linmas/"),
            (
                "SELECT r.*, v.name FROM linmas_villagereadiness r "
                "JOIN regions_village v ON v.code = r.village_id WHERE r.district_id = %s "
                "ORDER BY r.village_id LIMIT 51",
                [HOME_DISTRICT],
            )
            if not wide
            else (
                "SELECT left(r.district_id, 5), count(*), sum(r.active), sum(r.shortage) "
                "FROM linmas_villagereadiness r GROUP BY 1 ORDER BY 1 LIMIT 51",
                [],
            ),
        ),
        Operation(
            "followup_ledger",
            user,
            _get("/rapat/" + (f"?kecamatan={HOME_DISTRICT}" if wide else "")),
            (
                # The page shows 100 items (meetings.views.ledger.LEDGER_PAGE_SIZE) with their
                # meeting and owner, and looks one further for the next page.
                "SELECT a.*, i.name, m.title, m.starts_at FROM meetings_actionitem a "
                "JOIN regions_institution i ON i.id = a.owner_institution_id "
                "LEFT JOIN meetings_meeting m ON m.id = a.meeting_id "
                "WHERE a.district_id = %s ORDER BY a.due_date DESC, a.id DESC LIMIT 101",
                [HOME_DISTRICT],
            ),
        ),
        Operation(
            "followup_indicator",
            user,
            _get("/rapat/indikator/"),
            # What the page shows: the total of this year's stored figures, then per institution
            # and the first 50 items due (a kecamatan), or per kecamatan of the first page of 50
            # (a wide user).
            (
                "SELECT 'all', sum(f.due), sum(f.followed_up), sum(f.pending), "
                "sum(f.cancelled) FROM meetings_followupfigure f WHERE f.year = %s "
                "AND f.district_id = %s "
                "UNION ALL SELECT f.owner_institution_id::text, sum(f.due), sum(f.followed_up), "
                "sum(f.pending), sum(f.cancelled) FROM meetings_followupfigure f "
                "WHERE f.year = %s AND f.district_id = %s GROUP BY 1 "
                "UNION ALL (SELECT a.id::text, 1, 0, 0, 0 FROM meetings_actionitem a "
                "WHERE a.district_id = %s AND a.due_date >= %s AND a.due_date <= %s "
                "ORDER BY a.due_date, a.id LIMIT 51)",
                [this_year, district, this_year, district, district, year_start, year_end],
            )
            if not wide
            else (
                "SELECT 'all', sum(f.due), sum(f.followed_up), sum(f.pending), "
                "sum(f.cancelled) FROM meetings_followupfigure f WHERE f.year = %s "
                "UNION ALL SELECT f.district_id, sum(f.due), sum(f.followed_up), "
                "sum(f.pending), sum(f.cancelled) FROM meetings_followupfigure f "
                "WHERE f.year = %s AND f.district_id IN "
                "(SELECT code FROM regions_district ORDER BY code LIMIT 51) GROUP BY 1",
                [this_year, this_year],
            ),
        ),
        Operation(
            "incidents_month",
            user,
            _get(f"/lapangan/kejadian/?period={month}"),
            (
                "SELECT i.*, v.name, c.name FROM fieldwork_incident i "
                "JOIN regions_village v ON v.code = i.village_id "
                "JOIN fieldwork_incidentcategory c ON c.id = i.category_id "
                "WHERE i.occurred_at >= %s AND i.occurred_at < %s "
                "AND (%s = '' OR i.district_id = %s) ORDER BY i.occurred_at DESC, i.id DESC "
                "LIMIT 51",
                [start, end, district or "", district or ""],
            ),
        ),
        Operation("home", user, _get("/")),
        Operation(
            "indicator_api",
            user,
            _get(f"/api/v1/indicators/?year={year}{kecamatan_q}"),
            (
                "SELECT d.code, v.* FROM indicators_indicatorvalue v "
                "JOIN indicators_indicatordefinition d ON d.id = v.definition_id "
                "WHERE d.district_id = %s AND d.year = %s AND v.period_key = %s",
                [HOME_DISTRICT, year, str(year)],
            ),
        ),
    ]
    if wide:
        ops.append(
            Operation(
                "kabupaten_summary",
                user,
                _get(f"/indikator/kabupaten/?year={year}&kabupaten={HOME_REGENCY}"),
                (
                    "SELECT d.district_id, d.code, v.value, v.achievement "
                    "FROM indicators_indicatorvalue v "
                    "JOIN indicators_indicatordefinition d ON d.id = v.definition_id "
                    "WHERE d.district_id LIKE %s AND d.year = %s AND v.period_key = %s",
                    [HOME_REGENCY + ".%", year, str(year)],
                ),
            )
        )
        ops.append(
            Operation("readiness_kabupaten", user, _get(f"/linmas/?kabupaten={HOME_REGENCY}"))
        )
    else:
        ops.append(
            Operation(
                "kecamatan_dashboard",
                user,
                _get(f"/indikator/?year={year}"),
                (
                    "SELECT d.code, v.* FROM indicators_indicatorvalue v "
                    "JOIN indicators_indicatordefinition d ON d.id = v.definition_id "
                    "WHERE d.district_id = %s AND d.year = %s",
                    [HOME_DISTRICT, year],
                ),
            )
        )
    return ops


def recompute_operation(
    user: str, districts: list[str], *, sample: int = 0, workers: int = 1
) -> Operation:
    """A year's indicators recomputed through the service `compute_indicators --workers`
    calls, for every kecamatan, or for `sample` of them spread evenly over the codes when there
    are more (`extra["estimated_s"]` then extrapolates the time to all of them, linearly).
    With workers > 1 the chunks are shared among that many processes (their queries and memory
    are not in this process's figures)."""
    from sitrantib.indicators.parallel import recompute_in_processes

    year = measured_year()
    chosen = sample_of(districts, sample)

    def run(_client: Client) -> int:
        # In chunks of kecamatan, as `compute_indicators` does (a fixed number of queries each).
        counts = recompute_in_processes(district_codes=chosen, year=year, workers=workers)
        return sum(counts.values())

    return Operation(
        "recompute_indicators",
        user,
        run,
        repeatable=len(chosen) == 1,
        extra={
            "districts": len(districts),
            "measured_districts": len(chosen),
            "workers": workers,
        },
    )


def sample_of(codes: list[str], size: int) -> list[str]:
    """`size` codes spread evenly over `codes` (all of them when size is 0 or not fewer)."""
    if not size or size >= len(codes):
        return list(codes)
    step = len(codes) / size
    return [codes[int(i * step)] for i in range(size)]


def export_operation(user: str) -> Operation:
    """The register XLSX of the user's scope (the kabupaten user: Lumajang's register) through
    the background export path: queued, built (the immediate task backend runs it in this
    process on commit), then downloaded."""

    def run(client: Client) -> int:
        response = client.get("/linmas/ekspor/register.xlsx")
        if response.status_code == 302 and "/sistem/ekspor/" in response["Location"]:
            page = response["Location"]
            download = client.get(page.rstrip("/") + "/unduh/")
            body = b"".join(download) if download.streaming else download.content
            if download.status_code != 200 or body[:2] != b"PK":
                raise OperationFailed(f"export download: HTTP {download.status_code}")
            return len(body)
        if response.status_code == 200:  # small enough to be sent at once
            return len(b"".join(response) if response.streaming else response.content)
        raise OperationFailed(f"export: HTTP {response.status_code}")

    return Operation("export_register", user, run)


def import_file(rows: int = IMPORT_ROWS) -> bytes:
    from sitrantib.linmas.benchdata import import_workbook

    return import_workbook(rows)


def delete_imported() -> None:
    """The rows one import made, removed so every run imports new members."""
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM linmas_member WHERE village_id = %s AND name LIKE 'Impor %%'",
            [HOME_VILLAGE],
        )


def import_operation(user: str, content: bytes, rows: int = IMPORT_ROWS) -> Operation:
    """Upload (checked and staged), preview page, confirm: the LINMAS import pipeline."""

    def run(client: Client) -> int:
        upload = io.BytesIO(content)
        upload.name = "anggota.xlsx"
        response = client.post("/linmas/impor/", {"village": HOME_VILLAGE, "file": upload})
        if response.status_code != 302:
            raise OperationFailed(f"import upload: HTTP {response.status_code}")
        preview = response["Location"]
        page = client.get(preview)
        if page.status_code != 200:
            raise OperationFailed(f"import preview: HTTP {page.status_code}")
        done = client.post(preview, {"confirm": "1"})
        if done.status_code != 302:
            raise OperationFailed(f"import confirm: HTTP {done.status_code}")
        imported = count_imported()
        if imported != rows:
            raise OperationFailed(f"import: {imported} of {rows} rows stored")
        return imported

    return Operation(f"import_{rows}", user, run, cleanup=delete_imported)


def count_imported() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM linmas_member WHERE village_id = %s AND name LIKE 'Impor %%'",
            [HOME_VILLAGE],
        )
        return int(cursor.fetchone()[0])


def kak_operation(user: str, actor: User) -> Operation | None:
    """The KAK PDF of the home kecamatan, when the report kind "kak" is registered."""
    from sitrantib.reports.catalogue import ReportRequest, report_kind

    try:
        kind = report_kind("kak")
    except (KeyError, LookupError):
        return None

    def run(_client: Client) -> int:
        rendered = kind.build(
            ReportRequest(
                district_code=HOME_DISTRICT, year=2020, fmt="pdf", month=None, actor=actor
            )
        )
        if rendered.content[:4] != b"%PDF":
            raise OperationFailed("KAK: not a PDF")
        return len(rendered.content)

    return Operation("kak_pdf", user, run)
