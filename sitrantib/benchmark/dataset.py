"""The synthetic dataset of `manage.py bench`, written with bulk SQL on PostgreSQL.

Real region codes and names come from the national code list (`load_regions --scope all`); the
records are generated per kecamatan with INSERT ... SELECT generate_series, in batches of
kecamatan, each batch in one transaction together with its rows in the marker table
`benchmark_generated`. A second run (or a larger scale after a smaller one) generates only the
kecamatan not marked yet: the kecamatan scale is part of the kabupaten scale, and so on.

Every row keeps the models' rules: NIKs carry the kecamatan code, the birth date (day + 40 for
women) and a non-zero serial; an action item has its meeting; only rawan visits may be resolved;
a handed-over incident has its partner (none is generated handed over).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.db import connection, transaction

from sitrantib.benchmark.plan import (
    HOME_DISTRICT,
    MONTHS,
    SHAPE,
    YEARS,
    chunks,
    plan_rows,
    prefix_of,
)

MARKER_DDL = (
    "CREATE TABLE IF NOT EXISTS benchmark_generated ("
    " district_code varchar(8) PRIMARY KEY, generated_at timestamptz NOT NULL DEFAULT now())"
)
FIGURES_DDL = "ALTER TABLE benchmark_generated ADD COLUMN IF NOT EXISTS figures_at timestamptz"
# The calculators whose indicator definitions each kecamatan gets for the measured year.
CALCULATORS = (
    "desa_peaceful_percent", "desa_monitored", "ikm", "follow_up_percent", "documents_on_time",
    "linmas_trained", "accompaniment_visits", "linmas_guidance", "forkompimka_synergy",
)  # fmt: skip

_BATCH = """
DROP TABLE IF EXISTS bench_d; DROP TABLE IF EXISTS bench_v;
CREATE TEMP TABLE bench_d AS
  SELECT code, replace(code, '.', '') AS digits FROM regions_district WHERE code = ANY(%(codes)s);
CREATE TEMP TABLE bench_v AS
  SELECT v.code, v.district_id,
         (row_number() OVER (PARTITION BY v.district_id ORDER BY v.code) - 1)::int AS seq
  FROM regions_village v JOIN bench_d d ON d.code = v.district_id;
"""

# One Polsek per kecamatan owns its action items; one statistic (RT count) per desa.
_INSTITUTIONS = """
INSERT INTO regions_institution (created_at, updated_at, kind, name, short_name, is_active,
  district_id, village_id, version)
SELECT now(), now(), 'polsek', 'Polsek ' || d.name, 'Polsek', true, d.code, NULL, 1
FROM regions_district d JOIN bench_d b ON b.code = d.code
WHERE NOT EXISTS (SELECT 1 FROM regions_institution i WHERE i.district_id = d.code
                  AND i.kind = 'polsek');
INSERT INTO regions_statisticsource (title, published_on, note)
SELECT 'Benchmark: data sintetis', NULL, 'Angka sintetis untuk manage.py bench.'
WHERE NOT EXISTS (SELECT 1 FROM regions_statisticsource WHERE title = 'Benchmark: data sintetis');
INSERT INTO regions_villagestatistic (year, source_id, village_id, printed_name, rt_count,
  area_unit, version)
SELECT extract(year FROM current_date)::int - 1,
       (SELECT id FROM regions_statisticsource WHERE title = 'Benchmark: data sintetis'),
       v.code, '', 10 + abs(hashtext(v.code)) %% 30, '', 1
FROM bench_v v
WHERE NOT EXISTS (SELECT 1 FROM regions_villagestatistic s WHERE s.village_id = v.code);
"""

_MEMBERS = """
INSERT INTO linmas_member (created_at, updated_at, nik, name, sex, birth_place, birth_date,
  address, rt, rw, resides_in_village, phone, education, marital_status, occupation, position,
  decree_number, decree_date, card_number, card_valid_until, status, status_date, status_reason,
  photo, verification_code, village_id, version, trained_on)
SELECT now(), now(),
  d.digits || lpad((extract(day FROM g.born)::int + CASE WHEN g.sex = 'P' THEN 40 ELSE 0 END)::text,
    2, '0') || to_char(g.born, 'MMYY') || lpad(g.serial::text, 4, '0'),
  (ARRAY['Agus','Budi','Siti','Dewi','Eko','Sri','Joko','Wati','Hadi','Rina','Slamet','Yuni'])
    [1 + g.serial %% 12] || ' ' ||
  (ARRAY['Santoso','Wahyudi','Rahayu','Susanto','Lestari','Hidayat','Pratama','Kurniawan'])
    [1 + (g.serial / 12) %% 8] || ' ' || g.serial,
  g.sex, 'Lumajang', g.born, 'Jl. Desa ' || g.i, lpad((1 + g.i %% 9)::text, 3, '0'), '001',
  true, '', 'slta', 'kawin', 'Petani',
  CASE WHEN g.i = 1 THEN 'kepala_satlinmas' WHEN g.i = 2 THEN 'komandan_regu'
       ELSE 'anggota' END,
  CASE WHEN g.i %% 3 = 0 THEN '' ELSE '188/' || g.serial || '/2024' END,
  CASE WHEN g.i %% 3 = 0 THEN NULL ELSE date '2024-01-15' END,
  '', NULL,
  CASE WHEN g.i %% 17 = 0 THEN 'nonaktif' ELSE 'aktif' END, NULL, '', '',
  md5(v.code || '-m-' || g.i), v.code, 1,
  CASE WHEN g.i %% 4 = 0 THEN date '2023-06-01' END
FROM bench_v v JOIN bench_d d ON d.code = v.district_id
CROSS JOIN LATERAL (
  SELECT i, v.seq * %(members)s + i AS serial,
         CASE WHEN i %% 2 = 0 THEN 'P' ELSE 'L' END AS sex,
         date '1966-01-01' + ((v.seq * %(members)s + i) * 37 %% 14000) AS born
  FROM generate_series(1, %(members)s) i) g;
"""

_MEETINGS = """
INSERT INTO meetings_meeting (created_at, updated_at, title, starts_at, ends_at, venue, chair,
  letter_number, letter_date, minutes_summary, minute_taker, district_id, kind_id, version)
SELECT now(), now(), 'Rapat koordinasi ' || to_char(g.day, 'TMMonth YYYY') || ' #' || g.k,
  g.day + time '09:00', g.day + time '11:00', 'Pendopo Kecamatan', 'Camat',
  '005/' || g.m || g.k || '/' || to_char(g.day, 'YYYY'), g.day - 7, 'Ringkasan rapat.',
  'Sekretaris', d.code, (SELECT id FROM meetings_meetingkind WHERE code = 'rapat_koordinasi'), 1
FROM bench_d d CROSS JOIN LATERAL (
  SELECT m, k, (date_trunc('month', current_date) - make_interval(months => m))::date
               + (k * 9 + abs(hashtext(d.code)) %% 5) AS day
  FROM generate_series(0, %(months)s - 1) m, generate_series(1, %(per_month)s) k) g;
"""

_ITEMS = """
INSERT INTO meetings_actionitem (created_at, updated_at, description, due_date, status,
  cancel_reason, completed_at, owner_institution_id, meeting_id, version, district_id)
SELECT now(), now(), 'Tindak lanjut ' || j || ' rapat ' || mt.id,
  mt.starts_at::date + 14 * j,
  CASE WHEN mt.starts_at > now() - interval '60 days' AND j = 2 THEN 'open'
       WHEN (mt.id + j) %% 11 = 0 THEN 'in_progress' ELSE 'done' END,
  '',
  CASE WHEN mt.starts_at > now() - interval '60 days' AND j = 2 THEN NULL
       WHEN (mt.id + j) %% 11 = 0 THEN NULL ELSE mt.starts_at + make_interval(days => 10 * j) END,
  (SELECT id FROM regions_institution i WHERE i.district_id = mt.district_id
     AND i.kind = 'polsek' ORDER BY id LIMIT 1),
  mt.id, 1, mt.district_id
FROM meetings_meeting mt JOIN bench_d d ON d.code = mt.district_id,
     generate_series(1, %(items)s) j;
"""

_VISITS = """
INSERT INTO fieldwork_visit (created_at, updated_at, version, client_id, kind, visited_at,
  ended_at, place, activity_types, findings, situation, situation_reason, resolved_on,
  resolution_note, district_id, village_id)
SELECT now(), now(), 1, md5(v.code || '-v-' || n)::uuid, 'monitoring',
  g.day + time '10:00', g.day + time '12:00', 'Balai desa', '["patrol", "guidance"]'::jsonb,
  'Situasi diperiksa.',
  CASE WHEN n %% 13 = 0 THEN 'rawan' WHEN n %% 5 = 0 THEN 'waspada' ELSE 'kondusif' END,
  CASE WHEN n %% 13 = 0 OR n %% 5 = 0 THEN 'Ada kejadian yang diawasi.' ELSE '' END,
  NULL, '', v.district_id, v.code
FROM bench_v v CROSS JOIN LATERAL (
  SELECT n, (date_trunc('month', current_date)
             - make_interval(months => (n - 1) * 12 / %(per_year)s))::date
            + (abs(hashtext(v.code)) + n) %% 25 AS day
  FROM generate_series(1, %(per_year)s * %(years)s) n) g;
"""

_INCIDENTS = """
INSERT INTO fieldwork_incident (created_at, updated_at, version, client_id, place, occurred_at,
  description, affected_count, losses, loss_amount, source, is_serious, status, status_note,
  responded_at, district_id, village_id, category_id)
SELECT now(), now(), 1, md5(v.code || '-i-' || n)::uuid, 'Dusun ' || (1 + n %% 4),
  g.day + time '21:00', 'Kejadian sintetis.', n %% 3, '', NULL, 'patrol', c.is_serious,
  CASE WHEN g.day > current_date - 30 THEN 'reported' ELSE 'closed' END, '',
  CASE WHEN g.day > current_date - 30 THEN NULL ELSE g.day + time '23:00' END,
  v.district_id, v.code, c.id
FROM bench_v v CROSS JOIN LATERAL (
  SELECT n, (date_trunc('month', current_date)
             - make_interval(months => (n - 1) * 12 / %(per_year)s))::date
            + (abs(hashtext(v.code)) + 3 * n) %% 27 AS day
  FROM generate_series(1, %(per_year)s * %(years)s) n) g
JOIN fieldwork_incidentcategory c
  ON c.id = (SELECT id FROM fieldwork_incidentcategory ORDER BY id
             OFFSET (abs(hashtext(v.code)) + n) %% 20 LIMIT 1);
"""

_SURVEYS = """
INSERT INTO surveys_surveyperiod (created_at, updated_at, title, service_unit, services,
  period_start, period_end, population, sample_target, status, short_code, follow_up_plan,
  opened_at, closed_at, published_at, district_id, version)
SELECT now(), now(), 'Survei Kepuasan Masyarakat ' || y, 'Seksi Trantib', 'Pelayanan Trantib',
  make_date(y, 1, 1), make_date(y, 12, 31), 10000, 370,
  CASE WHEN y = extract(year FROM current_date) THEN 'open' ELSE 'closed' END,
  'B' || d.digits || lpad((y %% 100)::text, 2, '0'), '', make_date(y, 1, 1)::timestamptz,
  CASE WHEN y = extract(year FROM current_date) THEN NULL
       ELSE make_date(y, 12, 31)::timestamptz END, NULL, d.code, 1
FROM bench_d d, generate_series(extract(year FROM current_date)::int - %(years)s + 1,
                                extract(year FROM current_date)::int) y;
INSERT INTO surveys_periodelement (code, name, question, "order", weight, label_1, label_2,
  label_3, label_4, period_id)
SELECT e.code, e.name, e.question, e."order", e.weight, e.label_1, e.label_2, e.label_3,
  e.label_4, p.id
FROM surveys_surveyperiod p JOIN bench_d d ON d.code = p.district_id
CROSS JOIN (SELECT * FROM surveys_element WHERE is_active ORDER BY "order"
            LIMIT %(answers)s) e;
INSERT INTO surveys_surveyresponse (client_id, source, sex, age, education, occupation, service,
  suggestion, received_at, period_id)
SELECT md5(p.short_code || '-r-' || n)::uuid, 'online', CASE WHEN n %% 2 = 0 THEN 'P' ELSE 'L' END,
  18 + n %% 50, 'sma', 'petani', 'Pelayanan Trantib', '',
  LEAST(p.period_start + (n * 9) %% 330, current_date) + time '10:00', p.id
FROM surveys_surveyperiod p JOIN bench_d d ON d.code = p.district_id,
     generate_series(1, %(responses)s) n;
INSERT INTO surveys_answer (value, element_id, response_id)
SELECT 2 + (r.id + pe."order") %% 3, pe.id, r.id
FROM surveys_surveyresponse r
JOIN surveys_surveyperiod p ON p.id = r.period_id
JOIN bench_d d ON d.code = p.district_id
JOIN surveys_periodelement pe ON pe.period_id = p.id;
"""

_INDICATORS = """
INSERT INTO indicators_indicatordefinition (created_at, updated_at, version, year, code, name,
  level, unit, polarity, method, calculator, params, source, target, quarter_targets, published,
  position, district_id)
SELECT now(), now(), 1, %(year)s, c.code, 'Indikator ' || c.code, 'output', 'angka',
  'positive', 'calculated', c.code, '{}'::jsonb, '', 100, '[]'::jsonb, false, c.position, d.code
FROM bench_d d, unnest(%(calculators)s::text[]) WITH ORDINALITY AS c(code, position);
"""

_MARK = "INSERT INTO benchmark_generated (district_code) SELECT code FROM bench_d;"

STEPS: tuple[tuple[str, str], ...] = (
    ("lembaga dan statistik", _INSTITUTIONS),
    ("anggota LINMAS", _MEMBERS),
    ("rapat", _MEETINGS),
    ("tindak lanjut", _ITEMS),
    ("kunjungan", _VISITS),
    ("kejadian", _INCIDENTS),
    ("survei", _SURVEYS),
    ("definisi indikator", _INDICATORS),
    ("penanda", _MARK),
)


def measured_year() -> int:
    """The year whose indicators are recomputed: the last full year."""
    import datetime as dt

    return dt.date.today().year - 1


def parameters(codes: list[str]) -> dict[str, Any]:
    return {
        "codes": codes,
        "members": SHAPE.members_per_desa,
        "months": MONTHS,
        "per_month": SHAPE.meetings_per_kecamatan_month,
        "items": SHAPE.items_per_meeting,
        "per_year": SHAPE.visits_per_desa_year,
        "years": YEARS,
        "answers": SHAPE.answers_per_response,
        "responses": SHAPE.responses_per_kecamatan_year,
        "year": measured_year(),
        "calculators": list(CALCULATORS),
    }


def _incident_params(params: dict[str, Any]) -> dict[str, Any]:
    return {**params, "per_year": SHAPE.incidents_per_desa_year}


def districts_of(scale: str) -> list[str]:
    """Codes of the kecamatan of a scale (the home kecamatan always among them)."""
    prefix = prefix_of(scale)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT code FROM regions_district WHERE %s = '' OR code = %s OR code LIKE %s",
            [prefix, prefix, prefix + ".%"],
        )
        return sorted({row[0] for row in cursor.fetchall()} | {HOME_DISTRICT})


def missing_districts(codes: list[str]) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(MARKER_DDL)
        cursor.execute(FIGURES_DDL)
        cursor.execute("SELECT district_code FROM benchmark_generated")
        done = {row[0] for row in cursor.fetchall()}
    return [c for c in codes if c not in done]


def generate(scale: str, *, log: Callable[[str], None] = print) -> dict[str, float]:
    """Generate the kecamatan of `scale` not generated yet; seconds per step."""
    codes = districts_of(scale)
    todo = missing_districts(codes)
    timings: dict[str, float] = {}
    batches = chunks(todo)
    for number, batch in enumerate(batches, start=1):
        started = time.perf_counter()
        params = parameters(batch)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO off")
            cursor.execute(_BATCH, params)
            for name, sql in STEPS:
                t0 = time.perf_counter()
                cursor.execute(sql, _incident_params(params) if sql is _INCIDENTS else params)
                timings[name] = timings.get(name, 0.0) + time.perf_counter() - t0
        log(
            f"  batch {number}/{len(batches)}: {len(batch)} kecamatan "
            f"in {time.perf_counter() - started:.1f} s"
        )
    if todo:
        with connection.cursor() as cursor:
            for table in plan_rows(desa=0, kecamatan=0):
                cursor.execute(f"ANALYZE {table}")  # our table names
    return timings


# How each planned table is counted for a scale: its rows joined to their desa (v) or
# kecamatan (d), and what marks a generated row.
_COUNTED = {
    "linmas_member": ("linmas_member m JOIN regions_village v ON v.code = m.village_id", "v"),
    "meetings_meeting": (
        "meetings_meeting m JOIN regions_district d ON d.code = m.district_id",
        "d",
    ),
    "meetings_actionitem": (
        "meetings_actionitem m JOIN regions_district d ON d.code = m.district_id "
        "AND m.meeting_id IS NOT NULL",
        "d",
    ),
    "fieldwork_visit": ("fieldwork_visit m JOIN regions_village v ON v.code = m.village_id", "v"),
    "fieldwork_incident": (
        "fieldwork_incident m JOIN regions_village v ON v.code = m.village_id",
        "v",
    ),
    "surveys_surveyperiod": (
        "surveys_surveyperiod m JOIN regions_district d ON d.code = m.district_id "
        "AND m.short_code LIKE 'B%%'",
        "d",
    ),
    "surveys_surveyresponse": (
        "surveys_surveyresponse r JOIN surveys_surveyperiod m ON m.id = r.period_id "
        "AND m.short_code LIKE 'B%%' JOIN regions_district d ON d.code = m.district_id",
        "d",
    ),
    "surveys_answer": (
        "surveys_answer a JOIN surveys_surveyresponse r ON r.id = a.response_id "
        "JOIN surveys_surveyperiod m ON m.id = r.period_id AND m.short_code LIKE 'B%%' "
        "JOIN regions_district d ON d.code = m.district_id",
        "d",
    ),
    "indicators_indicatordefinition": (
        "indicators_indicatordefinition m JOIN regions_district d ON d.code = m.district_id "
        "AND m.year = %s",
        "d",
    ),
    "regions_village": ("regions_village v", "v"),
    "regions_district": ("regions_district d", "d"),
}
_IN_SCALE = {
    "v": "(%s = '' OR v.district_id = %s OR v.district_id LIKE %s)",
    "d": "(%s = '' OR d.code = %s OR d.code LIKE %s)",
}


def counts(scale: str) -> tuple[dict[str, int], dict[str, int]]:
    """(rows found, rows planned) per table for the kecamatan and desa of `scale`."""
    prefix = prefix_of(scale)
    like = [prefix, prefix, prefix + ".%"]
    found: dict[str, int] = {}
    with connection.cursor() as cursor:
        for table, (source, alias) in _COUNTED.items():
            args = ([measured_year()] if "%s" in source else []) + like
            # Our fixed fragments only; the scale comes as parameters.
            sql = "SELECT count(*) FROM " + source + " WHERE " + _IN_SCALE[alias]  # noqa: S608  # nosec B608
            cursor.execute(sql, args)
            found[table] = cursor.fetchone()[0]
    planned = plan_rows(desa=found.pop("regions_village"), kecamatan=found.pop("regions_district"))
    return found, planned


def without_figures(codes: list[str]) -> list[str]:
    """Generated kecamatan whose stored figures (readiness...) are not computed yet."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT district_code FROM benchmark_generated WHERE figures_at IS NULL "
            "AND district_code = ANY(%s)",
            [codes],
        )
        return sorted(row[0] for row in cursor.fetchall())


def mark_figures(codes: list[str]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE benchmark_generated SET figures_at = now() WHERE district_code = ANY(%s)",
            [codes],
        )
