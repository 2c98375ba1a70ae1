"""The field visit report form (kunjungan lapangan) with its team rows, and its edit values.

The shared part (desa, coordinates, photos, client id, offline options) is
`field_report.FieldReportForm`.
"""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from sitrantib.core.autocomplete import ModelSearchField, limit_search_fields, register_search
from sitrantib.core.filters import BoundedDateField
from sitrantib.core.forms import BaseForm
from sitrantib.core.text import TextLimit
from sitrantib.fieldwork.enums import ActivityType, Situation, VisitKind
from sitrantib.fieldwork.forms.field_report import (
    DateInput,
    FieldReportForm,
    TimeInput,
    VillageCheckboxes,
    VillageSelect,
    aware,
    label_name,
    label_with_village,
    village_map,
)
from sitrantib.fieldwork.models import Post, TaskForce
from sitrantib.fieldwork.services.visits import TeamMember, VisitInput
from sitrantib.regions.models import Institution
from sitrantib.regions.selectors import institutions_visible_to

SEARCH_INSTITUTIONS = "fieldwork.institutions"
TEAM_ROWS = 6  # rows of the visit team on the page; empty rows are ignored
RECOMMENDATION_LINES = 20

MESSAGE_END_BEFORE_START = gettext_noop("Waktu selesai tidak boleh sebelum waktu mulai.")
MESSAGE_REASON_REQUIRED = gettext_noop(
    "Situasi waspada atau rawan wajib disertai alasan penilaiannya."
)
MESSAGE_TEAM_NAME = gettext_noop("Tulis nama anggota tim bila instansi atau jabatannya diisi.")
MESSAGE_TOO_MANY_LINES = gettext_noop("Paling banyak %(count)d baris rekomendasi.")
MESSAGE_LINE_TOO_LONG = gettext_noop("Satu baris rekomendasi paling panjang %(count)d karakter.")


def _institution_label(institution: Institution) -> str:
    return institution.name


register_search(
    SEARCH_INSTITUTIONS,
    queryset_for=lambda user: institutions_visible_to(user=user).filter(is_active=True),
    label=_institution_label,
    search_fields=("name", "short_name"),
    ordering=("name", "pk"),
)


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
        post_field.label_from_instance = label_with_village if multi else label_name  # type: ignore[method-assign]
        post_field.widget.village_of = village_map(posts)
        forces = list(
            TaskForce.objects.filter(village__in=villages)
            .select_related("village")
            .order_by("village__name")
        )
        force_field = self.fields["task_force"]
        assert isinstance(force_field, forms.ModelChoiceField)
        force_field.queryset = TaskForce.objects.filter(pk__in=[f.pk for f in forces])
        force_field.widget.village_of = village_map(forces)
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
            visited_at=aware(day, data["visit_time"]),
            ended_at=aware(day, data["end_time"]) if data.get("end_time") else None,
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
