"""`{% form_error_summary form %}`: the summary of a refused form laid out field by field.

`{{ form }}` renders the summary itself (core/forms/form.html); a template that places each
`{{ field.as_field_group }}` by hand puts this tag at the top of its <form> (docs/adr/0055).
"""

from typing import Any

from django import template

from sitrantib.core.forms import error_summary_context

register = template.Library()


@register.inclusion_tag("core/forms/error_summary.html")
def form_error_summary(form: Any) -> dict[str, Any]:
    """(anchor, label, message) of every field error of `form`, in the order of its fields."""
    return error_summary_context(form, [(field, field.errors) for field in form.visible_fields()])
