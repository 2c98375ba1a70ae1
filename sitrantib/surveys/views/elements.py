"""The questionnaire's element set of a kecamatan."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sitrantib.core.requests import AuthenticatedRequest
from sitrantib.regions.search import DistrictChoiceForm
from sitrantib.surveys.forms import (
    ElementFormSet,
    ElementSetVersionForm,
)
from sitrantib.surveys.selectors import (
    default_elements_for,
    element_set_districts,
    has_own_element_set,
    weight_share,
)
from sitrantib.surveys.services import (
    ELEMENT_FIELDS,
    StaleElementSet,
    element_set_version,
    save_element_set,
)


@require_http_methods(["GET", "POST"])
@login_required
def element_set(request: AuthenticatedRequest) -> HttpResponse:
    """The section edits its kecamatan's default questionnaire (elements, labels, weights).

    Only new periods use it; a period keeps the copy it was created with.
    """
    districts = element_set_districts(user=request.user)
    code = request.GET.get("kecamatan") or ""
    district = districts.filter(code=code).first() if code else districts.first()
    if district is None:
        raise Http404
    current = default_elements_for(district=district)
    initial = [{name: getattr(e, name) for name in ELEMENT_FIELDS} for e in current]
    formset = ElementFormSet(request.POST or None, initial=initial, prefix="unsur")
    opened = ElementSetVersionForm(
        request.POST or None,
        initial={"opened": ElementSetVersionForm.encode(element_set_version(current))},
    )
    set_errors: list[str] = []
    if request.method == "POST" and formset.is_valid() and opened.is_valid():
        rows = [
            {name: form.cleaned_data[name] for name in ELEMENT_FIELDS}
            for form in formset.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        try:
            save_element_set(
                district=district,
                rows=rows,
                actor=request.user,
                expected=opened.cleaned_data["opened"],
            )
        except StaleElementSet as exc:
            set_errors = [exc.message]
            # Saving again after reading the message is a deliberate overwrite of their change.
            opened = ElementSetVersionForm(
                initial={"opened": ElementSetVersionForm.encode(exc.current)}
            )
        except ValidationError as exc:
            set_errors = exc.messages
        else:
            messages.success(
                request, _("Daftar unsur survei disimpan; dipakai untuk periode survei baru.")
            )
            return redirect(f"{request.path}?kecamatan={district.code}")
    return render(
        request,
        "surveys/element_set.html",
        {
            "district": district,
            # a select of a few kecamatan, a search field for a wide scope (regions/search.py)
            "district_choice": DistrictChoiceForm(
                districts=districts, chosen=district, label=_("Kecamatan")
            )
            if len(districts.order_by()[:2]) > 1
            else None,
            "formset": formset,
            "opened": opened,
            "set_errors": [*set_errors, *opened.errors.get("opened", [])],
            "own_set": has_own_element_set(district=district),
            "shares": [(e, weight_share(e, current)) for e in current],
        },
    )
