"""The project's forms: one renderer with Bootstrap 5 templates, and the form bases.

`FormRenderer` (settings.FORM_RENDERER) renders `{{ form }}` with core/forms/form.html (non-field
errors at the top in an alert) and each `{{ field.as_field_group }}` with core/forms/field.html
(label with the required mark "(wajib)" in words, widget, errors under it tied to it by
aria-describedby, help text). A refused form starts with a summary linking to each field in
error, which core/static/core/form-errors.js focuses. Its `BootstrapBoundField`
gives every widget the Bootstrap class of its type and `is-invalid` when in error, so no form sets
classes in its constructor. A widget that already has a `class` keeps it (only `is-invalid` is
added): a form may still choose e.g. `form-select-sm`.

`BaseForm` / `BaseModelForm` add the control-character check (core/text.py) to every text field.

`add_service_error(form, exc)` puts a service's refusal back on the bound form: a message the
service keyed to a field (``ValidationError({"due_date": ...})``) beside that field, anything
else at the top. The typed values stay; the page scrolls to the first error
(core/static/core/form-errors.js, loaded by the base template).
"""

from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates, TemplatesSetting
from django.forms.widgets import Input
from django.template import TemplateDoesNotExist
from django.utils.translation import gettext, gettext_noop

from sitrantib.core import widget_html
from sitrantib.core.api import validate_year_range
from sitrantib.core.text import clean_text_fields

INVALID_CLASS = "is-invalid"
MESSAGE_FORBIDDEN = gettext_noop("Anda tidak berhak melakukan tindakan ini.")
PROJECT_TEMPLATES = ("core/forms/",)


def widget_class(widget: forms.Widget) -> str:
    """The Bootstrap class of a widget, by its type ("" for hidden inputs)."""
    if widget.is_hidden:
        return ""
    if isinstance(widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple):
        return "form-check-input"
    if isinstance(widget, forms.Select | forms.SelectDateWidget):
        return "form-select"
    if isinstance(widget, Input) and widget.input_type == "range":
        return "form-range"
    if isinstance(widget, Input) and widget.input_type == "color":
        return "form-control form-control-color"
    return "form-control"


def _join_classes(*parts: str) -> str:
    seen: list[str] = []
    for part in parts:
        for name in part.split():
            if name not in seen:
                seen.append(name)
    return " ".join(seen)


class BootstrapBoundField(BoundField):
    """A bound field whose widget gets its Bootstrap class and `is-invalid` when in error."""

    def build_widget_attrs(self, attrs: dict[str, Any], widget: Any = None) -> dict[str, Any]:
        widget = widget or self.field.widget
        attrs = super().build_widget_attrs(attrs, widget)
        # Attributes given here replace the widget's own, so the widget's class is merged in.
        chosen = str(attrs.get("class") or widget.attrs.get("class") or widget_class(widget))
        invalid = INVALID_CLASS if self.errors and not widget.is_hidden else ""
        classes = _join_classes(chosen, invalid)
        if classes:
            attrs["class"] = classes
        return attrs

    @property
    def widget_kind(self) -> str:
        """How field.html lays the field out: hidden, check, choices or control."""
        widget = self.field.widget
        if widget.is_hidden:
            return "hidden"
        if isinstance(widget, forms.CheckboxInput):
            return "check"
        if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
            return "choices"
        return "control"


_BUILTIN = DjangoTemplates()


def error_anchor(field: BoundField) -> str:
    """The id a link to the field goes to: its widget, or the first of its choices."""
    if field.id_for_label:
        return str(field.id_for_label)
    return f"{field.auto_id}_0" if field.auto_id else ""


def error_summary_context(form: Any, fields: list[tuple[BoundField, Any]]) -> dict[str, Any]:
    """The summary of a refused form (core/forms/form.html): (anchor, label, message) of each
    field error in the order of the fields, and the summary's id. form-errors.js focuses it."""
    summary = [
        (error_anchor(field), field.label, str(message))
        for field, errors in fields
        for message in errors
    ]
    name = form.prefix or type(form).__name__.lower()
    return {"error_summary": summary, "error_summary_id": f"{name}-error-summary"}


class FormRenderer(TemplatesSetting):
    """Project templates first (core/forms/...), then Django's own widget templates.

    The project's form and field templates (core/forms/) render with the project's engine (its
    settings, e.g. the strict unknown-variable check in tests). Widget templates render with an
    engine that holds Django's built-in form templates and every app's templates, so
    "django.forms" need not be in INSTALLED_APPS.
    """

    form_template_name = "core/forms/form.html"
    formset_template_name = "django/forms/formsets/div.html"
    field_template_name = "core/forms/field.html"
    bound_field_class = BootstrapBoundField

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        if template_name == self.form_template_name and "fields" in context:
            context = {**context, **error_summary_context(context["form"], context["fields"])}
        if template_name == widget_html.SELECT_TEMPLATE and widget_html.can_write(context):
            return widget_html.select_html(context)  # the same markup without an include per option
        return super().render(template_name, context, request=request)

    def get_template(self, template_name: str) -> Any:
        if template_name.startswith(PROJECT_TEMPLATES):
            return super().get_template(template_name)
        # Widget templates (Django's, django-filter's) include each other by name, so they are
        # all rendered by the engine that holds Django's built-in form templates.
        try:
            return _BUILTIN.get_template(template_name)
        except TemplateDoesNotExist:
            return super().get_template(template_name)


def bound_date_fields(form: forms.BaseForm) -> None:
    """Give every date and date-time field the year check of the API (1900-2100): a typo such as
    9999 or 0252 is refused beside the field, never stored."""
    for field in form.fields.values():
        if isinstance(field, forms.DateField | forms.DateTimeField) and (
            validate_year_range not in field.validators
        ):
            field.validators.append(validate_year_range)


class CleanTextFormMixin:
    """Every text field refuses control characters (core/text.py); every date lies within
    1900-2100 (core/api.py `validate_year_range`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        clean_text_fields(self)  # type: ignore[arg-type]
        bound_date_fields(self)  # type: ignore[arg-type]


class BaseForm(CleanTextFormMixin, forms.Form):
    """Base of every project form: Bootstrap rendering and no control characters in text."""

    bound_field_class = BootstrapBoundField


class BaseModelForm(CleanTextFormMixin, forms.ModelForm):
    """Base of every project model form: Bootstrap rendering and no control characters in text."""

    bound_field_class = BootstrapBoundField


def add_service_error(form: forms.BaseForm, exc: ValidationError | PermissionDenied) -> None:
    """A service's refusal on the form that was sent: beside its field when it names one the
    form has, else among the form's own errors (never a redirect to an empty form)."""
    if isinstance(exc, PermissionDenied):
        form.add_error(None, str(exc) or gettext(MESSAGE_FORBIDDEN))
        return
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)
