"""Pages where the section writes its analysis of each indicator's achievement for the LKjIP
(docs/adr/0102).

- The list (`narrative_list`, ?kecamatan=CODE&year=YYYY): every indicator of the kecamatan's
  year with its target, realisation and achievement (from the indicators app) and the analysis
  written so far. Readers: the Camat, the section's administrator and the kecamatan staff of that
  kecamatan, and regency or national readers covering it (`performance.common.reads_performance`);
  a village operator or a partner gets 403; a kecamatan out of scope 404.
- The form (`narrative_edit`, one indicator definition): the section's administrator of that
  kecamatan only (`performance.narrative.can_write_narrative`); another reader of the kecamatan
  gets 403; an indicator of a kecamatan out of scope 404.
"""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sitrantib.core.concurrency import StaleVersion, form_stale
from sitrantib.core.forms import add_service_error
from sitrantib.core.scoping import Scope, scope_of
from sitrantib.indicators.models import IndicatorDefinition
from sitrantib.planning.selectors import reads_plans
from sitrantib.regions.models import District
from sitrantib.regions.search import DistrictChoiceForm
from sitrantib.reports.forms import NarrativeForm
from sitrantib.reports.models import IndicatorNarrative
from sitrantib.reports.performance.lkjip import achievement_rows
from sitrantib.reports.performance.narrative import can_write_narrative, save_narrative

MIN_YEAR, MAX_YEAR = 2000, 2100


def _reader_scope(request: HttpRequest) -> Scope:
    scope = scope_of(request.user)
    if scope.is_empty or not reads_plans(scope):
        raise PermissionDenied
    return scope


def _districts(scope: Scope) -> Any:
    if scope.national:
        return District.objects.order_by("name", "code")
    return District.objects.filter(code__in=sorted(scope.district_codes)).order_by("name", "code")


def _district(request: HttpRequest, scope: Scope) -> District | None:
    """?kecamatan= when in scope (404 otherwise); else the viewer's own or the scope's only one."""
    wanted = (request.GET.get("kecamatan") or "").strip()
    districts = _districts(scope)
    if wanted:
        district = districts.filter(code=wanted[:8]).first()
        if district is None:
            raise Http404
        return district
    own = getattr(request.user, "district_id", None)
    if own and scope.covers_district(own):
        return District.objects.filter(code=own).first()
    only = list(districts[:2])
    return only[0] if len(only) == 1 else None


def _year(request: HttpRequest) -> int:
    text = (request.GET.get("year") or "").strip()
    if text.isdigit() and len(text) == 4 and MIN_YEAR <= int(text) <= MAX_YEAR:
        return int(text)
    return timezone.localdate().year


def list_url(district_code: str, year: int) -> str:
    query = urlencode({"kecamatan": district_code, "year": year})
    return f"{reverse('reports:narrative_list')}?{query}"


@require_GET
@login_required
def narrative_list(request: HttpRequest) -> HttpResponse:
    """The year's indicators with their achievement and the section's analysis of each."""
    scope = _reader_scope(request)
    district = _district(request, scope)
    year = _year(request)
    this_year = timezone.localdate().year
    context: dict[str, Any] = {
        "district": district,
        "year": year,
        "years": sorted(set(range(this_year - 5, this_year + 2)) | {year}, reverse=True),
        "district_choice": DistrictChoiceForm(
            districts=_districts(scope), chosen=district, label=_("Kecamatan")
        )
        if scope.national or len(scope.district_codes) > 1
        else None,
        "rows": [],
        "can_write": False,
    }
    if district is not None:
        context["rows"] = achievement_rows(district.code, year)
        context["can_write"] = can_write_narrative(request.user, district.code)
    return render(request, "reports/narrative_list.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def narrative_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Write or change the analysis of one indicator of one year (the administrator)."""
    scope = _reader_scope(request)
    definitions = IndicatorDefinition.objects.select_related("district")
    if not scope.national:
        definitions = definitions.filter(district_id__in=sorted(scope.district_codes))
    definition = get_object_or_404(definitions, pk=pk)
    if not can_write_narrative(request.user, definition.district_id):
        raise PermissionDenied
    narrative = IndicatorNarrative.objects.filter(
        definition=definition
    ).first() or IndicatorNarrative(definition=definition)
    form = NarrativeForm(request.POST or None, instance=narrative)
    if request.method == "POST" and form.is_valid():
        try:
            save_narrative(
                definition=definition,
                data=form.narrative_data(),
                actor=request.user,
                expected_version=form.expected_version,
            )
        except StaleVersion as exc:
            form_stale(form, exc)
        except (ValidationError, PermissionDenied) as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Analisis capaian tersimpan."))
            return redirect(list_url(definition.district_id, definition.year))
    row = next(
        (
            r
            for r in achievement_rows(definition.district_id, definition.year)
            if r.definition.pk == definition.pk
        ),
        None,
    )
    return render(
        request,
        "reports/narrative_form.html",
        {
            "form": form,
            "definition": definition,
            "row": row,
            "back_url": list_url(definition.district_id, definition.year),
        },
        status=400 if form.errors else 200,
    )
