"""The filterset of the user list: name or username, role, active."""

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from sitrantib.accounts.models import User
from sitrantib.core.enums import Role
from sitrantib.core.filters import BaseFilterSet

SEARCH_MAX_LENGTH = 150
ACTIVE_CHOICES = (("1", _("Aktif")), ("0", _("Nonaktif")))


class UserFilter(BaseFilterSet):
    """Users by a name or username that starts with the text, by role, and active or not."""

    q = django_filters.CharFilter(
        method="filter_name", label=_("Nama atau nama pengguna"), max_length=SEARCH_MAX_LENGTH
    )
    role = django_filters.ChoiceFilter(choices=Role.choices, label=_("Peran"))
    active = django_filters.ChoiceFilter(
        choices=ACTIVE_CHOICES, method="filter_active", label=_("Status")
    )

    class Meta:
        model = User
        fields = ["q", "role", "active"]

    def filter_name(self, queryset: QuerySet[User], name: str, value: str) -> QuerySet[User]:
        words = value.split()
        condition = Q(username__istartswith=value.strip())
        for field in ("first_name", "last_name"):
            condition |= Q(**{f"{field}__istartswith": words[0] if words else value})
        return queryset.filter(condition)

    def filter_active(self, queryset: QuerySet[User], name: str, value: Any) -> QuerySet[User]:
        return queryset.filter(is_active=value == "1")
