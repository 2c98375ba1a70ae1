from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET, require_http_methods

from sitrantib.core.concurrency import StaleVersion, form_stale
from sitrantib.core.filters import filter_for_page
from sitrantib.core.paging import page_by_key
from sitrantib.core.requests import AuthenticatedRequest
from sitrantib.core.scoping import scope_of
from sitrantib.regions.filters import VillageFilter
from sitrantib.regions.forms import (
    DistrictStatisticForm,
    OfficeProfileForm,
    SignatoryForm,
    VillageStatisticForm,
)
from sitrantib.regions.models import District, Signatory, Village, VillageBoundary, VillageStatistic
from sitrantib.regions.selectors import (
    boundaries_for,
    district_statistics,
    district_statistics_editable_by,
    districts_visible_to,
    latest_statistic,
    offices_visible_to,
    village_statistics_editable_by,
    villages_visible_to,
    villages_with_editable_statistics,
    villages_with_latest_statistics,
)
from sitrantib.regions.services import (
    OFFICE_FIELDS,
    SIGNATORY_FIELDS,
    STATISTIC_FIELDS,
    add_village_statistic,
    update_district_statistic,
    update_office_profile,
    update_signatory,
    update_village_statistic,
)
from sitrantib.regions.statistics import area_off_map, density_per_km2, summarise

MESSAGE_OFFICE_SAVED = gettext_noop("Profil kantor disimpan.")


def _district_for(request: AuthenticatedRequest) -> District | None:
    """The kecamatan a page shows: the one asked for (if in scope), else the user's own."""
    districts = districts_visible_to(user=request.user).select_related("regency")
    for wanted in (request.GET.get("kecamatan"), request.user.district_id):
        if wanted and (district := districts.filter(code=wanted).first()) is not None:
            return district
    # A user whose scope is a single kecamatan needs no choice.
    only = list(districts[:2])
    return only[0] if len(only) == 1 else None


@require_GET
@login_required
def home(request: AuthenticatedRequest) -> HttpResponse:
    """One kecamatan at a glance: its desa in a table and on a map, with their latest figures.

    Every desa of the kecamatan is shown (a few dozen at most): the computed totals are compared
    with the printed ones, so the table is not paged. The desa filter is the API's.
    """
    district = _district_for(request)
    if district is None:
        return _choose_district(request)
    village_filter, filtered = filter_for_page(
        VillageFilter,
        request=request,
        queryset=villages_with_latest_statistics(user=request.user).filter(district=district),
    )
    villages = list(filtered)
    # The printed totals are for the whole kecamatan: beside a filtered table they would mislead.
    whole = not any(request.GET.get(name) for name in village_filter.filters)
    rows = [(v, latest_statistic(v)) for v in villages]
    return render(
        request,
        "regions/home.html",
        {
            "rows": [(v, s, density_per_km2(s)) for v, s in rows],
            "summary": summarise([s for _v, s in rows if s is not None]),
            "district": district,
            "stated_totals": (
                list(district_statistics(district=district, user=request.user)) if whole else []
            ),
            "filter": village_filter,
            "sources": sorted({s.source for _v, s in rows if s is not None}, key=str),
            "map_tile_url": settings.SITRANTIB_MAP_TILE_URL,
            "map_tile_attribution": settings.SITRANTIB_MAP_TILE_ATTRIBUTION,
        },
    )


DISTRICT_PAGE_SIZE = 50
MAX_QUERY_LENGTH = 100


def _choose_district(request: HttpRequest) -> HttpResponse:
    """For users whose scope spans many kecamatan: find one by name or code, paged by key."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    districts = districts_visible_to(user=request.user).select_related("regency")
    if query:
        districts = districts.filter(Q(name__icontains=query) | Q(code__startswith=query))
    return render(
        request,
        "regions/choose_district.html",
        {
            "page": page_by_key(
                request, districts, ordering=("code",), page_size=DISTRICT_PAGE_SIZE
            ),
            "query": query,
        },
    )


@require_GET
@login_required
def village_detail(request: HttpRequest, code: str) -> HttpResponse:
    village = get_object_or_404(
        villages_visible_to(user=request.user).select_related("district__regency"), code=code
    )
    statistics = list(
        village.statistics.select_related("source").order_by("-year", "source__title")
    )
    boundary = VillageBoundary.objects.filter(village=village).first()
    return render(
        request,
        "regions/village_detail.html",
        {
            "village": village,
            "statistics": [(s, density_per_km2(s), area_off_map(s, boundary)) for s in statistics],
            "hamlets": list(village.hamlets.order_by("name")),
            "boundary": boundary,
            # An administrator corrects the figures of the desa of their kecamatan (and only they).
            "can_edit_statistics": scope_of(request.user).is_admin,
        },
    )


@require_GET
@login_required
def village_map_data(request: AuthenticatedRequest) -> JsonResponse:
    """GeoJSON of the desa in the viewer's scope, drawn as shapes (no tile server needed)."""
    villages = villages_visible_to(user=request.user)
    district = _district_for(request)
    if district is None:
        return JsonResponse({"type": "FeatureCollection", "features": []})
    villages = villages.filter(district=district)
    features = [
        {
            "type": "Feature",
            "geometry": b.geometry,
            "properties": {
                "code": b.village_id,
                "name": b.village.name,
                "url": b.village.get_absolute_url(),
                "centroid": [b.centroid_lon, b.centroid_lat],
            },
        }
        for b in boundaries_for(villages=villages).order_by("village_id")
    ]
    return JsonResponse({"type": "FeatureCollection", "features": features})


def _save_office(
    request: AuthenticatedRequest,
    form: OfficeProfileForm,
    signatory_forms: list[tuple[Signatory, SignatoryForm]],
) -> bool:
    """Save the letterhead and the signatories at once; False (nothing saved) when one is stale.

    The stale form shows who changed what (`form_stale`); every form keeps what was typed.
    """
    office = form.instance
    current: OfficeProfileForm | SignatoryForm = form
    try:
        with transaction.atomic():
            values = {k: v for k, v in form.cleaned_data.items() if k in OFFICE_FIELDS}
            update_office_profile(
                office=office,
                actor=request.user,
                values=values,
                expected_version=form.expected_version,
            )
            for signatory, sform in signatory_forms:
                current = sform
                update_signatory(
                    signatory=signatory,
                    actor=request.user,
                    values={k: v for k, v in sform.cleaned_data.items() if k in SIGNATORY_FIELDS},
                    expected_version=sform.expected_version,
                )
    except StaleVersion as exc:
        form_stale(current, exc)
        return False
    return True


@require_http_methods(["GET", "POST"])
@login_required
def office_edit(request: AuthenticatedRequest) -> HttpResponse:
    """Administrators keep the letterhead and the signatories of their own office up to date.

    Each form carries the version it was opened with; a save made after someone else's is
    refused with what they changed, and the typed values stay.
    """
    scope = scope_of(request.user)
    if not scope.is_admin:
        raise PermissionDenied
    district_code = request.GET.get("district") or request.user.district_id
    office = get_object_or_404(offices_visible_to(user=request.user), district_id=district_code)
    signatories = list(office.signatories.order_by("role"))
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    form = OfficeProfileForm(data, files, instance=office, prefix="office")
    signatory_forms = [
        (s, SignatoryForm(data, instance=s, prefix=f"signatory-{s.pk}")) for s in signatories
    ]
    if (
        request.method == "POST"
        and form.is_valid()
        and all(f.is_valid() for _s, f in signatory_forms)
        and _save_office(request, form, signatory_forms)
    ):
        messages.success(request, _(MESSAGE_OFFICE_SAVED))
        return redirect(f"{reverse('regions:office_edit')}?district={office.district_id}")
    return render(
        request,
        "regions/office_edit.html",
        {"form": form, "signatory_forms": signatory_forms},
    )


MESSAGE_DISTRICT_STATISTIC_SAVED = gettext_noop(
    "Jumlah tercetak Kecamatan %(district)s tahun %(year)s disimpan."
)
MESSAGE_STATISTIC_SAVED = gettext_noop(
    "Statistik desa %(village)s tahun %(year)s disimpan. Temuan kualitas data dihitung ulang "
    "dari angka yang baru."
)


def _next_url(request: HttpRequest, default: str) -> str:
    """Where to go after a save: the page the user came from (the data-quality page), if local."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return default


def _statistic_form_page(
    request: AuthenticatedRequest, *, village: Village, statistic: VillageStatistic | None
) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = VillageStatisticForm(data, instance=statistic)
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k in STATISTIC_FIELDS}
        try:
            if statistic is None:
                saved = add_village_statistic(village=village, values=values, actor=request.user)
            else:
                update_village_statistic(
                    statistic=statistic,
                    values=values,
                    actor=request.user,
                    expected_version=form.expected_version,
                )
                saved = statistic
        except StaleVersion as exc:
            form_stale(form, exc)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _(MESSAGE_STATISTIC_SAVED) % {"village": village.name, "year": saved.year}
            )
            return redirect(_next_url(request, village.get_absolute_url()))
    return render(
        request,
        "regions/statistic_form.html",
        {
            "village": village,
            "statistic": statistic,
            "form": form,
            "next": _next_url(request, ""),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def statistic_edit(request: AuthenticatedRequest, code: str, pk: int) -> HttpResponse:
    """An administrator corrects one year's figures of a desa of their own kecamatan (404 for
    anyone else); the save carries the version the form was opened with and is audited."""
    statistic = get_object_or_404(
        village_statistics_editable_by(user=request.user), village_id=code, pk=pk
    )
    return _statistic_form_page(request, village=statistic.village, statistic=statistic)


@require_http_methods(["GET", "POST"])
@login_required
def statistic_add(request: AuthenticatedRequest, code: str) -> HttpResponse:
    """An administrator records a desa's figures for a year and source it has none for."""
    village = get_object_or_404(
        villages_with_editable_statistics(user=request.user).select_related("district"), code=code
    )
    return _statistic_form_page(request, village=village, statistic=None)


@require_http_methods(["GET", "POST"])
@login_required
def district_statistic_edit(request: AuthenticatedRequest, code: str, pk: int) -> HttpResponse:
    """An administrator corrects the totals a source prints for their kecamatan (404 for anyone
    else); versioned and audited like a desa's figures."""
    statistic = get_object_or_404(
        district_statistics_editable_by(user=request.user), district_id=code, pk=pk
    )
    district = statistic.district
    back = f"{reverse('regions:home')}?kecamatan={district.code}"
    form = DistrictStatisticForm(
        request.POST if request.method == "POST" else None, instance=statistic
    )
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k in STATISTIC_FIELDS}
        try:
            update_district_statistic(
                statistic=statistic,
                values=values,
                actor=request.user,
                expected_version=form.expected_version,
            )
        except StaleVersion as exc:
            form_stale(form, exc)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _(MESSAGE_DISTRICT_STATISTIC_SAVED)
                % {"district": district.name, "year": statistic.year},
            )
            return redirect(_next_url(request, back))
    return render(
        request,
        "regions/district_statistic_form.html",
        {
            "district": district,
            "statistic": statistic,
            "form": form,
            "back": back,
            "next": _next_url(request, ""),
        },
    )
