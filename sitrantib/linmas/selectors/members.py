"""Members in a user's scope, their staged imports, and the public card check."""

from typing import Any

from django.db.models import QuerySet

from sitrantib.core.models import ImportBatch
from sitrantib.core.scoping import Scope, scope_of
from sitrantib.linmas.models import Member
from sitrantib.linmas.selectors.access import can_read_members, can_write
from sitrantib.linmas.selectors.scope import restrict_village, villages_in_scope


def members_in_scope(*, scope: Scope) -> QuerySet[Member]:
    if not can_read_members(scope):
        return Member.objects.none()
    return restrict_village(Member.objects.select_related("village", "squad"), scope)


def members_visible_to(*, user: Any) -> QuerySet[Member]:
    return members_in_scope(scope=scope_of(user))


def members_writable_by(*, user: Any) -> QuerySet[Member]:
    scope = scope_of(user)
    if not can_write(scope):
        return Member.objects.none()
    return restrict_village(Member.objects.select_related("village", "squad"), scope)


MEMBER_IMPORT_KIND = "linmas.members"


def member_imports_of(*, user: Any) -> QuerySet[ImportBatch]:
    """A staged member import is visible only to its uploader, and only while its desa (the
    batch's `scope_key`) is writable by them."""
    scope = scope_of(user)
    if not can_write(scope) or getattr(user, "pk", None) is None:
        return ImportBatch.objects.none()
    writable = villages_in_scope(scope=scope).values("code")
    return ImportBatch.objects.filter(owner=user, kind=MEMBER_IMPORT_KIND, scope_key__in=writable)


def member_by_verification_code(code: str) -> Member | None:
    """Public card check: no scope, the random code is the secret."""
    return Member.objects.select_related("village__district").filter(verification_code=code).first()
