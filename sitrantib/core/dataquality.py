"""Data-quality findings: rules computed over the records, never stored by hand.

Each app registers its rules in a module named `quality.py` (imported at start-up). A rule takes
the viewer's scope and yields findings for the records in it; a consistent record yields none.

A finding's `message` is a sentence in Bahasa Indonesia that names the desa (by name) and the
figure; `url` opens the page where the figure is corrected. `rule` and `field` are the technical
reference, kept for the API (`/sistem/kualitas-data/data.json`) and shown in a small line.

The data-quality page runs every rule on each view, so a corrected figure's finding is gone at
once. The home page only shows how many errors there are: `stored_counts(scope)` reads the counts
the last run of the page stored in the cache (`remember_counts`), never running the rules
itself, and a correction calls `forget_counts()` (docs/adr/0053).
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass

from django.core.cache import cache
from django.utils import timezone

from sitrantib.core.enums import Severity
from sitrantib.core.scoping import Scope


@dataclass(frozen=True)
class Finding:
    """One problem in the data: how serious, which record and field, and what is wrong."""

    severity: Severity
    object: str  # a stable reference, e.g. "village:35.08.07.2001"
    field: str
    message: str  # plain Bahasa Indonesia, for the people who fix the data
    rule: str = ""
    district_code: str = ""
    url: str = ""

    def as_dict(self) -> dict[str, str]:
        data = asdict(self)
        data["severity"] = str(self.severity)
        return data


Rule = Callable[[Scope], Iterable[Finding]]

_RULES: dict[str, Rule] = {}
_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def register(name: str) -> Callable[[Rule], Rule]:
    """Register a rule under a stable name (the name is shown with each finding)."""

    def decorator(rule: Rule) -> Rule:
        if name in _RULES and _RULES[name] is not rule:
            raise ValueError(f"Data-quality rule {name!r} is registered twice")
        _RULES[name] = rule
        return rule

    return decorator


def registered_rules() -> dict[str, Rule]:
    return dict(_RULES)


def run_checks(*, scope: Scope) -> list[Finding]:
    """Every finding of every rule within the scope, errors first."""
    findings: list[Finding] = []
    for name, rule in _RULES.items():
        for finding in rule(scope):
            findings.append(finding if finding.rule else _with_rule(finding, name))
    findings.sort(key=lambda f: (_SEVERITY_ORDER[f.severity], f.object, f.field, f.rule))
    return findings


def _with_rule(finding: Finding, name: str) -> Finding:
    data = asdict(finding)
    data["rule"] = name
    return Finding(**data)


# How long the home page may show the counts of a run (a correction clears them at once).
COUNTS_TIMEOUT_SECONDS = 24 * 60 * 60
_GENERATION_KEY = "sitrantib:dataquality:generation"


@dataclass(frozen=True)
class StoredCounts:
    """The counts by severity of the last full run for one scope, and when it ran."""

    errors: int
    warnings: int
    infos: int
    computed_at: datetime.datetime


def _scope_key(scope: Scope) -> str:
    if scope.national:
        where = "national"
    else:
        where = ",".join(sorted(scope.district_codes))
        if scope.village_codes is not None:
            where += "/" + ",".join(sorted(scope.village_codes))
    generation = cache.get_or_set(_GENERATION_KEY, 1, timeout=None)
    return f"sitrantib:dataquality:{generation}:{where}"


def count_by_severity(findings: Iterable[Finding]) -> dict[Severity, int]:
    counts = dict.fromkeys(Severity, 0)
    for finding in findings:
        counts[finding.severity] += 1
    return counts


def remember_counts(scope: Scope, findings: Iterable[Finding]) -> dict[Severity, int]:
    """Store the counts of a full run for `scope` (read by the home page); returns them."""
    counts = count_by_severity(findings)
    stored = StoredCounts(
        errors=counts[Severity.ERROR],
        warnings=counts[Severity.WARNING],
        infos=counts[Severity.INFO],
        computed_at=timezone.now(),
    )
    cache.set(_scope_key(scope), stored, timeout=COUNTS_TIMEOUT_SECONDS)
    return counts


def forget_counts() -> None:
    """Drop every stored count (after a correction): the next run stores them again."""
    try:
        cache.incr(_GENERATION_KEY)
    except ValueError:
        cache.set(_GENERATION_KEY, 1, timeout=None)


def stored_counts(scope: Scope) -> StoredCounts | None:
    """The counts of the last run for `scope`, or None when none is stored. The home page reads
    only this: it never runs the rules itself (docs/adr/0053)."""
    stored = cache.get(_scope_key(scope))
    return stored if isinstance(stored, StoredCounts) else None
