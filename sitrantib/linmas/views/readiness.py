"""The readiness rule's parameters of a kecamatan and the desa's own targets (ADR 0015)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sitrantib.core.concurrency import StaleVersion, form_stale
from sitrantib.core.paging import page_by_key
from sitrantib.core.requests import AuthenticatedRequest
from sitrantib.core.scoping import Scope
from sitrantib.linmas import selectors, services
from sitrantib.linmas.forms import ReadinessRuleForm, ReadinessTargetForm
from sitrantib.linmas.models import ReadinessSettings
from sitrantib.linmas.views.common import apply_errors, page_scope
from sitrantib.regions.models import District

RULE_FORM = "rule"
TARGET_FORM = "target"


def rule_district(request: HttpRequest, scope: Scope) -> District | None:
    """The kecamatan whose rule a page shows: `?kecamatan=` (404 outside the scope), else the
    only kecamatan of the scope; None for a wide scope that chose none."""
    # A village operator reads the rule of its kecamatan too (not its other desa).
    districts = (
        District.objects.all()
        if scope.national
        else District.objects.filter(code__in=sorted(scope.district_codes))
    )
    code = request.GET.get("kecamatan", "")[:20]
    if code:
        return get_object_or_404(districts, code=code)
    if scope.national or len(scope.district_codes) != 1:
        return None
    return districts.filter(code=next(iter(scope.district_codes))).first()


def can_set_rule(request: HttpRequest, scope: Scope) -> bool:
    return scope.is_admin


@require_http_methods(["GET", "POST"])
@login_required
def readiness_rule(request: AuthenticatedRequest) -> HttpResponse:
    """The rule in one sentence, its parameters and the desa targets; administrators change
    them (each change audited, the kecamatan's readiness recounted at once)."""
    scope = page_scope(request)
    district = rule_district(request, scope)
    if district is None:
        return redirect("linmas:home")
    editable = can_set_rule(request, scope)
    settings_row = selectors.readiness_settings_of(district.code) or ReadinessSettings(
        district=district, members_per_rt=selectors.readiness_rule_for(district.code).members_per_rt
    )
    villages = selectors.villages_in_scope(scope=scope).filter(district=district)
    which = request.POST.get("form") if request.method == "POST" else None
    if which and not editable:
        raise PermissionDenied
    rule_form = ReadinessRuleForm(
        request.POST if which == RULE_FORM else None, instance=settings_row, prefix=RULE_FORM
    )
    target_form = ReadinessTargetForm(
        request.POST if which == TARGET_FORM else None,
        user=request.user,
        villages=villages,
        prefix=TARGET_FORM,
    )
    back = reverse("linmas:readiness_rule") + f"?kecamatan={district.code}"
    if which == RULE_FORM and rule_form.is_valid():
        try:
            services.set_readiness_rule(
                district=district,
                members_per_rt=rule_form.cleaned_data["members_per_rt"],
                default_target=rule_form.cleaned_data["default_target"],
                actor=request.user,
                expected_version=rule_form.expected_version,
            )
        except StaleVersion as exc:
            form_stale(rule_form, exc)
        except ValidationError as error:
            apply_errors(rule_form, error)
        else:
            messages.success(request, _("Aturan kesiapan tersimpan; kesiapan desa dihitung ulang."))
            return redirect(back)
    if which == TARGET_FORM and target_form.is_valid():
        village = target_form.cleaned_data["village"]
        try:
            if village.district_id != district.code:
                raise PermissionDenied
            services.set_readiness_target(
                village=village,
                members=target_form.cleaned_data["members"],
                note=target_form.cleaned_data["note"],
                actor=request.user,
            )
        except ValidationError as error:
            apply_errors(target_form, error)
        else:
            messages.success(request, _("Target desa tersimpan; kesiapan desa dihitung ulang."))
            return redirect(back)
    targets = page_by_key(
        request,
        selectors.targets_visible_to(scope=scope).filter(village__district=district),
        ordering=("village_id",),
    )
    rule = selectors.readiness_rule_for(district.code)
    return render(
        request,
        "linmas/readiness_rule.html",
        {
            "district": district,
            "rule": rule,
            "sentence": rule.sentence(),
            "rule_form": rule_form,
            "target_form": target_form,
            "targets": targets.rows,
            "page": targets,
            "editable": editable,
            "links": selectors.can_read_members(scope),
            "can_write": selectors.can_write(scope),
        },
    )
