"""Text in, text out: control characters refused on input, stripped on output; free text limited."""

import pytest
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import translation
from rest_framework import serializers

from sitrantib.core.text import (
    MESSAGE_CONTROL_CHARACTER,
    TEXT_LIMITS,
    CleanCharField,
    CleanTextMixin,
    clean_text_fields,
    reject_control_characters,
    strip_control_characters,
)

# Free-text fields still without a length limit (max_length and, for TextField, a
# MaxLengthValidator so services and the API enforce it). Issue 8 gives each a limit app by app:
# remove a field here when it gets one. The list may only shrink.
PENDING_FREE_TEXT = frozenset({})


def _free_text_without_limit() -> set[str]:
    found = set()
    for model in apps.get_models():
        if not model.__module__.startswith("sitrantib.") or model._meta.proxy:
            continue
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.CharField | models.TextField):
                continue
            limited = field.max_length is not None and any(
                isinstance(validator, MaxLengthValidator) for validator in field.validators
            )
            if not limited:
                found.add(f"{model._meta.label}.{field.name}")
    return found


def test_no_new_free_text_field_without_a_length_limit():
    assert sorted(_free_text_without_limit() - PENDING_FREE_TEXT) == []


def test_pending_list_names_only_fields_still_without_a_limit():
    """A field that got its limit leaves PENDING_FREE_TEXT, so the list only shrinks."""
    assert sorted(PENDING_FREE_TEXT - _free_text_without_limit()) == []


@pytest.mark.parametrize("text", ["Rapat\tpagi", "baris satu\nbaris dua\r\n", "Budi 👋", ""])
def test_ordinary_text_tabs_and_line_breaks_pass(text):
    reject_control_characters(text)
    assert strip_control_characters(text) == text


@pytest.mark.parametrize(
    ("text", "code"),
    [("bel\x07", "U+0007"), ("\x00nul", "U+0000"), ("del\x7f", "U+007F"), ("c1\x85", "U+0085")],
)
def test_control_characters_are_refused_naming_the_code(text, code):
    with translation.override("id"), pytest.raises(ValidationError) as caught:
        reject_control_characters(text)

    assert caught.value.messages == [MESSAGE_CONTROL_CHARACTER % {"code": code}]


def test_control_character_message_in_english():
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        reject_control_characters("a\x1bb")

    assert caught.value.messages == ["Text must not contain control characters (code U+001B)."]


def test_strip_control_characters_keeps_tab_and_line_breaks():
    assert strip_control_characters("a\x00b\tc\nd\x1be\x7f\u2028") == "ab\tc\nde"


def test_limits_follow_the_conventions():
    assert (TEXT_LIMITS["short_note"], TEXT_LIMITS["description"], TEXT_LIMITS["minutes"]) == (
        500,
        5000,
        20000,
    )


class NoteForm(forms.Form):
    title = forms.CharField()
    email = forms.EmailField(required=False)
    count = forms.IntegerField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        clean_text_fields(self)


def test_form_hook_refuses_control_characters_in_every_text_field():
    form = NoteForm(data={"title": "Ra\x0bpat", "count": "3"})

    assert (form.is_valid(), list(form.errors)) == (False, ["title"])


def test_form_hook_does_not_add_the_validator_twice():
    form = NoteForm()
    clean_text_fields(form)

    assert form.fields["title"].validators.count(reject_control_characters) == 1
    assert reject_control_characters not in form.fields["count"].validators


class NoteSerializer(CleanTextMixin, serializers.Serializer):
    title = serializers.CharField()
    tags = serializers.ListField(child=serializers.CharField())
    extra = serializers.DictField(child=serializers.CharField(), required=False)
    count = serializers.IntegerField(required=False)


def test_serializer_mixin_refuses_control_characters_in_fields_lists_and_dicts():
    form = NoteSerializer(data={"title": "a\x01", "tags": ["ok", "b\x02"], "extra": {"k": "\x03"}})

    assert (form.is_valid(), sorted(form.errors)) == (False, ["extra", "tags", "title"])


def test_serializer_mixin_accepts_clean_text():
    form = NoteSerializer(data={"title": "Rapat\npagi", "tags": ["a"], "count": 2})

    assert form.is_valid(), form.errors


def test_clean_char_field_refuses_control_characters():
    field = CleanCharField()

    with pytest.raises(serializers.ValidationError):
        field.run_validation("x\x08")
    assert field.run_validation("x\ty") == "x\ty"
