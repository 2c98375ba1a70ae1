"""The English catalogues are complete and compiled, so switching language never shows a gap."""

import gettext
from pathlib import Path

import pytest
from django.conf import settings

from sitrantib.testing.po import entries

ROOT = Path(settings.BASE_DIR)
CATALOGUES = sorted(
    p
    for p in [
        *ROOT.glob("sitrantib/*/locale/en/LC_MESSAGES/django.po"),
        ROOT / "locale/en/LC_MESSAGES/django.po",
    ]
    if p.exists()
)


def test_every_app_with_pages_has_an_english_catalogue():
    apps_with_templates = {
        p.relative_to(ROOT / "sitrantib").parts[0]
        for p in ROOT.glob("sitrantib/*/templates/**/*.html")
    }
    apps_with_catalogue = {p.parts[-5] for p in CATALOGUES if p.parts[-6] == "sitrantib"}

    assert apps_with_templates - apps_with_catalogue == set()


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_english_catalogue_has_no_empty_or_fuzzy_entry(po):
    gaps = [msgid for msgid, msgstr, fuzzy in entries(po) if not msgstr or fuzzy]

    assert gaps == []


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_compiled_catalogue_matches_its_source(po):
    with po.with_suffix(".mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)

    stale = [
        msgid
        for msgid, msgstr, _fuzzy in entries(po)
        if compiled.gettext(msgid.replace('\\"', '"').replace("\\n", "\n"))
        != msgstr.replace('\\"', '"').replace("\\n", "\n")
    ]

    assert stale == []
