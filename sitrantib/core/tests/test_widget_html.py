"""The select widget written in Python (core/widget_html.py) gives exactly the markup of Django's
templates, for every kind of select the forms use (docs/adr/0107)."""

import datetime as dt

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from sitrantib.core.forms import FormRenderer
from sitrantib.core.widget_html import can_write, select_html

TEMPLATES = DjangoTemplates()  # Django's own widget templates, as the renderer had them


class Choices(forms.Form):
    plain = forms.ChoiceField(choices=[("", "Semua"), ("a", "A & B"), ("b", '"quoted" <b>')])
    grouped = forms.ChoiceField(
        choices=[
            ("Desa", [("1", "Darungan"), ("2", "Kraton")]),
            ("Kelurahan", [("3", "Yosowilangun Lor")]),
            ("4", "Lain"),
        ]
    )
    many = forms.MultipleChoiceField(
        choices=[(1, "satu"), (2, "dua"), (3, "tiga")],
        widget=forms.SelectMultiple(attrs={"size": 3, "data-x": True, "data-off": False}),
    )
    lazy = forms.ChoiceField(choices=[("", gettext_lazy("Semua")), ("x", mark_safe("<i>aman</i>"))])
    dates = forms.ChoiceField(
        choices=[(dt.date(2026, 1, 31), dt.date(2026, 1, 31)), (10000, 10000)]
    )
    flag = forms.NullBooleanField()
    disabled = forms.ChoiceField(choices=[("a", "A")], disabled=True, required=False)


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("bound", [False, True])
def test_python_select_writes_what_the_templates_write(language, bound):
    data = {"plain": "b", "grouped": "3", "many": ["1", "3"], "lazy": "", "flag": "true"}
    form = Choices(data=data if bound else None, renderer=FormRenderer())
    with translation.override(language):
        for name in form.fields:
            widget = form[name].field.widget
            context = widget.get_context(
                name, form[name].value(), form[name].build_widget_attrs({})
            )
            assert can_write(context), name
            expected = TEMPLATES.render("django/forms/widgets/select.html", context)
            assert select_html(context) == expected, name
            # And through the project's renderer, as pages render it.
            field = form[name]
            attrs = {**field.build_widget_attrs({}), "id": field.auto_id}
            through_templates = widget.render(field.html_name, field.value(), attrs, TEMPLATES)
            assert field.as_widget() == through_templates, name


def test_select_with_another_option_template_goes_through_the_templates():
    class Special(forms.Select):
        option_template_name = "django/forms/widgets/radio_option.html"

    widget = Special(choices=[("a", "A")])
    context = widget.get_context("x", "a", {})

    assert not can_write(context)
    rendered = widget.render("x", "a", renderer=FormRenderer())
    assert "<label><input" in rendered  # the widget's own option template was used
