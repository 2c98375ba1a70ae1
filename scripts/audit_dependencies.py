"""Known vulnerabilities of the locked dependencies (`make quality`, `make audit`).

Runs pip-audit on the requirements that `uv export --frozen` writes from uv.lock (every group,
the development tools included), without installing anything: each pinned release is looked up
in PyPI's vulnerability data. Any finding fails, unless its id is in IGNORED below with the
reason (docs/dev/security.md says when that is acceptable).

pip-audit needs PyPI's per-release JSON. A machine that cannot reach it (offline, or behind a
package mirror without that data) cannot audit: the command then says so loudly and, in
`make quality`, passes; `make audit` (SITRANTIB_AUDIT_REQUIRED=1) fails instead.

    python scripts/audit_dependencies.py REQUIREMENTS_FILE
"""

from __future__ import annotations

import os
import re
import subprocess  # nosec B404  # runs pip-audit with an argument list
import sys
import urllib.error
import urllib.request
from pathlib import Path

# Vulnerability id -> why it does not affect SiTrantib and when to look again. Empty: none.
IGNORED: dict[str, str] = {}

PROBE_PACKAGE = "django"
PYPI_RELEASE_JSON = "https://pypi.org/pypi/{name}/{version}/json"


def pinned(requirements: str) -> dict[str, str]:
    """name -> version of every `name==version` line."""
    found = {}
    for line in requirements.splitlines():
        match = re.match(r"^([A-Za-z0-9_.\-]+)==([^\s;]+)", line.strip())
        if match:
            found[match.group(1).lower()] = match.group(2)
    return found


def vulnerability_data_reachable(name: str, version: str) -> tuple[bool, str]:
    url = PYPI_RELEASE_JSON.format(name=name, version=version)
    try:
        with urllib.request.urlopen(url, timeout=15) as reply:  # noqa: S310  # nosec B310  # our URL
            return reply.status == 200, f"{url} answered {reply.status}"
    except urllib.error.HTTPError as exc:
        return False, f"{url} answered {exc.code}"
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        return False, f"{url} unreachable ({exc})"


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    requirements = Path(argv[0])
    packages = pinned(requirements.read_text(encoding="utf-8"))
    if PROBE_PACKAGE not in packages:
        print(f"audit: {requirements} pins no {PROBE_PACKAGE}: not a SiTrantib lock export")
        return 2
    reachable, why = vulnerability_data_reachable(PROBE_PACKAGE, packages[PROBE_PACKAGE])
    if not reachable:
        required = os.environ.get("SITRANTIB_AUDIT_REQUIRED", "") == "1"
        print(
            f"audit: NOT RUN - PyPI's vulnerability data cannot be read from this machine ({why});"
            f" the {len(packages)} locked packages were not checked. Run `make audit` on a"
            " machine that reaches pypi.org.",
            file=sys.stderr,
        )
        return 1 if required else 0
    command = [
        sys.executable,
        "-m",
        "pip_audit",
        "--requirement",
        str(requirements),
        "--no-deps",
        "--disable-pip",
        "--strict",
        "--progress-spinner",
        "off",
    ]
    for vulnerability in sorted(IGNORED):
        command += ["--ignore-vuln", vulnerability]
    result = subprocess.run(command, check=False)  # noqa: S603
    if result.returncode == 0:
        print(f"audit: {len(packages)} locked packages, no known vulnerability")
    return result.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
