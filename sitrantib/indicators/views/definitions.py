"""Definitions of a kecamatan's indicators: the list of a year, one definition with its values per
period, creating and changing one, seeding the year's from the plan (KAK), and the kecamatan's
achievement rules. The administrator manages; the other readers read (indicators/access.py)."""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sitrantib.core.concurrency import StaleVersion, form_stale
from sitrantib.core.forms import add_service_error
from sitrantib.core.scoping import Scope
from sitrantib.indicators import access, selectors, services
from sitrantib.indicators.calculators import CALCULATORS
from sitrantib.indicators.enums import ZeroTargetRule
from sitrantib.indicators.forms import DefinitionForm, SettingsForm
from sitrantib.indicators.models import IndicatorDefinition
from sitrantib.indicators.views.common import (
    actor_of,
    chosen_district,
    chosen_year,
    districts_of,
    grade_legend,
    grade_of,
    reader_scope,
    year_choices,
)
from sitrantib.regions.models import District
from sitrantib.regions.search import DistrictChoiceForm


def _district_or_404(request: HttpRequest, scope: Scope) -> District:
    district = chosen_district(request, scope)
    if district is None:
        raise Http404
    return district


def definition_for(request: HttpRequest, pk: int) -> tuple[Scope, IndicatorDefinition]:
    """A definition the viewer reads (404 for one of another kecamatan)."""
    scope = reader_scope(request)
    definition = get_object_or_404(
        IndicatorDefinition.objects.select_related("district", "plan_indicator__plan"), pk=pk
    )
    if not access.can_read(scope, definition.district_id):
        raise Http404
    return scope, definition


def _list_url(district: District, year: int) -> str:
    return (
        reverse("indicators:definition_list")
        + "?"
        + urlencode({"kecamatan": district.code, "year": year})
    )


@require_GET
@login_required
def definition_list(request: HttpRequest) -> HttpResponse:
    scope = reader_scope(request)
    district = _district_or_404(request, scope)
    year = chosen_year(request)
    definitions = list(
        selectors.definitions_of(district_code=district.code, year=year).select_related(
            "plan_indicator"
        )
    )
    for definition in definitions:
        calculator = CALCULATORS.get(definition.calculator)
        definition.calculator_name = calculator.name if calculator else ""  # type: ignore[attr-defined]
    return render(
        request,
        "indicators/definition_list.html",
        {
            "district": district,
            "year": year,
            "years": year_choices(year),
            "district_choice": (
                DistrictChoiceForm(
                    districts=districts_of(scope), chosen=district, label=_("Kecamatan")
                )
                if access.reads_across(scope)
                else None
            ),
            "definitions": definitions,
            "can_manage": access.can_manage(scope, district.code),
        },
    )


@require_GET
@login_required
def definition_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scope, definition = definition_for(request, pk)
    calculator = CALCULATORS.get(definition.calculator)
    periods = {}
    for kind in ("year", "quarter", "month"):
        rows = [
            r
            for r in selectors.values_for(
                district_code=definition.district_id, year=definition.year, kind=kind
            )
            if r.definition.pk == definition.pk
        ]
        values = rows[0].periods if rows else []
        periods[kind] = [{"value": v, "grade": grade_of(v.achievement)} for v in values]
    return render(
        request,
        "indicators/definition_detail.html",
        {
            "definition": definition,
            "district": definition.district,
            "year": definition.year,
            "calculator": calculator,
            "periods": periods,
            "legend": grade_legend(),
            "can_manage": access.can_manage(scope, definition.district_id),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def definition_create(request: HttpRequest) -> HttpResponse:
    scope = reader_scope(request)
    district = _district_or_404(request, scope)
    if not access.can_manage(scope, district.code):
        raise PermissionDenied
    year = chosen_year(request)
    form = DefinitionForm(
        request.POST or None,
        instance=IndicatorDefinition(district=district, year=year),
        district_code=district.code,
    )
    if request.method == "POST" and form.is_valid():
        try:
            definition = services.create_definition(
                district=district,
                year=form.cleaned_data["year"],
                data=form.definition_data(),
                actor=actor_of(request),
            )
        except (ValidationError, PermissionDenied) as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Indikator %(name)s tersimpan.") % {"name": definition})
            return redirect(definition)
    return render(
        request,
        "indicators/definition_form.html",
        {
            "form": form,
            "definition": None,
            "district": district,
            "year": year,
            "calculators": sorted(CALCULATORS.values(), key=lambda c: c.code),
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def definition_edit(request: HttpRequest, pk: int) -> HttpResponse:
    scope, definition = definition_for(request, pk)
    if not access.can_manage(scope, definition.district_id):
        raise PermissionDenied
    form = DefinitionForm(
        request.POST or None,
        instance=IndicatorDefinition.objects.get(pk=definition.pk),
        district_code=definition.district_id,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_definition(
                definition=definition,
                data=form.definition_data(),
                actor=actor_of(request),
                expected_version=form.expected_version,
            )
        except StaleVersion as exc:
            form_stale(form, exc)
        except (ValidationError, PermissionDenied) as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Indikator %(name)s tersimpan.") % {"name": definition})
            return redirect(definition)
    return render(
        request,
        "indicators/definition_form.html",
        {
            "form": form,
            "definition": definition,
            "district": definition.district,
            "year": definition.year,
            "calculators": sorted(CALCULATORS.values(), key=lambda c: c.code),
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def seed_from_plan(request: HttpRequest) -> HttpResponse:
    """The administrator creates the year's definitions from the plan's indicators: the KAK's
    get their calculators; running it again adds only what is missing."""
    scope = reader_scope(request)
    district = _district_or_404(request, scope)
    if not access.can_manage(scope, district.code):
        raise PermissionDenied
    year = chosen_year(request)
    error = ""
    if request.method == "POST":
        try:
            created = services.seed_from_plan(district=district, year=year, actor=actor_of(request))
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            if created:
                messages.success(
                    request,
                    _("%(n)d indikator dibuat dari KAK tahun %(year)d.")
                    % {"n": created, "year": year},
                )
            else:
                messages.info(
                    request,
                    _("Semua indikator KAK tahun ini sudah ada; tidak ada yang ditambahkan."),
                )
            return redirect(_list_url(district, year))
    existing = selectors.definitions_of(district_code=district.code, year=year).count()
    return render(
        request,
        "indicators/seed_confirm.html",
        {"district": district, "year": year, "existing": existing, "error": error},
        status=400 if error else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def settings_edit(request: HttpRequest) -> HttpResponse:
    """The kecamatan's rules for a target of 0 and for achievement above 100 %, explained."""
    scope = reader_scope(request)
    district = _district_or_404(request, scope)
    if not access.can_manage(scope, district.code):
        raise PermissionDenied
    current = services.settings_of(district)
    form = SettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_settings(
                district=district,
                data=form.settings_data(),
                actor=actor_of(request),
                expected_version=form.expected_version,
            )
        except StaleVersion as exc:
            form_stale(form, exc)
        except (ValidationError, PermissionDenied) as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Aturan capaian tersimpan; semua nilai dinilai ulang."))
            return redirect(
                reverse("indicators:settings") + "?" + urlencode({"kecamatan": district.code})
            )
    examples: list[dict[str, Any]] = [
        {"polarity": _("Positif"), "target": 7, "value": "6,5", "result": "92,86%"},
        {"polarity": _("Negatif"), "target": 7, "value": "6,5", "result": "107,14%"},
        {"polarity": _("Negatif"), "target": 8, "value": "9", "result": "87,5%"},
    ]
    return render(
        request,
        "indicators/settings_form.html",
        {
            "form": form,
            "district": district,
            "examples": examples,
            "zero_rules": ZeroTargetRule.choices,
            "legend": grade_legend(),
        },
        status=400 if form.errors else 200,
    )
