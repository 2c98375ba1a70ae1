"""The printed tables of `manage.py bench`: figures, comparisons and the issue's goals."""

from __future__ import annotations

from typing import Any

from sitrantib.benchmark.measure import Result

# Goals of issue 16 (ratios from one run).
FLAT_RATIO = 1.5
SUMMARY_RATIO = 3.0
OVERHEAD_RATIO = 3.0
IMPORT_RATIO = 5.0
SURVEY_RATIO = 2.0
RSS_LIMIT_MB = 250.0
RECOMPUTE_LIMIT_S = 600.0
NATIONAL_KECAMATAN = 7285
# Operations whose work grows with the scale by design (all its kecamatan, its whole register):
# compared as rows against time, not held to the flat-cost ratio.
DIFFERENT_VOLUME = ("recompute_indicators", "export_register")


def _fmt(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def figures_table(results: list[Result]) -> str:
    lines = [
        f"{'operation':<34}{'scale':<11}{'median ms':>10}{'p95 ms':>10}{'queries':>8}"
        f"{'sql ms':>9}{'x sql':>7}{'rss MB':>8}{'+MB':>6}  note"
    ]
    for r in results:
        ratio = r.median_ms / r.sql_ms if r.sql_ms else None
        lines.append(
            f"{r.operation:<34}{r.scale:<11}{_fmt(r.median_ms):>10}{_fmt(r.p95_ms):>10}"
            f"{'-' if r.queries is None else r.queries:>8}{_fmt(r.sql_ms, 2):>9}"
            f"{_fmt(ratio):>7}{_fmt(r.rss_mb):>8}{_fmt(r.rss_growth_mb):>6}  {r.note}"
        )
    return "\n".join(lines)


def _by(results: list[Result], name: str, scale: str) -> Result | None:
    return next((r for r in results if r.operation == name and r.scale == scale), None)


def scale_comparison(results: list[Result], scale: str) -> list[dict[str, Any]]:
    """Each operation measured by the kecamatan user and by the wide user of `scale`."""
    rows = []
    if scale == "kecamatan":
        return []
    for small in (r for r in results if r.scale == "kecamatan"):
        large = _by(results, small.operation, scale)
        if large is None or not small.median_ms:
            continue
        rows.append(
            {
                "operation": small.operation,
                "kecamatan_ms": small.median_ms,
                f"{scale}_ms": large.median_ms,
                "ratio": round(large.median_ms / small.median_ms, 2),
            }
        )
    return rows


def goals(
    results: list[Result], scale: str, comparisons: dict[str, Any]
) -> list[tuple[str, str, str]]:
    """(goal, met | not met | not measured, figures) for each goal of the issue."""
    out: list[tuple[str, str, str]] = []

    def verdict(ok: bool | None) -> str:
        return "not measured" if ok is None else ("met" if ok else "NOT met")

    flat = [c for c in comparisons.get("scale", []) if c["operation"] not in DIFFERENT_VOLUME]
    if scale == "kecamatan" or not flat:
        out.append(("flat cost: same operation within 1.5x of kecamatan", verdict(None), ""))
    else:
        worst = max(flat, key=lambda c: c["ratio"])
        out.append(
            (
                f"flat cost: same operation at {scale} within {FLAT_RATIO}x of kecamatan",
                verdict(all(c["ratio"] <= FLAT_RATIO for c in flat)),
                f"worst {worst['operation']} {worst['ratio']}x",
            )
        )
    summary = _by(results, "kabupaten_summary", scale)
    dashboard = _by(results, "kecamatan_dashboard", "kecamatan")
    if summary and dashboard:
        ratio = summary.median_ms / dashboard.median_ms
        out.append(
            (
                f"summary within {SUMMARY_RATIO}x the kecamatan dashboard",
                verdict(ratio <= SUMMARY_RATIO),
                f"{ratio:.2f}x",
            )
        )
    else:
        out.append(("summary within 3x the kecamatan dashboard", verdict(None), ""))
    listed = [r for r in results if r.sql_ms]
    if listed:
        worst_r = max(listed, key=lambda r: r.median_ms / (r.sql_ms or 1))
        out.append(
            (
                f"pages within {OVERHEAD_RATIO}x their bare SQL",
                verdict(all(r.median_ms <= OVERHEAD_RATIO * (r.sql_ms or 0) for r in listed)),
                f"worst {worst_r.operation}/{worst_r.scale} "
                f"{worst_r.median_ms / (worst_r.sql_ms or 1):.1f}x",
            )
        )
    recompute = _by(results, "recompute_indicators", scale) or _by(
        results, "recompute_indicators", "kecamatan"
    )
    if recompute:
        districts = recompute.extra.get("districts", 1) or 1
        seconds = recompute.extra.get("estimated_s") or recompute.median_ms / 1000
        national = seconds / districts * NATIONAL_KECAMATAN
        out.append(
            (
                f"a year's indicators of the whole country recomputed in < "
                f"{RECOMPUTE_LIMIT_S:.0f} s",
                verdict(national < RECOMPUTE_LIMIT_S),
                f"{seconds:.1f} s for {districts} kecamatan; x{NATIONAL_KECAMATAN} kecamatan: "
                f"~{national:.0f} s (linear)",
            )
        )
    imported = comparisons.get("import")
    if imported:
        out.append(
            (
                f"import >= {IMPORT_RATIO}x faster than django-import-export",
                verdict(imported["ratio"] >= IMPORT_RATIO),
                f"{imported['ratio']:.1f}x",
            )
        )
    survey = comparisons.get("survey")
    if survey:
        real, minimal = survey["survey_submit"], survey["survey_submit_minimal"]
        ratio = minimal["per_second"] / real["per_second"] if real["per_second"] else 0.0
        exact = all(s["created"] == s["stored"] and s["failed"] == 0 for s in (real, minimal))
        out.append(
            (
                f"survey submissions within {SURVEY_RATIO}x a one-insert view, none lost/doubled",
                verdict(ratio <= SURVEY_RATIO and exact),
                f"{ratio:.2f}x slower; {real['created']} sent = {real['stored']} stored",
            )
        )
    memory = [r.rss_mb for r in results] + [s["rss_mb"] for s in (survey or {}).values()]
    peak = max(memory, default=0.0)
    out.append(
        (
            f"every web process under {RSS_LIMIT_MB:.0f} MB",
            verdict(peak < RSS_LIMIT_MB),
            f"peak {peak:.0f} MB",
        )
    )
    return out


def render(results: list[Result], scale: str, comparisons: dict[str, Any]) -> str:
    lines = [figures_table(results), ""]
    if comparisons.get("scale"):
        lines.append(f"kecamatan vs {scale} (same run):")
        for c in comparisons["scale"]:
            lines.append(
                f"  {c['operation']:<32}{c['kecamatan_ms']:>10.1f} ms {c[f'{scale}_ms']:>10.1f} ms"
                f"  {c['ratio']:>6.2f}x"
                + ("  (more rows by design)" if c["operation"] in DIFFERENT_VOLUME else "")
            )
    imported = comparisons.get("import")
    if imported:
        lines.append(
            f"import of {imported['rows']} rows: SiTrantib {imported['ours_ms']:.0f} ms, "
            f"django-import-export {imported['library_ms']:.0f} ms ({imported['ratio']:.1f}x)"
        )
    survey = comparisons.get("survey")
    if survey:
        for name, s in survey.items():
            lines.append(
                f"{name:<24}{s['per_second']:>8.1f}/s  median {s['median_ms']:.1f} ms  "
                f"p95 {s['p95_ms']:.1f} ms  sent {s['sent']} created {s['created']} "
                f"stored {s['stored']} failed {s['failed']}  worker peak {s['rss_mb']:.0f} MB"
            )
            for failure in s["first_failures"]:
                lines.append(f"    {failure}")
    lines.append("")
    lines.append("goals:")
    for goal, state, figure in goals(results, scale, comparisons):
        lines.append(f"  [{state}] {goal}: {figure}")
    return "\n".join(lines)
