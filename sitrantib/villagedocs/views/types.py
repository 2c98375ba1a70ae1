"""Document types of a kecamatan (its administrator): its own types, editable, and the defaults,
read-only, each with its deadline rule in words and an example of the deadline it gives.

A kecamatan's own type with the code of a default replaces that default for the kecamatan
(services.types_for). Writes go through services.create_document_type / update_document_type.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sitrantib.core.concurrency import StaleVersion, form_stale
from sitrantib.core.forms import add_service_error
from sitrantib.villagedocs import services
from sitrantib.villagedocs.forms import DocumentTypeForm
from sitrantib.villagedocs.models import DocumentType
from sitrantib.villagedocs.views.common import (
    managed_or_choice,
    rule_example,
    rule_text,
    with_district,
)


def _described(types: list[DocumentType], year: int) -> list[dict[str, Any]]:
    return [{"type": t, "rule": rule_text(t), "example": rule_example(t, year)} for t in types]


@require_GET
@login_required
def type_list(request: HttpRequest) -> HttpResponse:
    chosen = managed_or_choice(request, "villagedocs:type_list", "types")
    if isinstance(chosen, HttpResponse):
        return chosen
    district = chosen
    year = timezone.localdate().year
    own = list(DocumentType.objects.filter(district=district).order_by("order", "name", "pk"))
    defaults = list(
        DocumentType.objects.filter(district__isnull=True).order_by("order", "name", "pk")
    )
    replaced = {t.code for t in own}
    return render(
        request,
        "villagedocs/type_list.html",
        {
            "district": district,
            "own": _described(own, year),
            "defaults": _described(defaults, year),
            "replaced": replaced,
            "year": year,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def type_create(request: HttpRequest) -> HttpResponse:
    chosen = managed_or_choice(request, "villagedocs:type_create", "types")
    if isinstance(chosen, HttpResponse):
        return chosen
    district = chosen
    form = DocumentTypeForm(request.POST or None, district=district)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.create_document_type(
                district=district, data=form.type_data(), actor=request.user
            )
        except (ValidationError, PermissionDenied) as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request, _("Jenis dokumen %(name)s tersimpan.") % {"name": created.name}
            )
            return redirect(with_district(reverse("villagedocs:type_list"), request, district))
    return render(
        request,
        "villagedocs/type_form.html",
        {"form": form, "district": district, "document_type": None},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def type_edit(request: HttpRequest, pk: int) -> HttpResponse:
    chosen = managed_or_choice(request, "villagedocs:type_list", "types")
    if isinstance(chosen, HttpResponse):
        return chosen
    district = chosen
    document_type = DocumentType.objects.filter(pk=pk, district=district).first()
    if document_type is None:
        raise Http404
    form = DocumentTypeForm(request.POST or None, instance=document_type, district=district)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_document_type(
                document_type=DocumentType.objects.get(pk=pk),
                changes=form.type_data(),
                actor=request.user,
                expected_version=form.expected_version,
            )
        except StaleVersion as exc:
            form_stale(form, exc)
        except (ValidationError, PermissionDenied) as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request,
                _("Jenis dokumen %(name)s tersimpan.") % {"name": form.cleaned_data["name"]},
            )
            return redirect(with_district(reverse("villagedocs:type_list"), request, district))
    saved = DocumentType.objects.get(pk=pk)
    year = timezone.localdate().year
    return render(
        request,
        "villagedocs/type_form.html",
        {
            "form": form,
            "district": district,
            "document_type": saved,
            "rule": rule_text(saved),
            "example": rule_example(saved, year),
        },
        status=400 if form.errors else 200,
    )
