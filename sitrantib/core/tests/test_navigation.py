from sitrantib.core.navigation import menu


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
