"""Regenerate the reviewed page images of the KAK 2020 (docs/adr/0101), deliberately:

    .venv/bin/python -m sitrantib.reports.tests.refresh_reference

It runs the page-image test with SITRANTIB_REFRESH_KAK_REFERENCE=1, which renders the KAK 2020
from the reference data and writes sitrantib/reports/tests/reference/kak-2020-page-N.png. Look
at every new page before committing them: they become what later renderings are held to.
"""

import os
import sys
from pathlib import Path

import pytest


def main() -> int:
    os.environ["SITRANTIB_REFRESH_KAK_REFERENCE"] = "1"
    test = Path(__file__).with_name("test_kak_pages.py")
    code = pytest.main(
        [f"{test}::test_pages_match_the_reviewed_reference", "-q", "-p", "no:randomly"]
    )
    print(f"References: {Path(__file__).with_name('reference')}")
    return int(code)


if __name__ == "__main__":
    sys.exit(main())
