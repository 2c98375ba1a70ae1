"""The visit and incident report forms of the field (views/field_forms.py).

Both work on a phone without a connection (docs/adr/0084): everything the form needs to be
filled in is on the page — the desa of the user's scope, the Poskamling, Satgas and dusun of
those desa (each option names its desa in `data-village`, and offline/field-form.js shows only
the chosen desa's) — so a page answered from the service worker's cache is complete. A report
carries a client-made id (`client_id`); the services return the first record for a resend.

`VisitForm.visit_input()` / `IncidentForm.incident_input()` give the services' data classes;
`save_report(...)` (views) stores the record and its photos all-or-nothing.
"""

import datetime as dt
import uuid
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, pgettext_lazy

from sitrantib.core.autocomplete import ModelSearchField, limit_search_fields, register_search
from sitrantib.core.concurrency import VersionedFormMixin
from sitrantib.core.filters import BoundedDateField
from sitrantib.core.formatting import parse_rupiah
from sitrantib.core.forms import BaseForm
from sitrantib.core.text import TextLimit, first_control_character
from sitrantib.fieldwork.enums import ActivityType, IncidentSource, Situation, VisitKind
from sitrantib.fieldwork.forms.villages import (
    MESSAGE_VILLAGE_OUTSIDE,
    SEARCH_WRITABLE_VILLAGES,
    is_wide,
    writable_villages,
)
from sitrantib.fieldwork.models import MAX_LOSS, IncidentCategory, Post, TaskForce
from sitrantib.fieldwork.services.incidents import IncidentInput
from sitrantib.fieldwork.services.photos import MAX_PHOTOS
from sitrantib.fieldwork.services.visits import TeamMember, VisitInput
from sitrantib.regions.models import Hamlet, Institution, Village
from sitrantib.regions.selectors import institutions_visible_to

SEARCH_INSTITUTIONS = "fieldwork.institutions"
TEAM_ROWS = 6  # rows of the visit team on the page; empty rows are ignored
RECOMMENDATION_LINES = 20

MESSAGE_END_BEFORE_START = gettext_noop("Waktu selesai tidak boleh sebelum waktu mulai.")
MESSAGE_COORDINATES_PAIR = gettext_noop("Isi lintang dan bujur keduanya, atau kosongkan keduanya.")
MESSAGE_REASON_REQUIRED = gettext_noop(
    "Situasi waspada atau rawan wajib disertai alasan penilaiannya."
)
MESSAGE_TEAM_NAME = gettext_noop("Tulis nama anggota tim bila instansi atau jabatannya diisi.")
MESSAGE_TOO_MANY_PHOTOS = gettext_noop("Paling banyak %(count)d foto per laporan.")
MESSAGE_TOO_MANY_LINES = gettext_noop("Paling banyak %(count)d baris rekomendasi.")
MESSAGE_LINE_TOO_LONG = gettext_noop("Satu baris rekomendasi paling panjang %(count)d karakter.")
MESSAGE_AMOUNT_TOO_LARGE = gettext_noop("Taksiran kerugian terlalu besar.")
MESSAGE_AMOUNT_NEGATIVE = gettext_noop("Taksiran kerugian tidak boleh negatif.")
MESSAGE_AMOUNT_WHOLE = gettext_noop("Tulis taksiran kerugian dalam rupiah utuh.")


def _institution_label(institution: Institution) -> str:
    return institution.name


register_search(
    SEARCH_INSTITUTIONS,
    queryset_for=lambda user: institutions_visible_to(user=user).filter(is_active=True),
    label=_institution_label,
    search_fields=("name", "short_name"),
    ordering=("name", "pk"),
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%H:%M", **kwargs)


class VillageOptionsMixin:
    """Options that carry their desa in `data-village` (field-form.js shows the chosen desa's)."""

    village_of: dict[str, str]

    def create_option(self, name: str, value: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option: dict[str, Any] = super().create_option(name, value, *args, **kwargs)  # type: ignore[misc]
        key = str(getattr(value, "value", value))
        village = getattr(self, "village_of", {}).get(key)
        if village:
            option["attrs"]["data-village"] = village
        return option


class VillageCheckboxes(VillageOptionsMixin, forms.CheckboxSelectMultiple):
    pass


class VillageSelect(VillageOptionsMixin, forms.Select):
    pass


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"accept": "image/jpeg,image/png,image/webp", **(attrs or {})})


class PhotosField(forms.FileField):
    """Several photos at once; each is checked by the photo service (core.uploads)."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        cleaned = [super(PhotosField, self).clean(f, initial) for f in files if f]
        if len(cleaned) > MAX_PHOTOS:
            raise ValidationError(_(MESSAGE_TOO_MANY_PHOTOS) % {"count": MAX_PHOTOS})
        return cleaned


def _aware(day: dt.date, time: dt.time | None) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, time or dt.time(0, 0)))


class FieldReportForm(VersionedFormMixin, BaseForm):
    """What the visit and incident forms share: desa, coordinates, photos and the client id."""

    village = forms.ModelChoiceField(
        label=_("Desa"),
        queryset=Village.objects.none(),
        error_messages={"invalid_choice": _(MESSAGE_VILLAGE_OUTSIDE)},
    )
    latitude = forms.DecimalField(
        label=_("Lintang"),
        required=False,
        max_digits=9,
        decimal_places=6,
        min_value=Decimal(-90),
        max_value=Decimal(90),
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )
    longitude = forms.DecimalField(
        label=_("Bujur"),
        required=False,
        max_digits=9,
        decimal_places=6,
        min_value=Decimal(-180),
        max_value=Decimal(180),
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )
    photos = PhotosField(
        label=_("Foto"),
        required=False,
        help_text=_("Boleh beberapa foto (JPEG, PNG, WEBP), paling besar 5 MB per foto."),
    )
    keep_photo_location = forms.BooleanField(
        label=_("Simpan lokasi foto"),
        required=False,
        help_text=_("Bila tidak dicentang, lokasi GPS di dalam foto dihapus."),
    )
    client_id = forms.UUIDField(widget=forms.HiddenInput(), required=False)

    def __init__(self, *args: Any, user: Any, editing: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.editing = editing
        villages = writable_villages(user)
        # The desa whose Poskamling, Satgas and dusun the page offers (all of a small scope,
        # only the chosen one of a wide scope: the script fetches another desa's on a change).
        self.option_villages = villages
        self.wide = editing is None and is_wide(villages)
        field = self.fields["village"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = villages
        if editing is not None:
            field.queryset = Village.objects.filter(code=editing.village_id)
            field.disabled = True
            self.initial.setdefault("village", editing.village_id)
            self.option_villages = field.queryset
            del self.fields["client_id"]
        elif self.wide:
            self.fields["village"] = ModelSearchField(
                SEARCH_WRITABLE_VILLAGES,
                label=_("Desa"),
                help_text=_("Ketik sedikitnya dua huruf nama desa, lalu pilih dari daftar."),
                error_messages={"invalid_choice": _(MESSAGE_VILLAGE_OUTSIDE)},
            )
            self.option_villages = villages.filter(code__in=[self._raw_village()])
            self.initial.setdefault("client_id", uuid.uuid4())
        else:
            codes = list(villages.values_list("code", flat=True)[:2])
            if len(codes) == 1:  # an operator: their own desa
                self.initial.setdefault("village", codes[0])
                field.empty_label = None
            self.initial.setdefault("client_id", uuid.uuid4())
        limit_search_fields(self, user)

    def _raw_village(self) -> str:
        """The desa code posted (or given as initial), as text; "" when none."""
        raw = self.data.get(self.add_prefix("village")) if self.is_bound else None
        if raw is None:
            raw = self.initial.get("village")
        text = str(raw or "").strip()[:20]
        return "" if first_control_character(text) is not None else text

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        lat, lon = data.get("latitude"), data.get("longitude")
        if (lat is None) != (lon is None) and not self.has_error("latitude"):
            self.add_error("longitude", _(MESSAGE_COORDINATES_PAIR))
        return data

    @property
    def chosen_village(self) -> Village:
        village = self.cleaned_data["village"]
        assert isinstance(village, Village)
        return village

    @property
    def photo_files(self) -> list[Any]:
        return list(self.cleaned_data.get("photos") or [])


def _name(obj: Any) -> str:
    return str(obj.name)


def _with_village(obj: Any) -> str:
    return f"{obj.name} ({obj.village.name})"


def _village_map(rows: Sequence[Any]) -> dict[str, str]:
    return {str(row.pk): row.village_id for row in rows}


class VisitForm(FieldReportForm):
    """A field visit report (kunjungan lapangan)."""

    kind = forms.ChoiceField(label=_("Jenis kunjungan"), choices=VisitKind.choices)
    visit_date = BoundedDateField(label=_("Tanggal kunjungan"), widget=DateInput())
    visit_time = forms.TimeField(label=_("Jam mulai"), widget=TimeInput())
    end_time = forms.TimeField(label=_("Jam selesai"), required=False, widget=TimeInput())
    place = forms.CharField(
        label=_("Tempat"),
        required=False,
        max_length=TextLimit.TITLE,
        help_text=_("Misalnya balai desa atau alamat pos."),
    )
    posts = forms.ModelMultipleChoiceField(
        label=_("Poskamling yang dikunjungi"),
        queryset=Post.objects.none(),
        required=False,
        widget=VillageCheckboxes(),
    )
    task_force = forms.ModelChoiceField(
        label=_("Satgas Keamanan Desa yang didampingi"),
        queryset=TaskForce.objects.none(),
        required=False,
        widget=VillageSelect(),
    )
    activity_types = forms.MultipleChoiceField(
        label=_("Jenis kegiatan (Permendagri 26/2020 Pasal 3 ayat 4)"),
        choices=ActivityType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(),
    )
    findings = forms.CharField(
        label=_("Temuan"),
        required=False,
        max_length=TextLimit.DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    situation = forms.ChoiceField(
        label=_("Situasi desa"),
        choices=Situation.choices,
        widget=forms.RadioSelect(),
    )
    situation_reason = forms.CharField(
        label=_("Alasan penilaian situasi"),
        required=False,
        max_length=TextLimit.SHORT_NOTE,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Wajib diisi bila situasi waspada atau rawan."),
    )
    recommendations = forms.CharField(
        label=_("Rekomendasi"),
        required=False,
        max_length=TextLimit.DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Satu rekomendasi per baris."),
    )

    field_order = [
        "village",
        "kind",
        "visit_date",
        "visit_time",
        "end_time",
        "posts",
        "task_force",
        "place",
        "activity_types",
        "findings",
        "situation",
        "situation_reason",
        "recommendations",
        "latitude",
        "longitude",
        "photos",
        "keep_photo_location",
        "client_id",
        "version",
    ]

    def __init__(self, *args: Any, user: Any, editing: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, editing=editing, **kwargs)
        villages = self.option_villages
        posts = list(
            Post.objects.filter(village__in=villages, is_active=True)
            .select_related("village")
            .order_by("village__name", "name", "pk")
        )
        if editing is not None:  # a post chosen earlier stays choosable
            posts += [p for p in editing.posts.all() if p not in posts]
        post_field = self.fields["posts"]
        assert isinstance(post_field, forms.ModelMultipleChoiceField)
        post_field.queryset = Post.objects.filter(pk__in=[p.pk for p in posts]).order_by(
            "village__name", "name", "pk"
        )
        multi = len({p.village_id for p in posts}) > 1
        post_field.label_from_instance = _with_village if multi else _name  # type: ignore[method-assign]
        post_field.widget.village_of = _village_map(posts)
        forces = list(
            TaskForce.objects.filter(village__in=villages)
            .select_related("village")
            .order_by("village__name")
        )
        force_field = self.fields["task_force"]
        assert isinstance(force_field, forms.ModelChoiceField)
        force_field.queryset = TaskForce.objects.filter(pk__in=[f.pk for f in forces])
        force_field.widget.village_of = _village_map(forces)
        self.team_forms = [
            TeamRowForm(self.data if self.is_bound else None, prefix=f"team-{i}", user=user)
            for i in range(TEAM_ROWS)
        ]
        if editing is not None and not self.is_bound:
            for row, member in zip(self.team_forms, editing.team.all(), strict=False):
                row.initial = {
                    "name": member.name,
                    "institution": member.institution_id,
                    "position": member.position,
                }

    def is_valid(self) -> bool:
        valid = super().is_valid()
        return all([valid, *(row.is_valid() for row in self.team_forms)])

    @property
    def errors_by_field(self) -> dict[str, list[str]]:
        """Every error of the form and its team rows, by field name (the JSON answer)."""
        found = {name: [str(m) for m in messages] for name, messages in self.errors.items()}
        for row in self.team_forms:
            for name, messages in row.errors.items():
                key = row.add_prefix(name) if name != "__all__" else row.prefix or "team"
                found[key] = [str(m) for m in messages]
        return found

    def clean_recommendations(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["recommendations"].splitlines()]
        lines = [line for line in lines if line]
        if len(lines) > RECOMMENDATION_LINES:
            raise ValidationError(_(MESSAGE_TOO_MANY_LINES) % {"count": RECOMMENDATION_LINES})
        if any(len(line) > TextLimit.SHORT_NOTE for line in lines):
            raise ValidationError(_(MESSAGE_LINE_TOO_LONG) % {"count": int(TextLimit.SHORT_NOTE)})
        return lines

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        situation = data.get("situation")
        if (
            situation in (Situation.WASPADA, Situation.RAWAN)
            and not (data.get("situation_reason") or "").strip()
        ):
            self.add_error("situation_reason", _(MESSAGE_REASON_REQUIRED))
        start, end = data.get("visit_time"), data.get("end_time")
        if start and end and end < start:
            self.add_error("end_time", _(MESSAGE_END_BEFORE_START))
        return data

    def visit_input(self) -> VisitInput:
        data = self.cleaned_data
        day = data["visit_date"]
        return VisitInput(
            kind=data["kind"],
            visited_at=_aware(day, data["visit_time"]),
            ended_at=_aware(day, data["end_time"]) if data.get("end_time") else None,
            situation=data["situation"],
            place=data["place"],
            activity_types=list(data["activity_types"]),
            findings=data["findings"],
            situation_reason=data["situation_reason"],
            latitude=data.get("latitude"),
            longitude=data.get("longitude"),
            posts=list(data["posts"]),
            task_force=data.get("task_force"),
            planned_activity=self.editing.planned_activity if self.editing else None,
            team=[row.member() for row in self.team_forms if row.member() is not None],  # type: ignore[misc]
            recommendations=data["recommendations"],
        )


def visit_initial(visit: Any) -> dict[str, Any]:
    """The edit form's values of a stored visit."""
    start = timezone.localtime(visit.visited_at)
    end = timezone.localtime(visit.ended_at) if visit.ended_at else None
    return {
        "kind": visit.kind,
        "visit_date": start.date(),
        "visit_time": start.time().replace(second=0, microsecond=0),
        "end_time": end.time().replace(second=0, microsecond=0) if end else None,
        "place": visit.place,
        "posts": [p.pk for p in visit.posts.all()],
        "task_force": visit.task_force_id,
        "activity_types": list(visit.activity_types or []),
        "findings": visit.findings,
        "situation": visit.situation,
        "situation_reason": visit.situation_reason,
        "recommendations": "\n".join(
            r.text for r in visit.recommendations.all() if r.action_item_id is None
        ),
        "latitude": visit.latitude,
        "longitude": visit.longitude,
    }


class TeamRowForm(BaseForm):
    """One person of the visit team: name, institution (searched as typed), position."""

    name = forms.CharField(label=_("Nama"), required=False, max_length=TextLimit.NAME)
    institution = ModelSearchField(SEARCH_INSTITUTIONS, label=_("Instansi"), required=False)
    position = forms.CharField(label=_("Jabatan"), required=False, max_length=100)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_search_fields(self, user)
        self.empty_permitted = True
        self.use_required_attribute = False

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not (data.get("name") or "").strip() and (
            data.get("institution") or (data.get("position") or "").strip()
        ):
            self.add_error("name", _(MESSAGE_TEAM_NAME))
        return data

    def member(self) -> TeamMember | None:
        data = getattr(self, "cleaned_data", {})
        name = (data.get("name") or "").strip()
        if not name:
            return None
        return TeamMember(
            name=name, institution=data.get("institution"), position=data.get("position") or ""
        )


class IncidentForm(FieldReportForm):
    """An incident report (kejadian)."""

    hamlet = forms.ModelChoiceField(
        label=pgettext_lazy("satu dusun", "Dusun"),
        queryset=Hamlet.objects.none(),
        required=False,
        widget=VillageSelect(),
    )
    place = forms.CharField(label=_("Tempat"), required=False, max_length=TextLimit.TITLE)
    occurred_date = BoundedDateField(label=_("Tanggal kejadian"), widget=DateInput())
    occurred_time = forms.TimeField(label=_("Jam kejadian"), widget=TimeInput())
    category = forms.ModelChoiceField(label=_("Kategori"), queryset=IncidentCategory.objects.none())
    description = forms.CharField(
        label=_("Uraian kejadian"),
        max_length=TextLimit.DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    affected_count = forms.IntegerField(
        label=_("Jumlah orang terdampak"),
        min_value=0,
        max_value=1_000_000,
        initial=0,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    losses = forms.CharField(
        label=_("Kerugian"),
        required=False,
        max_length=TextLimit.SHORT_NOTE,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Misalnya barang yang hilang atau rusak."),
    )
    loss_amount = forms.CharField(
        label=_("Taksiran kerugian (Rp)"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        help_text=_("Contoh: 15.000.000"),
    )
    source = forms.ChoiceField(
        label=_("Sumber laporan"), choices=IncidentSource.choices, initial=IncidentSource.VILLAGE
    )

    field_order = [
        "village",
        "hamlet",
        "place",
        "occurred_date",
        "occurred_time",
        "category",
        "description",
        "affected_count",
        "losses",
        "loss_amount",
        "source",
        "latitude",
        "longitude",
        "photos",
        "keep_photo_location",
        "client_id",
        "version",
    ]

    def __init__(self, *args: Any, user: Any, editing: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, editing=editing, **kwargs)
        villages = self.option_villages
        hamlets = list(
            Hamlet.objects.filter(village__in=villages)
            .select_related("village")
            .order_by("village__name", "name")
        )
        field = self.fields["hamlet"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Hamlet.objects.filter(pk__in=[h.pk for h in hamlets])
        multi = len({h.village_id for h in hamlets}) > 1
        field.label_from_instance = _with_village if multi else _name  # type: ignore[method-assign]
        field.widget.village_of = _village_map(hamlets)
        categories = IncidentCategory.objects.filter(is_active=True)
        if editing is not None:
            categories = IncidentCategory.objects.filter(
                pk__in=[*categories.values_list("pk", flat=True), editing.category_id]
            )
        category = self.fields["category"]
        assert isinstance(category, forms.ModelChoiceField)
        category.queryset = categories.order_by("order", "name")

    def clean_affected_count(self) -> int:
        return self.cleaned_data.get("affected_count") or 0

    def clean_loss_amount(self) -> Decimal | None:
        text = (self.cleaned_data.get("loss_amount") or "").strip()
        if not text:
            return None
        try:
            amount = parse_rupiah(text)
        except ValueError as exc:
            raise ValidationError(str(exc)) from None
        if amount < 0:
            raise ValidationError(_(MESSAGE_AMOUNT_NEGATIVE))
        if amount != amount.to_integral_value():
            raise ValidationError(_(MESSAGE_AMOUNT_WHOLE))
        if amount > MAX_LOSS:
            raise ValidationError(_(MESSAGE_AMOUNT_TOO_LARGE))
        return amount

    @property
    def errors_by_field(self) -> dict[str, list[str]]:
        return {name: [str(m) for m in messages] for name, messages in self.errors.items()}

    def incident_input(self) -> IncidentInput:
        data = self.cleaned_data
        return IncidentInput(
            category=data["category"],
            occurred_at=_aware(data["occurred_date"], data["occurred_time"]),
            description=data["description"],
            source=data["source"],
            hamlet=data.get("hamlet"),
            place=data["place"],
            affected_count=data["affected_count"],
            losses=data["losses"],
            loss_amount=data["loss_amount"],
            latitude=data.get("latitude"),
            longitude=data.get("longitude"),
        )


def incident_initial(incident: Any) -> dict[str, Any]:
    """The edit form's values of a stored incident."""
    when = timezone.localtime(incident.occurred_at)
    return {
        "hamlet": incident.hamlet_id,
        "place": incident.place,
        "occurred_date": when.date(),
        "occurred_time": when.time().replace(second=0, microsecond=0),
        "category": incident.category_id,
        "description": incident.description,
        "affected_count": incident.affected_count,
        "losses": incident.losses,
        "loss_amount": f"{incident.loss_amount:.0f}" if incident.loss_amount is not None else "",
        "source": incident.source,
        "latitude": incident.latitude,
        "longitude": incident.longitude,
    }
