"""The one filterset of the LINMAS register: the member list page, its exports and the API."""

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sitrantib.core.filters import BaseFilterSet, IdFilter
from sitrantib.linmas.enums import MemberStatus, Position
from sitrantib.linmas.models import Member

DECREE_CHOICES = (("ada", _("Sudah ber-SK")), ("belum", _("Belum ber-SK")))
CARD_CHOICES = (("berlaku", _("KTA berlaku")), ("tidak", _("KTA tidak berlaku")))
TRAINED_CHOICES = (("sudah", _("Sudah terlatih")), ("belum", _("Belum terlatih")))
# What a name search may hold (a name is at most 150 characters).
SEARCH_MAX_LENGTH = 150
VILLAGE_CODE_MAX_LENGTH = 13


class MemberFilter(BaseFilterSet):
    """Members by desa, status, position, squad, SK, card validity, training and name."""

    village = django_filters.CharFilter(
        field_name="village_id",
        label=_("Desa"),
        help_text=_("Kode desa"),
        max_length=VILLAGE_CODE_MAX_LENGTH,
    )
    desa = django_filters.CharFilter(
        field_name="village_id",
        label=_("Desa"),
        help_text=_("Kode desa (sama dengan village)"),
        max_length=VILLAGE_CODE_MAX_LENGTH,
    )
    status = django_filters.ChoiceFilter(
        choices=MemberStatus.choices,
        label=_("Status"),
        help_text=_("aktif | nonaktif | berhenti | meninggal"),
    )
    position = django_filters.ChoiceFilter(choices=Position.choices, label=_("Jabatan"))
    squad = IdFilter(field_name="squad_id", label=_("Regu"))
    decree = django_filters.ChoiceFilter(
        choices=DECREE_CHOICES, method="filter_decree", label=_("SK")
    )
    card = django_filters.ChoiceFilter(choices=CARD_CHOICES, method="filter_card", label=_("KTA"))
    trained = django_filters.ChoiceFilter(
        choices=TRAINED_CHOICES,
        method="filter_trained",
        label=_("Pelatihan"),
        help_text=_("sudah | belum: lulus pelatihan yang sudah selesai"),
    )
    q = django_filters.CharFilter(
        field_name="name", lookup_expr="icontains", label=_("Nama"), max_length=SEARCH_MAX_LENGTH
    )

    class Meta:
        model = Member
        fields = [
            "village", "desa", "status", "position", "squad", "decree", "card", "trained", "q",
        ]  # fmt: skip

    def filter_decree(self, queryset: QuerySet[Member], name: str, value: str) -> QuerySet[Member]:
        if value == "ada":
            return queryset.exclude(decree_number="")
        return queryset.filter(decree_number="")

    def filter_trained(self, queryset: QuerySet[Member], name: str, value: str) -> QuerySet[Member]:
        """Members who completed a counted training (`trained_on` set by the trainings module)."""
        return queryset.filter(trained_on__isnull=value != "sudah")

    def filter_card(self, queryset: QuerySet[Member], name: str, value: str) -> QuerySet[Member]:
        today = timezone.localdate()
        if value == "berlaku":
            return queryset.filter(card_valid_until__gte=today).exclude(card_number="")
        return queryset.filter(
            Q(card_valid_until__lt=today) | Q(card_valid_until__isnull=True) | Q(card_number="")
        )

    @property
    def chosen(self) -> dict[str, str]:
        """The filters as given in the query string (for the page's controls and links)."""
        data: Any = self.data or {}
        return {name: str(data.get(name, "") or "") for name in self.filters}
