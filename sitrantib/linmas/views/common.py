"""The access helpers every LINMAS page uses: one scope check, one member lookup."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import urlencode

from sitrantib.core.scoping import Scope, scope_of
from sitrantib.linmas import selectors
from sitrantib.linmas.models import Member


def page_scope(request: HttpRequest, *, members: bool = False, write: bool = False) -> Scope:
    """The one access check: the viewer's scope, refused (403) when the role may not do this."""
    scope = scope_of(request.user)
    if write and not selectors.can_write(scope):
        raise PermissionDenied
    if members and not selectors.can_read_members(scope):
        raise PermissionDenied
    if not selectors.can_read_readiness(scope):
        raise PermissionDenied
    return scope


def member_for(request: HttpRequest, pk: int, *, write: bool = False) -> Member:
    """The member `pk` as the viewer may see it (or write it); 404 outside the scope."""
    if write:
        page_scope(request, write=True)
        return get_object_or_404(selectors.members_writable_by(user=request.user), pk=pk)
    page_scope(request, members=True)
    return get_object_or_404(selectors.members_visible_to(user=request.user), pk=pk)


def list_url(**query: str) -> str:
    return reverse("linmas:member_list") + "?" + urlencode(query)


def apply_errors(form: Any, error: ValidationError) -> None:
    """A service's ValidationError onto the form: each message beside its field."""
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)
