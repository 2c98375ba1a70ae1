"""Data-quality findings: rules computed over the records, never stored by hand.

Each app registers its rules in a module named `quality.py` (imported at start-up). A rule takes
the viewer's scope and yields findings for the records in it; a consistent record yields none.
"""

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass

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
