"""Forms of the LINMAS pages. Bootstrap classes come from the project's renderer (core/forms.py)."""

from typing import Any, cast

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, pgettext_lazy

from sitrantib.core.autocomplete import ModelSearchField, limit_search_fields
from sitrantib.core.concurrency import VersionedFormMixin
from sitrantib.core.formatting import format_date_id
from sitrantib.core.forms import BaseForm, BaseModelForm
from sitrantib.core.uploads import UploadKind, UploadValidator
from sitrantib.core.workflow import NOTE_MAX_LENGTH
from sitrantib.linmas.enums import MemberStatus
from sitrantib.linmas.models import EquipmentType, Member, ReadinessSettings
from sitrantib.linmas.registry import (
    SEARCH_LEADERS,
    SEARCH_WRITABLE_SQUADS,
    SEARCH_WRITABLE_VILLAGES,
)
from sitrantib.regions.models import Hamlet

# The largest count a PositiveIntegerField holds on every database.
MAX_COUNT = 2_147_483_647
MESSAGE_VILLAGE_REQUIRED = gettext_noop("Pilih desa regu baru.")
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def preselect_only_village(form: forms.BaseForm, villages: Any) -> None:
    """Choose the desa for the user who can write exactly one (a village operator)."""
    if form.is_bound or form.initial.get("village"):
        return
    codes = list(villages.values_list("code", flat=True)[:2])
    if len(codes) == 1:
        form.initial["village"] = codes[0]


class PhotoInput(forms.ClearableFileInput):
    """File input for a private photo: links to the scoped photo view, never to the file's URL.

    Private storage has no URL (`.url()` raises), so Django's ClearableFileInput cannot be used.
    """

    template_name = "linmas/widgets/photo_input.html"
    photo_url = ""

    def is_initial(self, value: Any) -> bool:
        return bool(value and getattr(value, "name", "") and self.photo_url)

    def get_context(self, name: str, value: Any, attrs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context(name, value, attrs)
        context["widget"]["photo_url"] = self.photo_url
        return context


class MemberForm(VersionedFormMixin, BaseModelForm):
    """Member data as typed; the rules (NIK, duplicates, squad of the desa) run in the service."""

    # Searched as the user types (issue 16 A2): no list of every desa or squad of the scope.
    village = ModelSearchField(SEARCH_WRITABLE_VILLAGES, label=_("Desa"))
    squad = ModelSearchField(SEARCH_WRITABLE_SQUADS, label=_("Regu"), required=False)
    nik = forms.CharField(
        label=_("NIK"),
        max_length=24,
        help_text=_("16 angka; spasi, titik dan tanda hubung boleh."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    # The KTA number is issued by SITRANTIB from the kecamatan's yearly serial (ADR 0106); the
    # number field is for an old card or one issued elsewhere.
    issue_card = forms.BooleanField(
        label=_("Terbitkan nomor KTA"),
        required=False,
        help_text=_(
            "Nomor diberikan SITRANTIB dari nomor urut kecamatan tahun ini; isi masa berlakunya "
            "dan kosongkan nomor KTA."
        ),
    )

    class Meta:
        model = Member
        fields = [
            "village", "nik", "name", "sex", "birth_place", "birth_date", "hamlet", "address",
            "rt", "rw", "resides_in_village", "phone", "education", "marital_status",
            "occupation", "position", "squad", "decree_number", "decree_date", "card_number",
            "issue_card", "card_valid_until", "photo",
        ]  # fmt: skip
        help_texts = {
            "card_number": _(
                "Hanya untuk KTA lama atau yang diterbitkan di luar SITRANTIB; nomor yang sudah "
                "dipakai anggota lain ditolak."
            )
        }
        widgets = {
            "birth_date": DATE_WIDGET,
            "decree_date": DATE_WIDGET,
            "card_valid_until": DATE_WIDGET,
            "phone": forms.TextInput(attrs={"inputmode": "tel"}),
            "rt": forms.TextInput(attrs={"inputmode": "numeric"}),
            "rw": forms.TextInput(attrs={"inputmode": "numeric"}),
            "photo": PhotoInput(attrs={"accept": "image/*"}),
        }

    def __init__(self, *args: Any, user: Any, villages: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_search_fields(self, user)
        hamlet_villages = (
            [self.instance.village_id] if self.instance.pk else villages.values("code")
        )
        hamlets = Hamlet.objects.filter(village__in=hamlet_villages).order_by("village", "name")
        if hamlets.exists():
            cast(forms.ModelChoiceField, self.fields["hamlet"]).queryset = hamlets
        else:
            # Only counts of dusun are recorded for this desa: an empty list would be useless.
            del self.fields["hamlet"]
        preselect_only_village(self, villages)
        if self.instance.pk:
            self.fields["village"].disabled = True
            self.fields["nik"].disabled = True
            if self.instance.card_number_issued:
                self.fields["card_number"].disabled = True
                self.fields["card_number"].help_text = _(
                    "Diterbitkan SITRANTIB pada %(date)s; tidak dapat diubah."
                ) % {"date": format_date_id(self.instance.card_issued_on)}
                del self.fields["issue_card"]
            photo_widget = cast(PhotoInput, self.fields["photo"].widget)
            photo_widget.photo_url = reverse("linmas:member_photo", kwargs={"pk": self.instance.pk})
        # Checked by content (a real JPEG/PNG/WEBP within the size limit), not by its name.
        self.fields["photo"].validators.append(UploadValidator(UploadKind.PHOTO))

    def _post_clean(self) -> None:
        """Model validation runs in the service (with the NIK rules), not here."""


class TransitionForm(VersionedFormMixin, BaseForm):
    """A status move; the reason is required by the workflow (its message names the status)."""

    status = forms.ChoiceField(label=_("Status baru"), choices=MemberStatus.choices)
    reason = forms.CharField(label=_("Alasan"), max_length=NOTE_MAX_LENGTH, required=False)
    on_date = forms.DateField(label=_("Tanggal"), required=False, widget=DATE_WIDGET)


class SquadForm(BaseForm):
    """A new squad or a change of one; the squad, desa and leader are searched as the user types
    (core.autocomplete), so no choice list holds every squad, desa or member (issue 16 A2)."""

    squad = ModelSearchField(
        SEARCH_WRITABLE_SQUADS,
        label=_("Regu yang diubah"),
        required=False,
        help_text=_("Kosongkan untuk regu baru; ketik nama regu atau desa untuk mengubah."),
    )
    village = ModelSearchField(
        SEARCH_WRITABLE_VILLAGES, label=_("Desa"), required=False, help_text=_("Untuk regu baru.")
    )
    name = forms.CharField(label=_("Nama regu"), max_length=100)
    order = forms.IntegerField(
        label=_("Urutan"), min_value=0, max_value=32767, initial=0, required=False
    )
    leader = ModelSearchField(
        SEARCH_LEADERS,
        label=_("Komandan regu"),
        required=False,
        help_text=_("Ketik sebagian nama anggota aktif desa regu."),
    )

    def __init__(self, *args: Any, user: Any, villages: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_search_fields(self, user)
        preselect_only_village(self, villages)

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        if not cleaned.get("squad") and not cleaned.get("village") and "village" not in self.errors:
            self.add_error("village", _(MESSAGE_VILLAGE_REQUIRED))
        return cleaned


class EquipmentForm(BaseForm):
    village = ModelSearchField(SEARCH_WRITABLE_VILLAGES, label=_("Desa"))
    item_type = forms.ModelChoiceField(
        queryset=EquipmentType.objects.filter(is_active=True), label=_("Jenis")
    )
    good = forms.IntegerField(label=_("Jumlah baik"), min_value=0, max_value=MAX_COUNT, initial=0)
    damaged = forms.IntegerField(
        label=_("Jumlah rusak"), min_value=0, max_value=MAX_COUNT, initial=0
    )
    required = forms.IntegerField(
        label=_("Jumlah kebutuhan"), min_value=0, max_value=MAX_COUNT, initial=0
    )
    note = forms.CharField(label=_("Catatan"), max_length=255, required=False)

    def __init__(self, *args: Any, user: Any, villages: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_search_fields(self, user)
        preselect_only_village(self, villages)


SMALL_DATE_WIDGET = forms.DateInput(
    attrs={"type": "date", "class": "form-control form-control-sm"}, format="%Y-%m-%d"
)


class IssueForm(BaseForm):
    """The small form beside a member's equipment list (hence the -sm widgets)."""

    item_type = forms.ModelChoiceField(
        queryset=EquipmentType.objects.filter(is_active=True),
        label=_("Jenis"),
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    quantity = forms.IntegerField(
        label=pgettext_lazy("quantity", "Jumlah"),
        min_value=1,
        max_value=32767,
        initial=1,
        widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}),
    )
    issued_on = forms.DateField(label=_("Tanggal diserahkan"), widget=SMALL_DATE_WIDGET)


class ImportForm(BaseForm):
    village = ModelSearchField(SEARCH_WRITABLE_VILLAGES, label=_("Desa"))
    file = forms.FileField(
        label=_("Berkas XLSX"), widget=forms.FileInput(attrs={"accept": ".xlsx"})
    )

    def __init__(self, *args: Any, user: Any, villages: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_search_fields(self, user)
        preselect_only_village(self, villages)


class ReadinessRuleForm(VersionedFormMixin, BaseModelForm):
    """The readiness rule's parameters of one kecamatan (ADR 0015)."""

    class Meta:
        model = ReadinessSettings
        fields = ["members_per_rt", "default_target"]
        widgets = {"members_per_rt": forms.NumberInput(attrs={"step": "0.01", "min": "0"})}

    def _post_clean(self) -> None:
        """Model validation runs in the service."""


class ReadinessTargetForm(BaseForm):
    """A desa's own target of active members; empty or 0 removes it."""

    village = ModelSearchField(SEARCH_WRITABLE_VILLAGES, label=_("Desa"))
    members = forms.IntegerField(
        label=_("Target anggota"),
        min_value=0,
        max_value=100_000,
        required=False,
        help_text=_("Kosongkan atau isi 0 untuk menghapus target desa."),
    )
    note = forms.CharField(
        label=_("Dasar penetapan"),
        max_length=255,
        required=False,
        help_text=_("Misalnya nomor SK Kepala Desa atau notulen rapat."),
    )

    def __init__(self, *args: Any, user: Any, villages: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_search_fields(self, user)
        preselect_only_village(self, villages)


class AnonymiseForm(BaseForm):
    """The request behind an anonymisation (docs/adr/0016) and the admin's confirmation."""

    reason = forms.CharField(
        label=_("Dasar permintaan"),
        max_length=NOTE_MAX_LENGTH,
        required=False,
        help_text=_("Misalnya tanggal dan nomor surat permohonan anggota."),
    )
    confirm = forms.BooleanField(
        label=_("Saya mengerti bahwa data pribadi ini dihapus dan tidak dapat dikembalikan."),
        required=False,
    )
