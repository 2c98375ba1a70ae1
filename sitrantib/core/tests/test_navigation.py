import pytest

from sitrantib.core.navigation import admin_menu, menu
from sitrantib.core.scoping import scope_of


def test_menu_marks_the_module_of_the_current_page_active():
    def active(path):
        return [m.key for m, _url, is_active in menu(path)["ready"] if is_active]

    assert active("/") == ["home"]
    assert active("/linmas/anggota/5/") == ["linmas"]
    assert active("/sistem/log-audit/") == []


def test_empty_choice_of_select_fields_is_in_the_interface_language():
    from django import forms
    from django.utils import translation

    from sitrantib.regions.models import Village

    class VillageForm(forms.Form):
        village = forms.ModelChoiceField(queryset=Village.objects.none())

    with translation.override("id"):
        indonesian = str(VillageForm().fields["village"].empty_label)
    with translation.override("en"):
        english = str(VillageForm().fields["village"].empty_label)

    assert (indonesian, english) == ("- Pilih -", "- Choose -")


def test_menu_bar_groups_plan_and_budget_in_one_dropdown_active_below_either():
    bar = menu("/anggaran/5/")["bar"]

    assert [entry.key for entry in bar] == [
        "home",
        "linmas",
        "village",
        "meetings",
        "surveys",
        "planning",
    ]
    planning = next(entry for entry in bar if entry.key == "planning")
    assert (str(planning.label), planning.active) == ("Rencana & Kinerja", True)
    assert [(str(c.label), c.url, c.active) for c in planning.children] == [
        ("Rencana Kegiatan (KAK)", "/rencana/", False),
        ("Anggaran", "/anggaran/", True),
        ("Indikator Kinerja", "/indikator/", False),
        ("Dokumen & Laporan", "/laporan/", False),
        ("Arsip Dokumen", "/sistem/arsip/", False),
    ]


def test_short_menu_labels_keep_the_full_name_as_title():
    titles = {entry.key: (str(entry.label), str(entry.title)) for entry in menu("/")["bar"]}

    assert titles["meetings"] == ("Rapat", "Rapat & Tindak Lanjut")
    assert titles["surveys"] == ("IKM", "Survei Kepuasan (IKM)")


@pytest.mark.django_db
def test_admin_menu_shows_each_role_only_its_entries(world):
    def keys(user, path="/"):
        return [(entry.key, active) for entry, _url, active in admin_menu(scope_of(user), path)]

    assert {"data_quality", "office", "audit"} <= {key for key, _active in keys(world.admin)}
    assert ("audit", True) in keys(world.admin, "/sistem/log-audit/")
    assert keys(world.operator) == []
