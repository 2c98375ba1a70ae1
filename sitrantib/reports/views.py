"""The catalogue of official documents (/laporan/): what the user may make, and the recent issues.

Each document kind the user may make for their kecamatan (`ReportKind.readers`) has its form:
the year, the month for a monthly report, the format, and for a kabupaten or national reader the
kecamatan (a search field). Sending it queues the rendering in the background (`jobs`) and opens
the progress page, which offers the download when it is done (ADR 0104). Below, the documents of
the kecamatan issued most recently, from the archive.

The section's administrator, the Camat and the kecamatan staff open the page (and readers of a
wider coverage); a desa operator, a partner or a user without a kecamatan are refused (403).
"""

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, pgettext_lazy
from django.views.decorators.http import require_GET, require_POST

from sitrantib.core.archive import documents_visible_to
from sitrantib.core.autocomplete import ModelSearchField, register_search
from sitrantib.core.enums import Role
from sitrantib.core.forms import BaseForm
from sitrantib.core.models import DocumentFormat, IssuedDocument
from sitrantib.core.scoping import Scope, scope_of
from sitrantib.regions.models import District
from sitrantib.reports.catalogue import ReportKind, report_kind, report_kinds
from sitrantib.reports.jobs import start_document
from sitrantib.reports.services import MIN_YEAR, archive_kind_key, latest_year

RECENT_ISSUES = 20
# Kinds a wide-scope reader may make are judged on this many of its kecamatan.
SAMPLE_DISTRICTS = 20
READER_ROLES = frozenset({Role.TRANTIB_ADMIN, Role.CAMAT, Role.KECAMATAN_STAFF})
SEARCH_DISTRICTS = "reports.districts"

MESSAGE_YEAR_RANGE = gettext_noop("Tahun harus antara %(min)s dan %(max)s.")
MESSAGE_YEAR_NEEDED = gettext_noop("Isi tahun dokumen, misalnya %(year)s.")
MESSAGE_FORMAT = gettext_noop("Pilih salah satu format yang tersedia: %(formats)s.")
MESSAGE_MONTH = gettext_noop("Pilih bulan laporan.")
MESSAGE_DISTRICT = gettext_noop("Pilih kecamatan dokumen ini.")
MESSAGE_NOT_ALLOWED = gettext_noop(
    "Anda tidak berhak membuat dokumen ini untuk kecamatan tersebut."
)
MESSAGE_UNKNOWN_KIND = gettext_noop(
    "Jenis dokumen itu tidak dikenal. Pilih salah satu dokumen di bawah ini."
)


def _districts_in(scope: Scope) -> QuerySet[District]:
    if scope.national:
        return District.objects.order_by("name", "code")
    return District.objects.filter(code__in=sorted(scope.district_codes)).order_by("name", "code")


def _district_label(district: District) -> str:
    return f"{district.name} ({district.code})"


register_search(
    SEARCH_DISTRICTS,
    queryset_for=lambda user: _districts_in(scope_of(user)),
    label=_district_label,
    search_fields=("name",),
    code_field="code",
    ordering=("name", "code"),
)


def reader_scope(request: HttpRequest) -> Scope:
    """The viewer's scope when they may open the catalogue; else 403."""
    scope = scope_of(request.user)
    if scope.is_empty or not (scope.national or scope.role in READER_ROLES):
        raise PermissionDenied
    return scope


def is_wide(scope: Scope) -> bool:
    """A reader of more than one kecamatan chooses the kecamatan of each document."""
    return scope.national or len(scope.district_codes) > 1


def own_district_code(scope: Scope) -> str:
    """The only kecamatan of a narrow scope ("" for a wide one)."""
    return "" if is_wide(scope) else next(iter(scope.district_codes))


def kinds_for(user: Any, scope: Scope) -> list[ReportKind]:
    """The report kinds `user` may make: for their kecamatan, or for one of a wide scope's."""
    if is_wide(scope):
        codes = list(_districts_in(scope).values_list("code", flat=True)[:SAMPLE_DISTRICTS])
    else:
        codes = [own_district_code(scope)]
    return [k for k in report_kinds() if any(k.readers(user, code) for code in codes)]


def _format_label(fmt: str) -> str:
    try:
        return str(DocumentFormat(fmt).label)
    except ValueError:
        return fmt.upper()


class DocumentForm(BaseForm):
    """One document to make: its year (and month), format and, for a wide scope, kecamatan."""

    year = forms.IntegerField(
        label=_("Tahun"),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={"invalid": _("Tulis tahun dengan empat angka, misalnya 2020.")},
    )
    month = forms.TypedChoiceField(
        label=pgettext_lazy("bulan laporan", "Bulan"), coerce=int, required=False, choices=()
    )
    format = forms.ChoiceField(label=_("Format"), choices=(), widget=forms.RadioSelect)

    def __init__(self, *args: Any, kind: ReportKind, user: Any, wide: bool, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", kind.key)
        kwargs.setdefault("initial", {"year": timezone.localdate().year, "format": kind.formats[0]})
        super().__init__(*args, **kwargs)
        self.kind_spec = kind
        self.user = user
        labels = ", ".join(_format_label(f) for f in kind.formats)
        format_field = self.fields["format"]
        assert isinstance(format_field, forms.ChoiceField)
        format_field.choices = [(f, _format_label(f)) for f in kind.formats]
        format_field.error_messages["invalid_choice"] = _(MESSAGE_FORMAT) % {"formats": labels}
        format_field.error_messages["required"] = _(MESSAGE_FORMAT) % {"formats": labels}
        if kind.needs_month:
            month_field = self.fields["month"]
            assert isinstance(month_field, forms.TypedChoiceField)
            month_field.choices = [("", "—"), *MONTHS.items()]
            month_field.required = True
            month_field.error_messages["required"] = _(MESSAGE_MONTH)
            month_field.error_messages["invalid_choice"] = _(MESSAGE_MONTH)
            month_field.initial = timezone.localdate().month
        else:
            del self.fields["month"]
        self.fields["year"].error_messages["required"] = _(MESSAGE_YEAR_NEEDED) % {
            "year": timezone.localdate().year
        }
        if wide:
            district = ModelSearchField(
                SEARCH_DISTRICTS,
                label=_("Kecamatan"),
                help_text=_("Ketik sebagian nama kecamatan, lalu pilih."),
                error_messages={"required": _(MESSAGE_DISTRICT)},
            )
            district.limit_to(user)
            self.fields["kecamatan"] = district

    def clean_year(self) -> int:
        year: int = self.cleaned_data["year"]
        if not MIN_YEAR <= year <= latest_year():
            raise ValidationError(
                _(MESSAGE_YEAR_RANGE) % {"min": MIN_YEAR, "max": latest_year()}, code="range"
            )
        return year

    def district_code(self, scope: Scope) -> str:
        district = self.cleaned_data.get("kecamatan")
        return district.code if district is not None else own_district_code(scope)


def _archive_url(name: str, *args: Any) -> str | None:
    """The archive page `name` (core's archive pages) when it exists."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def recent_issues(user: Any) -> list[IssuedDocument]:
    """The newest documents of the catalogue the user may read in the archive (three queries:
    core.archive's reading rule, the rows, their kecamatan names)."""
    kinds = report_kinds()
    issued = (
        documents_visible_to(user=user)
        .filter(kind__in=[archive_kind_key(k.key) for k in kinds])
        .select_related("issued_by")
    )
    rows = list(issued.order_by("-issued_at", "-id")[:RECENT_ISSUES])
    titles = {archive_kind_key(k.key): k.title for k in kinds}
    names = dict(
        District.objects.filter(code__in={r.district_code for r in rows}).values_list(
            "code", "name"
        )
    )
    for row in rows:
        row.kind_title = titles.get(row.kind, row.kind)  # type: ignore[attr-defined]
        row.district_name = names.get(row.district_code, row.district_code)  # type: ignore[attr-defined]
        row.archive_url = _archive_url("core:archive_detail", row.pk)  # type: ignore[attr-defined]
    return rows


def _page(
    request: HttpRequest,
    scope: Scope,
    *,
    bound: DocumentForm | None = None,
    unknown_kind: bool = False,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    kinds = kinds_for(user, scope)
    wide = is_wide(scope)
    cards = []
    for kind in kinds:
        form = (
            bound
            if bound is not None and bound.kind_spec.key == kind.key
            else DocumentForm(kind=kind, user=user, wide=wide)
        )
        cards.append(
            {"kind": kind, "form": form, "formats": [_format_label(f) for f in kind.formats]}
        )
    district = None if wide else District.objects.filter(code=own_district_code(scope)).first()
    context = {
        "cards": cards,
        "district": district,
        "wide": wide,
        "recent": recent_issues(user),
        "unknown_kind": unknown_kind,
        "archive_url": _archive_url("core:archive_list"),
        "min_year": MIN_YEAR,
        "max_year": latest_year(),
    }
    return render(request, "reports/home.html", context, status=status)


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The catalogue: a form for each document the user may make, and the recent issues."""
    return _page(request, reader_scope(request))


@require_POST
@login_required
def make(request: HttpRequest) -> HttpResponse:
    """Queue one document and open its progress page; a refused form goes back to the page."""
    scope = reader_scope(request)
    user = request.user
    key = (request.POST.get("kind") or "").strip()[:50]
    try:
        kind = report_kind(key)
    except LookupError:
        return _page(request, scope, unknown_kind=True)
    if kind not in kinds_for(user, scope):
        return _page(request, scope, unknown_kind=True)
    form = DocumentForm(request.POST, kind=kind, user=user, wide=is_wide(scope))
    if form.is_valid():
        district_code = form.district_code(scope)
        if not kind.readers(user, district_code):
            form.add_error(
                "kecamatan" if "kecamatan" in form.fields else None, _(MESSAGE_NOT_ALLOWED)
            )
        else:
            job = start_document(
                user=user,
                key=kind.key,
                district_code=district_code,
                year=form.cleaned_data["year"],
                fmt=form.cleaned_data["format"],
                month=form.cleaned_data.get("month") or None,
            )
            return redirect("core:export_progress", pk=job.pk)
    return _page(request, scope, bound=form)
