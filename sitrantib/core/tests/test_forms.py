"""The form renderer and bases: Bootstrap classes, errors tied to fields, typed text kept."""

import re
from typing import Any

import pytest
from django import forms
from django.utils import translation

from sitrantib.core.forms import BaseForm, BaseModelForm, BootstrapBoundField, FormRenderer
from sitrantib.core.models import AuditEntry
from sitrantib.core.text import MESSAGE_CONTROL_CHARACTER


class _Report(BaseForm):
    title = forms.CharField(label="Judul", max_length=20, help_text="Singkat saja.")
    body = forms.CharField(label="Isi", widget=forms.Textarea, required=False)
    kind = forms.ChoiceField(label="Jenis", choices=[("a", "Satu"), ("b", "Dua")])
    mode = forms.ChoiceField(
        label="Cara", choices=[("x", "Surat"), ("y", "Lisan")], widget=forms.RadioSelect
    )
    urgent = forms.BooleanField(label="Mendesak", required=False)
    photo = forms.FileField(label="Foto", required=False)
    small = forms.ChoiceField(
        label="Kecil", choices=[("a", "A")], widget=forms.Select(attrs={"class": "form-select-sm"})
    )
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("title") == "ganda":
            raise forms.ValidationError("Laporan ini sudah ada.")
        return data


class _EntryForm(BaseModelForm):
    class Meta:
        model = AuditEntry
        fields = ["object_repr", "note"]


def _tag(html: str, element_id: str) -> str:
    found = re.search(rf'<[a-z]+ [^>]*id="{element_id}"[^>]*>', html)
    assert found, element_id
    return found.group()


def _classes(tag: str) -> set[str]:
    found = re.search(r'class="([^"]*)"', tag)
    return set(found.group(1).split()) if found else set()


def test_settings_use_the_project_renderer() -> None:
    form = _Report()

    assert isinstance(form.renderer, FormRenderer)
    assert isinstance(form["title"], BootstrapBoundField)


def test_widgets_get_the_bootstrap_class_of_their_type() -> None:
    html = str(_Report())

    assert _classes(_tag(html, "id_title")) == {"form-control"}
    assert _classes(_tag(html, "id_body")) == {"form-control"}
    assert _classes(_tag(html, "id_kind")) == {"form-select"}
    assert _classes(_tag(html, "id_mode_0")) == {"form-check-input"}
    assert _classes(_tag(html, "id_urgent")) == {"form-check-input"}
    assert _classes(_tag(html, "id_photo")) == {"form-control"}
    assert _classes(_tag(html, "id_small")) == {"form-select-sm"}
    assert _classes(_tag(html, "id_token")) == set()
    assert html.count('class="form-check"') == 3  # two radios and the checkbox


def test_required_fields_are_marked_in_text() -> None:
    html = str(_Report())

    label = re.search(r'<label class="form-label" for="id_title">(.*?)</label>', html, re.S)
    optional = re.search(r'<label class="form-label" for="id_body">(.*?)</label>', html, re.S)
    assert label
    assert optional
    assert '<span class="required-mark">(wajib)</span>' in label.group(1)
    assert "wajib" not in optional.group(1)


def test_a_form_with_errors_marks_fields_and_points_to_the_messages() -> None:
    form = _Report({"title": "x" * 25, "body": "Isi yang diketik", "mode": "z", "small": "a"})

    html = str(form)

    title = _tag(html, "id_title")
    assert _classes(title) == {"form-control", "is-invalid"}
    assert 'aria-invalid="true"' in title
    described = re.search(r'aria-describedby="([^"]*)"', title)
    assert described
    ids = described.group(1).split()
    assert ids == ["id_title_helptext", "id_title_error"]
    for element_id in ids:
        assert html.count(f'id="{element_id}"') == 1
    error = re.search(
        r'<div class="invalid-feedback d-block" id="id_title_error">(.*?)</div>\s*</div>',
        html,
        re.S,
    )
    assert error
    assert "paling banyak 20 karakter" in error.group(1)
    assert _classes(_tag(html, "id_kind")) == {"form-select", "is-invalid"}
    assert _classes(_tag(html, "id_mode_0")) == {"form-check-input", "is-invalid"}
    assert '<fieldset aria-describedby="id_mode_error">' in html
    assert _classes(_tag(html, "id_body")) == {"form-control"}


def test_errors_appear_directly_below_their_field() -> None:
    html = str(_Report({"title": "", "mode": "x", "kind": "a", "small": "a"}))

    widget_at = html.index('id="id_title"')
    error_at = html.index('id="id_title_error"')
    next_field_at = html.index('for="id_body"')
    assert widget_at < error_at < next_field_at


def test_non_field_errors_come_first_in_an_alert() -> None:
    html = str(_Report({"title": "ganda", "mode": "x", "kind": "a", "small": "a"}))

    alert = re.search(
        r'<div class="alert alert-danger form-errors" role="alert">(.*?)</div>', html, re.S
    )
    assert alert
    assert "Laporan ini sudah ada." in alert.group(1)
    assert html.index('role="alert"') < html.index('for="id_title"')


def test_typed_values_are_kept_when_the_form_has_errors() -> None:
    form = _Report(
        {
            "title": "",
            "body": "Isi <yang> diketik",
            "kind": "b",
            "mode": "y",
            "urgent": "on",
            "small": "a",
        }
    )

    html = str(form)

    assert not form.is_valid()
    assert "Isi &lt;yang&gt; diketik</textarea>" in html
    assert re.search(r'<option value="b" selected>Dua</option>', html)
    assert "checked" in _tag(html, "id_mode_1")
    assert "checked" in _tag(html, "id_urgent")


@pytest.mark.parametrize("text", ["bel\x07", "nul\x00", "esc\x1b[0m"])
def test_text_fields_refuse_control_characters(text: str) -> None:
    form = _Report({"title": text, "mode": "x", "kind": "a", "small": "a"})

    assert not form.is_valid()
    code = f"U+{ord(next(c for c in text if ord(c) < 32)):04X}"
    # Django adds its own message for NUL; ours names the character in every case.
    assert MESSAGE_CONTROL_CHARACTER % {"code": code} in form.errors["title"]


def test_text_fields_accept_tabs_and_line_breaks() -> None:
    form = _Report(
        {"title": "a\tb", "body": "baris 1\r\nbaris 2", "mode": "x", "kind": "a", "small": "a"}
    )

    assert form.is_valid(), form.errors


def test_model_form_refuses_control_characters_and_renders_bootstrap() -> None:
    form = _EntryForm({"object_repr": "da\x07ta", "note": "catatan"})

    html = str(form)

    assert not form.is_valid()
    assert list(form.errors) == ["object_repr"]
    assert _classes(_tag(html, "id_object_repr")) == {"form-control", "is-invalid"}
    assert "catatan</textarea>" in html


def test_required_mark_is_translated() -> None:
    with translation.override("en"):
        html = str(_Report())

    assert '<span class="required-mark">(required)</span>' in html


def test_a_plain_django_form_also_gets_the_bootstrap_field() -> None:
    class Plain(forms.Form):
        name = forms.CharField()

    html = str(Plain({}))

    assert _classes(_tag(html, "id_name")) == {"form-control", "is-invalid"}
