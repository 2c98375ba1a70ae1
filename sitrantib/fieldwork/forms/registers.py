"""Forms of the Poskamling and Satgas registers: the record, its roster or members, list filters.

The desa is chosen from the user's scope: a select while the choices are one kecamatan's desa, a
search-as-you-type field for wider scopes. People (roster, members, the Satgas leader) are LINMAS
members found as typed (core.autocomplete), or a name written as is.
"""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sitrantib.core.autocomplete import ModelSearchField, limit_search_fields
from sitrantib.core.concurrency import VersionedFormMixin
from sitrantib.core.forms import BaseForm, BaseModelForm
from sitrantib.core.text import TextLimit
from sitrantib.fieldwork.enums import Equipment, PostCondition, Weekday
from sitrantib.fieldwork.forms.villages import village_field
from sitrantib.fieldwork.models import Post, TaskForce
from sitrantib.regions.models import Hamlet, Village

SEARCH_PEOPLE = "linmas.leaders"  # active LINMAS members the user may write for
MAX_COUNT = 10000


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def hamlet_choices(villages: QuerySet[Village]) -> list[tuple[Any, Any]]:
    """Dusun grouped by desa (one query), for a select."""
    grouped: dict[str, list[tuple[int, str]]] = {}
    names: dict[str, str] = {}
    for h in (
        Hamlet.objects.filter(village__in=villages.values("code"))
        .select_related("village")
        .order_by("village__name", "name", "pk")
    ):
        grouped.setdefault(h.village_id, []).append((h.pk, h.name))
        names[h.village_id] = h.village.name
    choices: list[tuple[Any, Any]] = [("", _("— tanpa dusun —"))]
    if len(grouped) == 1:
        return choices + next(iter(grouped.values()))
    return choices + [(names[code], rows) for code, rows in grouped.items()]


class CoordinatesMixin:
    """Latitude and longitude come together or not at all."""

    def clean_coordinates(self, cleaned: dict[str, Any]) -> None:
        lat, lon = cleaned.get("latitude"), cleaned.get("longitude")
        form: Any = self
        in_error = form.has_error("latitude") or form.has_error("longitude")
        if (lat is None) != (lon is None) and not in_error:
            form.add_error(
                "longitude" if lon is None else "latitude",
                _("Isi lintang dan bujur keduanya (klik peta), atau kosongkan keduanya."),
            )


class PostForm(CoordinatesMixin, VersionedFormMixin, BaseModelForm):
    """A Poskamling: on creation the desa is chosen; afterwards it stays."""

    equipment = forms.MultipleChoiceField(
        label=_("Perlengkapan"),
        choices=Equipment.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    hamlet = forms.TypedChoiceField(
        label=pgettext_lazy("satu dusun", "Dusun"), required=False, coerce=int, empty_value=None
    )

    class Meta:
        model = Post
        fields = (
            "name",
            "hamlet",
            "rw",
            "rt",
            "address",
            "latitude",
            "longitude",
            "condition",
            "is_active",
            "equipment",
            "equipment_note",
            "note",
        )
        widgets = {
            "rw": forms.TextInput(attrs={"inputmode": "numeric", "size": 4}),
            "rt": forms.TextInput(attrs={"inputmode": "numeric", "size": 4}),
            "latitude": forms.TextInput(attrs={"inputmode": "decimal"}),
            "longitude": forms.TextInput(attrs={"inputmode": "decimal"}),
            "note": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "latitude": _("Klik peta atau tekan “Ambil dari lokasi HP”. Contoh: -8.2345"),
        }

    def __init__(
        self, *args: Any, villages: QuerySet[Village] | None, hamlet_villages: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if villages is not None:
            self.fields = {
                "village": village_field(villages, required=True, label=_("Desa")),
                **self.fields,
            }
        hamlet_field: Any = self.fields["hamlet"]
        hamlet_field.choices = hamlet_choices(hamlet_villages)
        if self.instance.pk and self.instance.hamlet_id:
            self.initial["hamlet"] = self.instance.hamlet_id
        if self.instance.pk:
            self.initial["equipment"] = list(self.instance.equipment or [])

    def clean_hamlet(self) -> Hamlet | None:
        pk = self.cleaned_data.get("hamlet")
        if pk is None:
            return None
        hamlet = Hamlet.objects.filter(pk=pk).first()
        if hamlet is None:
            raise ValidationError(_("Dusun tidak ditemukan."))
        return hamlet

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.clean_coordinates(cleaned)
        village = cleaned.get("village") or (self.instance.village if self.instance.pk else None)
        hamlet = cleaned.get("hamlet")
        if village is not None and hamlet is not None and hamlet.village_id != village.code:
            self.add_error("hamlet", _("Dusun ini bukan dusun desa yang dipilih."))
        name = (cleaned.get("name") or "").strip()
        if village is not None and name:
            same = Post.objects.filter(village=village, name__iexact=name)
            if self.instance.pk:
                same = same.exclude(pk=self.instance.pk)
            if same.exists():
                self.add_error("name", _("Poskamling dengan nama ini sudah ada di desa ini."))
        return cleaned

    def _post_clean(self) -> None:
        # The hamlet is checked above; the model's own checks run in the service.
        hamlet = self.cleaned_data.pop("hamlet", None)
        super()._post_clean()  # type: ignore[misc]
        self.cleaned_data["hamlet"] = hamlet

    def post_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}


class PostFilterForm(BaseForm):
    """Filters of the Poskamling list (GET): desa, active, condition."""

    active = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Semua")), ("1", _("Aktif")), ("0", _("Tidak aktif"))],
    )
    condition = forms.ChoiceField(
        label=_("Kondisi"), required=False, choices=[("", _("Semua")), *PostCondition.choices]
    )

    def __init__(self, *args: Any, villages: QuerySet[Village], user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields = {
            "desa": village_field(villages, required=False, label=_("Desa")),
            **self.fields,
        }
        field = self.fields["desa"]
        if isinstance(field, forms.ModelChoiceField) and not isinstance(field, ModelSearchField):
            field.to_field_name = "code"
        limit_search_fields(self, user)

    def apply(self, posts: QuerySet[Post]) -> QuerySet[Post]:
        data = self.cleaned_data
        if data.get("desa") is not None:
            posts = posts.filter(village=data["desa"])
        if data.get("active") in ("0", "1"):
            posts = posts.filter(is_active=data["active"] == "1")
        if data.get("condition"):
            posts = posts.filter(condition=data["condition"])
        return posts


class VillageChoiceForm(BaseForm):
    """The first step of a new record for a wide scope: which desa."""

    def __init__(self, *args: Any, villages: QuerySet[Village], user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["desa"] = village_field(villages, required=True, label=_("Desa"))
        field = self.fields["desa"]
        if isinstance(field, forms.ModelChoiceField) and not isinstance(field, ModelSearchField):
            field.to_field_name = "code"
        limit_search_fields(self, user)


class PersonRowForm(BaseForm):
    """One person: a LINMAS member found as typed, or a name as written."""

    member = ModelSearchField(SEARCH_PEOPLE, label=_("Anggota LINMAS"), required=False)
    name = forms.CharField(
        label=_("atau nama (bukan anggota)"), max_length=TextLimit.NAME, required=False
    )

    def has_person(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return bool(data.get("member") or (data.get("name") or "").strip())


class DutyRowForm(PersonRowForm):
    """A row of the roster: a night, its group, one person (or none)."""

    weekday = forms.TypedChoiceField(
        label=_("Malam"),
        choices=[("", "—"), *Weekday.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    group_name = forms.CharField(label=_("Regu"), max_length=TextLimit.NAME, required=False)

    field_order = ("weekday", "group_name", "member", "name")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("weekday") is None and (
            self.has_person() or (cleaned.get("group_name") or "").strip()
        ):
            self.add_error("weekday", _("Pilih malam jaga untuk baris ini."))
        return cleaned


class MemberRowForm(PersonRowForm):
    """A row of a Satgas's member list."""

    position = forms.CharField(label=_("Jabatan"), max_length=60, required=False)
    rw = forms.CharField(label=_("RW"), max_length=3, required=False)

    field_order = ("member", "name", "position", "rw")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.has_person() and (
            (cleaned.get("position") or "").strip() or (cleaned.get("rw") or "").strip()
        ):
            self.add_error("name", _("Pilih anggota LINMAS atau tulis nama untuk baris ini."))
        return cleaned


class PeopleFormSet(forms.BaseFormSet):
    """Rows of people limited to what the user may choose."""

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def _construct_form(self, i: int, **kwargs: Any) -> Any:
        form = super()._construct_form(i, **kwargs)  # type: ignore[misc]
        limit_search_fields(form, self.user)
        return form

    @property
    def empty_form(self) -> Any:
        form = super().empty_form
        limit_search_fields(form, self.user)
        return form


EXTRA_ROWS = 6
MAX_ROWS = 200

DutyFormSet: Any = forms.formset_factory(
    DutyRowForm,
    formset=PeopleFormSet,
    extra=EXTRA_ROWS,
    max_num=MAX_ROWS,
    absolute_max=MAX_ROWS,
    validate_max=True,
)
MemberFormSet: Any = forms.formset_factory(
    MemberRowForm,
    formset=PeopleFormSet,
    extra=EXTRA_ROWS,
    max_num=MAX_ROWS,
    absolute_max=MAX_ROWS,
    validate_max=True,
)


class TaskForceForm(VersionedFormMixin, BaseModelForm):
    """A Satgas Keamanan Desa: on creation the desa is chosen (one Satgas per desa)."""

    leader_member = ModelSearchField(
        SEARCH_PEOPLE, label=_("Ketua (anggota LINMAS)"), required=False
    )

    class Meta:
        model = TaskForce
        fields = (
            "decree_number",
            "decree_date",
            "leader_member",
            "leader_name",
            "vest_count",
            "radio_count",
            "equipment_note",
            "is_active",
            "note",
        )
        widgets = {
            "decree_date": DateInput(),
            "vest_count": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
            "radio_count": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
            "note": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "leader_name": _("Isi bila ketua bukan anggota LINMAS."),
        }

    def __init__(
        self, *args: Any, villages: QuerySet[Village] | None, user: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if villages is not None:
            self.fields = {
                "village": village_field(villages, required=True, label=_("Desa")),
                **self.fields,
            }
        for name in ("vest_count", "radio_count"):
            field: Any = self.fields[name]
            field.validators.append(MaxValueValidator(MAX_COUNT))
            field.widget.attrs["max"] = MAX_COUNT
        limit_search_fields(self, user)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        village = cleaned.get("village")
        if village is not None and TaskForce.objects.filter(village=village).exists():
            self.add_error("village", _("Desa ini sudah memiliki Satgas Keamanan Desa."))
        member = cleaned.get("leader_member")
        target = village or (self.instance.village if self.instance.pk else None)
        if member is not None and target is not None and member.village_id != target.code:
            self.add_error(
                "leader_member",
                _("Ketua harus anggota LINMAS desa ini; tulis namanya saja bila bukan."),
            )
        return cleaned

    def task_force_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}
