"""Django's select widget written in Python, byte for byte what its templates give.

Django renders a `<select>` through one template for the list and one include per option (and
one more include per option for its attributes): the 52 options of a filter form cost about
3 ms on the benchmark's machine, on every list page with a filter (docs/adr/0107). This writes
the same markup - the same whitespace, the same escaping and localisation as the templates -
in a loop. `core.forms.FormRenderer` uses it for "django/forms/widgets/select.html" when every
option uses Django's own option template; anything else goes through the templates as before.
core/tests/test_widget_html.py compares both outputs.
"""

from typing import Any

from django.template import Context
from django.template.base import render_value_in_context
from django.utils.safestring import SafeData, mark_safe

SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"

_CONTEXT = Context(autoescape=True)


def _text(value: Any) -> str:
    """`{{ value }}` in an autoescaping template."""
    return str(render_value_in_context(value, _CONTEXT))


def _as_s(value: Any) -> str:
    """`{{ value|stringformat:'s' }}`: safe input stays as it is, anything else is escaped."""
    formatted = "%s" % value  # noqa: UP031  # the filter's own formatting
    if isinstance(value, SafeData):
        formatted = mark_safe(formatted)  # noqa: S308  # nosec B308, B703  # was safe already
    return _text(formatted)


def _attrs(attrs: dict[str, Any]) -> str:
    """django/forms/widgets/attrs.html."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(" " + _text(name))
        if value is not True:
            parts.append('="' + _as_s(value) + '"')
    return "".join(parts)


def can_write(context: dict[str, Any]) -> bool:
    """Whether every option of the widget uses Django's own option template."""
    widget = context.get("widget")
    if not isinstance(widget, dict) or "optgroups" not in widget:
        return False
    return all(
        option.get("template_name") == OPTION_TEMPLATE
        for _name, options, _index in widget["optgroups"]
        for option in options
    )


def select_html(context: dict[str, Any]) -> str:
    """django/forms/widgets/select.html with its includes, for a `can_write` context."""
    widget = context["widget"]
    out = ['<select name="', _text(widget["name"]), '"', _attrs(widget["attrs"]), ">"]
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            out.append('\n  <optgroup label="' + _text(group_name) + '">')
        for option in options:
            out.append('\n  <option value="')
            out.append(_as_s(option["value"]))
            out.append('"' + _attrs(option["attrs"]) + ">")
            out.append(_text(option["label"]) + "</option>\n")
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>")  # the renderer strips the template's last newline
    return "".join(out)
