"""One Indonesian msgid has one English across the catalogues.

Django merges the apps' catalogues into one: for a msgid without context the first catalogue
that has it (LOCALE_PATHS, then INSTALLED_APPS in order) gives its English to every app. Two
catalogues that translate the same msgid differently therefore show one app the other's words.
A msgid that means two things gets a context (pgettext) in the app whose meaning differs.
"""

from collections import defaultdict
from pathlib import Path

from django.conf import settings
from django.utils import translation

from sitrantib.core.enums import AuditAction
from sitrantib.testing.po import entries

ROOT = Path(settings.BASE_DIR)


def catalogues() -> list[Path]:
    return sorted(
        p
        for p in [
            *ROOT.glob("sitrantib/*/locale/en/LC_MESSAGES/django.po"),
            ROOT / "locale/en/LC_MESSAGES/django.po",
        ]
        if p.exists()
    )


def conflicts(paths: list[Path]) -> dict[str, dict[str, list[str]]]:
    """msgid -> {English -> catalogues giving it}, for msgids without context translated in more
    than one way."""
    english: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for po in paths:
        for msgid, msgstr, _fuzzy in entries(po):
            if "\x04" in msgid or not msgstr:
                continue  # a context keeps its own English; an empty entry is another test's
            english[msgid][msgstr].append(str(po.relative_to(po.parents[4])))
    return {msgid: dict(found) for msgid, found in english.items() if len(found) > 1}


def test_a_msgid_without_context_has_the_same_english_in_every_catalogue():
    assert conflicts(catalogues()) == {}


def test_two_catalogues_translating_a_msgid_differently_are_reported(tmp_path):
    for app, english in (("one", "Edit"), ("two", "Update")):
        po = tmp_path / app / "locale" / "en" / "LC_MESSAGES" / "django.po"
        po.parent.mkdir(parents=True)
        po.write_text(
            f'msgid "Ubah"\nmsgstr "{english}"\n\n'
            f'msgctxt "tindakan audit"\nmsgid "Ubah"\nmsgstr "{app}"\n\n'
            'msgid "Simpan"\nmsgstr "Save"\n',
            encoding="utf-8",
        )

    found = conflicts(sorted(tmp_path.glob("*/locale/en/LC_MESSAGES/django.po")))

    assert found == {
        "Ubah": {
            "Edit": ["one/locale/en/LC_MESSAGES/django.po"],
            "Update": ["two/locale/en/LC_MESSAGES/django.po"],
        }
    }


def test_an_audit_action_and_an_edit_button_read_differently_in_english():
    with translation.override("en"):
        assert str(AuditAction.UPDATE.label) == "Update"
        assert str(AuditAction.TRANSITION.label) == "Status change"
        assert translation.gettext("Ubah") == "Edit"
        assert translation.gettext("Ubah status") == "Change status"
    with translation.override("id"):
        assert str(AuditAction.UPDATE.label) == "Ubah"
