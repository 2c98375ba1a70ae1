"""Reads of accounts: the users an administrator manages. Scoping of users lives here only."""

from typing import Any

from django.db.models import Q, QuerySet

from sitrantib.accounts.models import User
from sitrantib.core.enums import Coverage
from sitrantib.core.scoping import scope_of


def users_manageable_by(*, user: Any) -> QuerySet[User]:
    """The users an administrator manages (docs/adr/0051-user-management-on-the-web.md).

    A national admin: every user. Otherwise the users of the kecamatan in their scope whose
    coverage is by role, and for a regency admin also the regency admins of their kabupaten.
    A user with a wider coverage than the administrator's is never theirs. Non-admins: none.
    """
    scope = scope_of(user)
    if not scope.is_admin:
        return User.objects.none()
    users = User.objects.all()
    if not getattr(user, "is_superuser", False):
        # Django-admin accounts are the superusers' own business (ADR 0051).
        users = users.exclude(is_superuser=True).exclude(is_staff=True)
    if scope.national:
        return users
    reach = Q(coverage=Coverage.BY_ROLE, district_id__in=sorted(scope.district_codes))
    if user.coverage == Coverage.REGENCY and user.regency_id:
        reach |= Q(coverage=Coverage.REGENCY, regency_id=user.regency_id)
    return users.filter(reach)


def user_list_for(*, user: Any) -> QuerySet[User]:
    """The list page's rows: with kecamatan, kabupaten and institution joined (one query)."""
    return users_manageable_by(user=user).select_related("district", "regency", "institution")
