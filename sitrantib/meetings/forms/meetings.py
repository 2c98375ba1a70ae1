"""Forms of a meeting: the meeting itself, attendance, minutes, decisions, action items
and the ledger period."""

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sitrantib.core.concurrency import MAX_VERSION, VersionedFormMixin
from sitrantib.core.forms import BaseForm
from sitrantib.core.text import TextLimit, clean_text_fields
from sitrantib.meetings.enums import ActionStatus
from sitrantib.meetings.forms.widgets import DateInput, DateTimeInput
from sitrantib.meetings.minutes_text import validate_minutes_lines
from sitrantib.meetings.models import (
    DECISION_TEXT_LENGTH,
    ITEM_TEXT_LENGTH,
    AgendaItem,
    InstitutionPerson,
    Meeting,
    MeetingKind,
)
from sitrantib.meetings.selectors import invitable_institutions, invitable_people, meeting_kinds
from sitrantib.planning.enums import ActivityKind
from sitrantib.planning.models import PlannedActivity
from sitrantib.planning.selectors import linkable_activities, planned_activities_for
from sitrantib.regions.models import District, Institution, Signatory
from sitrantib.regions.search import offer_districts


class MeetingForm(VersionedFormMixin, BaseForm):
    district = forms.ModelChoiceField(
        label=_("Kecamatan"), queryset=District.objects.none(), required=False
    )
    kind = forms.ModelChoiceField(label=_("Jenis rapat"), queryset=MeetingKind.objects.none())
    title = forms.CharField(label=_("Judul"), max_length=200)
    starts_at = forms.DateTimeField(label=_("Mulai"), widget=DateTimeInput())
    ends_at = forms.DateTimeField(
        label=pgettext_lazy("meeting end", "Selesai"), widget=DateTimeInput(), required=False
    )
    venue = forms.CharField(label=_("Tempat"), max_length=200)
    chair = forms.CharField(label=_("Pimpinan rapat"), max_length=150, required=False)
    agenda = forms.CharField(
        label=_("Acara"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=TextLimit.DESCRIPTION,
        help_text=_("Satu acara per baris."),
    )
    planned_activity = forms.ModelChoiceField(
        label=_("Kegiatan dalam rencana kerja"),
        queryset=PlannedActivity.objects.none(),
        required=False,
        help_text=_("Kegiatan rencana kerja tahunan yang dilaksanakan oleh rapat ini."),
    )
    invited = forms.ModelMultipleChoiceField(
        label=_("Instansi yang diundang"),
        queryset=Institution.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    invited_people = forms.ModelMultipleChoiceField(
        label=_("Personel yang diundang (alamat undangan)"),
        queryset=InstitutionPerson.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Instansi personel yang dipilih ikut diundang."),
    )

    def __init__(
        self,
        *args: Any,
        district_code: str,
        districts: QuerySet[District] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        kind_field = self.fields["kind"]
        assert isinstance(kind_field, forms.ModelChoiceField)
        kind_field.queryset = meeting_kinds()
        invited_field = self.fields["invited"]
        assert isinstance(invited_field, forms.ModelMultipleChoiceField)
        invitable = invitable_institutions(district_code=district_code)
        already = self.initial.get("invited") or []
        if already:
            # An institution deactivated since it was invited stays on this meeting.
            invitable = (
                invitable | Institution.objects.filter(pk__in=already, district_id=district_code)
            ).distinct()
        invited_field.queryset = invitable
        people_field = self.fields["invited_people"]
        assert isinstance(people_field, forms.ModelMultipleChoiceField)
        people_field.queryset = invitable_people(district_code=district_code)
        self._offer_planned_activity(district_code)
        if districts is None:
            del self.fields["district"]
        else:
            self.fields["district"].required = True
            offer_districts(self, "district", districts)  # a search for a wide scope

    def _meeting_date(self) -> dt.date:
        """The date the meeting is planned for: as typed, else as it was, else today."""
        raw = self.data.get(self.add_prefix("starts_at")) if self.is_bound else None
        if raw:
            try:
                typed = self.fields["starts_at"].clean(raw)
            except ValidationError:
                typed = None
            if isinstance(typed, dt.datetime):
                return timezone.localtime(typed).date()
        initial = self.initial.get("starts_at")
        if isinstance(initial, dt.datetime):
            return (
                timezone.localtime(initial).date() if timezone.is_aware(initial) else initial.date()
            )
        return timezone.localdate()

    def _offer_planned_activity(self, district_code: str) -> None:
        """Offer the meeting activities of the year's plan (none: no field). A new meeting in a
        month where exactly one planned meeting activity falls gets it pre-selected."""
        field = self.fields["planned_activity"]
        assert isinstance(field, forms.ModelChoiceField)
        on_date = self._meeting_date()
        activities = linkable_activities(
            district_code=district_code, year=on_date.year, kind=ActivityKind.MEETING
        )
        linked = self.initial.get("planned_activity")
        if linked:
            activities = activities | PlannedActivity.objects.filter(pk=linked)
        if not activities.exists():
            del self.fields["planned_activity"]
            return
        field.queryset = activities.order_by("plan__year", "position", "pk")
        if not self.is_bound and "planned_activity" not in self.initial:
            fitting = planned_activities_for(
                district_code=district_code, on_date=on_date, kind=ActivityKind.MEETING
            )
            if len(fitting) == 1:
                self.initial["planned_activity"] = fitting[0].pk

    @staticmethod
    def initial_for(meeting: Meeting) -> dict[str, Any]:
        return {
            "planned_activity": meeting.planned_activity_id,
            "kind": meeting.kind_id,
            "title": meeting.title,
            "starts_at": timezone.localtime(meeting.starts_at),
            "ends_at": timezone.localtime(meeting.ends_at) if meeting.ends_at else None,
            "venue": meeting.venue,
            "chair": meeting.chair,
            "agenda": "\n".join(a.title for a in meeting.agenda_items.order_by("order", "pk")),
            "invited": list(meeting.invitations.values_list("institution_id", flat=True)),
            "invited_people": list(
                meeting.invitations.filter(person__isnull=False).values_list("person_id", flat=True)
            ),
        }

    def clean_agenda(self) -> str:
        """Each line becomes an agenda item: one too long is refused here, beside the agenda
        (the item's own check would name the meeting's title)."""
        agenda: str = self.cleaned_data["agenda"]
        check = MaxLengthValidator(AgendaItem._meta.get_field("title").max_length)
        for line in agenda.splitlines():
            check(line.strip())
        return agenda

    def agenda_lines(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["agenda"].splitlines() if line.strip()]


class AttendanceForm(VersionedFormMixin, BaseForm):
    name = forms.CharField(label=_("Nama"), max_length=150)
    position = forms.CharField(label=_("Jabatan"), max_length=150, required=False)
    institution = forms.ModelChoiceField(
        label=_("Mewakili instansi"), queryset=Institution.objects.none(), required=False
    )

    def __init__(self, *args: Any, district_code: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["institution"]
        assert isinstance(field, forms.ModelChoiceField)
        current = self.initial.get("institution")
        # A row naming an institution deactivated since keeps it when corrected.
        field.queryset = (
            invitable_institutions(district_code=district_code)
            | Institution.objects.filter(
                pk__in=[current] if current else [], district_id=district_code
            )
        ).distinct()


class MinutesForm(VersionedFormMixin, BaseForm):
    """The minutes: one discussion field per agenda item, a summary and the minute taker.

    Carries the meeting's version (`version`) and each agenda row's (`version_<pk>`).
    """

    minute_taker = forms.CharField(label=_("Notulis"), max_length=150, required=False)
    summary = forms.CharField(
        label=_("Ringkasan / catatan umum"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=TextLimit.MINUTES,
        validators=[validate_minutes_lines],
    )

    chair_signatory = forms.ModelChoiceField(
        label=_("Pimpinan rapat"),
        queryset=Signatory.objects.none(),
        required=False,
        empty_label=_("(belum dipilih)"),
        help_text=_(
            "Dipilih dari penandatangan kantor; notulen mencetak nama, pangkat/golongan dan NIP."
        ),
    )

    def __init__(
        self,
        *args: Any,
        agenda_items: list[AgendaItem],
        signatories: QuerySet[Signatory] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.agenda_items = agenda_items
        chair_field = self.fields["chair_signatory"]
        assert isinstance(chair_field, forms.ModelChoiceField)
        if signatories is None:
            del self.fields["chair_signatory"]
        else:
            chair_field.queryset = signatories
            chair_field.label_from_instance = _signatory_label  # type: ignore[method-assign,assignment]
        for row in agenda_items:
            self.fields[f"discussion_{row.pk}"] = forms.CharField(
                label=row.title,
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
                initial=row.discussion,
                max_length=TextLimit.MINUTES,
                validators=[validate_minutes_lines],
            )
            self.fields[f"version_{row.pk}"] = forms.IntegerField(
                widget=forms.HiddenInput,
                required=False,
                min_value=1,
                max_value=MAX_VERSION,
                initial=row.version,
            )
        clean_text_fields(self)

    def discussions(self) -> dict[int, str]:
        return {row.pk: self.cleaned_data[f"discussion_{row.pk}"] for row in self.agenda_items}

    def agenda_versions(self) -> dict[int, int]:
        """The version of each agenda row the form was opened with (rows that carried one)."""
        versions = {row.pk: self.cleaned_data.get(f"version_{row.pk}") for row in self.agenda_items}
        return {pk: v for pk, v in versions.items() if isinstance(v, int)}


def _signatory_label(signatory: Signatory) -> str:
    parts = [signatory.name or "…", signatory.get_role_display()]
    if signatory.rank:
        parts.append(signatory.rank)
    return " – ".join(parts)  # noqa: RUF001


class DecisionForm(BaseForm):
    text = forms.CharField(
        label=_("Keputusan"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=DECISION_TEXT_LENGTH,
    )
    owner_institution = forms.ModelChoiceField(
        label=_("Penanggung jawab tindak lanjut"),
        queryset=Institution.objects.none(),
        required=False,
    )
    owner_person = forms.ModelChoiceField(
        label=_("Personel penanggung jawab"),
        queryset=InstitutionPerson.objects.none(),
        required=False,
        help_text=_("Boleh kosong; harus dari instansi penanggung jawab."),
    )
    due_date = forms.DateField(label=_("Batas waktu"), widget=DateInput(), required=False)

    def __init__(self, *args: Any, district_code: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["owner_institution"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = invitable_institutions(district_code=district_code)
        person_field = self.fields["owner_person"]
        assert isinstance(person_field, forms.ModelChoiceField)
        person_field.queryset = invitable_people(district_code=district_code)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("owner_institution")) != bool(data.get("due_date")):
            raise forms.ValidationError(
                _("Isi penanggung jawab dan batas waktu bersama-sama, atau kosongkan keduanya.")
            )
        return data


class TransitionForm(VersionedFormMixin, BaseForm):
    status = forms.ChoiceField(label=_("Status baru"), choices=())
    note = forms.CharField(
        label=_("Catatan"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Wajib diisi sebagai alasan bila tindak lanjut dibatalkan."),
        max_length=TextLimit.SHORT_NOTE,
    )

    def __init__(self, *args: Any, targets: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["status"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(t, ActionStatus(t).label) for t in targets]
        if ActionStatus.CANCELLED not in targets:
            # The hint is about cancelling; it only confuses a role that cannot cancel.
            self.fields["note"].help_text = ""


class EvidenceForm(BaseForm):
    """Evidence of a follow-up; with `offer_complete`, also "done" in the same step."""

    file = forms.FileField(
        label=_("Foto atau dokumen"),
        required=False,
        help_text=_("JPG, PNG, WEBP atau PDF, paling besar 5 MB."),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp,application/pdf"}
        ),
    )
    note = forms.CharField(
        label=_("Catatan"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=ITEM_TEXT_LENGTH,
    )
    complete = forms.BooleanField(
        label=_("Tandai tindak lanjut selesai dengan bukti ini"),
        required=False,
    )

    def __init__(self, *args: Any, offer_complete: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not offer_complete:
            del self.fields["complete"]


class PeriodForm(BaseForm):
    start = forms.DateField(label=_("Dari tanggal"), widget=DateInput())
    end = forms.DateField(label=_("Sampai tanggal"), widget=DateInput())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError(_("Tanggal akhir tidak boleh sebelum tanggal awal."))
        return data

    @staticmethod
    def default_period(today: dt.date) -> tuple[dt.date, dt.date]:
        """The current year so far plus the rest of it: 1 January to 31 December."""
        return dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)
