"""Field visits: the list, a visit's page (team, places, activities, findings, situation and its
resolution, recommendations into the follow-up ledger, photos, coordinates), the report PDF.

The create and edit forms live in views/field_forms.py (they work offline). Access
(fieldwork/access.py): a visit outside the viewer's scope is not found (404); the village operator
records its own desa (photos, resolution), the administrator of the kecamatan also puts
recommendations in the follow-up ledger; the Camat and the kecamatan staff read.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sitrantib.core.archive import issue_once
from sitrantib.core.archive_views import archived_response
from sitrantib.core.concurrency import StaleVersion, form_stale
from sitrantib.core.filters import filter_for_page
from sitrantib.core.forms import add_service_error
from sitrantib.core.models import DocumentFormat
from sitrantib.core.paging import page_by_key
from sitrantib.core.scoping import scope_of
from sitrantib.fieldwork import access, documents, selectors
from sitrantib.fieldwork.archive_kinds import VISIT_REPORT
from sitrantib.fieldwork.enums import ActivityType, Situation
from sitrantib.fieldwork.filters import VisitFilter
from sitrantib.fieldwork.forms.records import (
    PhotoForm,
    RecommendationActionForm,
    ResolveForm,
)
from sitrantib.fieldwork.models import Visit, VisitRecommendation
from sitrantib.fieldwork.services import visits as visit_services
from sitrantib.fieldwork.views.incidents import add_photo_from_form

VISIT_ORDERING = ("-visited_at", "-pk")
PAGE_SIZE = 50


def visit_for(request: HttpRequest, pk: int) -> Visit:
    """A visit of the viewer's scope with everything its page shows (404 outside the scope)."""
    visit = selectors.visit_detail(pk, scope_of(request.user))
    if visit is None:
        raise Http404
    return visit


def written_visit_for(request: HttpRequest, pk: int) -> Visit:
    """A visit the viewer records (404 outside the scope, 403 for a reader)."""
    visit = visit_for(request, pk)
    if not access.can_write_village(scope_of(request.user), visit.village_id):
        raise PermissionDenied
    return visit


# The list ----------------------------------------------------------------------------------------


@require_GET
@login_required
def visit_list(request: HttpRequest) -> HttpResponse:
    """The visits in scope, newest first, by period, desa, kind and situation, a page at a time."""
    scope = scope_of(request.user)
    if not access.can_read(scope):
        raise Http404
    filterset, visits = filter_for_page(
        VisitFilter, request=request, queryset=selectors.visits_for(scope)
    )
    page = page_by_key(request, visits, ordering=VISIT_ORDERING, page_size=PAGE_SIZE)
    return render(
        request,
        "fieldwork/visits/visit_list.html",
        {
            "form": filterset.form,
            "page": page,
            "visits": page.rows,
            "can_write": access.can_write_any(scope),
        },
        status=400 if filterset.form.errors else 200,
    )


# A visit's page ----------------------------------------------------------------------------------


def activity_labels(visit: Visit) -> list[str]:
    """The Permendagri 26/2020 labels of the visit's activity types, in the regulation's order."""
    known = {c.value: c.label for c in ActivityType}
    return [str(known[code]) for code in visit.activity_types if code in known]


def render_visit_page(
    request: HttpRequest,
    visit: Visit,
    *,
    resolve_form: ResolveForm | None = None,
    photo_form: PhotoForm | None = None,
    status: int = 200,
) -> HttpResponse:
    scope = scope_of(request.user)
    can_write = access.can_write_village(scope, visit.village_id)
    open_rawan = visit.situation == Situation.RAWAN and visit.resolved_on is None
    if resolve_form is None and can_write and open_rawan:
        resolve_form = ResolveForm(initial={"version": visit.version})
    if photo_form is None and can_write:
        photo_form = PhotoForm()
    context: dict[str, Any] = {
        "visit": visit,
        "activities": activity_labels(visit),
        "team": list(visit.team.all()),
        "posts": list(visit.posts.all()),
        "recommendations": list(visit.recommendations.all()),
        "photos": list(visit.photos.all()),
        "can_write": can_write,
        "can_manage": access.can_manage(scope, visit.district_id),
        "is_rawan": visit.situation == Situation.RAWAN,
        "resolve_form": resolve_form if open_rawan else None,
        "photo_form": photo_form,
        "photo_add_url": "fieldwork:visit_photo_add",
    }
    return render(request, "fieldwork/visits/visit_detail.html", context, status=status)


@require_GET
@login_required
def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_visit_page(request, visit_for(request, pk))


@require_POST
@login_required
def visit_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the day (and how) a situation judged rawan was dealt with."""
    visit = written_visit_for(request, pk)
    form = ResolveForm(request.POST)
    if form.is_valid():
        try:
            visit_services.resolve_visit(
                visit=Visit.objects.get(pk=visit.pk),
                on_date=form.cleaned_data["resolved_on"],
                note=form.cleaned_data["note"],
                actor=request.user,
                expected_version=form.expected_version,
            )
        except StaleVersion as exc:
            form_stale(form, exc)
        except (ValidationError, PermissionDenied) as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Penanganan situasi rawan tercatat."))
            return redirect(visit)
    return render_visit_page(request, visit_for(request, pk), resolve_form=form, status=400)


@require_POST
@login_required
def visit_photo_add(request: HttpRequest, pk: int) -> HttpResponse:
    visit = written_visit_for(request, pk)
    form = PhotoForm(request.POST, request.FILES)
    if add_photo_from_form(request, form, owner=visit):
        messages.success(request, _("Foto tersimpan."))
        return redirect(visit)
    return render_visit_page(request, visit, photo_form=form, status=400)


# Recommendation -> follow-up ledger --------------------------------------------------------------


def recommendation_for(request: HttpRequest, pk: int) -> VisitRecommendation:
    """A recommendation of a visit in scope (404 otherwise) the viewer may put in the ledger."""
    scope = scope_of(request.user)
    recommendation = get_object_or_404(
        VisitRecommendation.objects.select_related(
            "visit__village", "visit__district", "action_item"
        ).filter(visit__in=access.scoped(Visit.objects.all(), scope)),
        pk=pk,
    )
    if not access.can_manage(scope, recommendation.visit.district_id):
        raise PermissionDenied
    return recommendation


@require_http_methods(["GET", "POST"])
@login_required
def recommendation_action(request: HttpRequest, pk: int) -> HttpResponse:
    """Make a recommendation an action item: owner institution (searched as typed), an optional
    person of it, a due date. Once linked, the page sends the user to the visit."""
    recommendation = recommendation_for(request, pk)
    visit = recommendation.visit
    if recommendation.action_item_id is not None:
        messages.info(request, _("Rekomendasi ini sudah menjadi tindak lanjut."))
        return redirect(visit)
    form = RecommendationActionForm(request.POST or None, user=request.user, visit=visit)
    if request.method == "POST" and form.is_valid():
        try:
            visit_services.recommendation_to_action_item(
                recommendation=recommendation,
                owner_institution=form.cleaned_data["owner_institution"],
                owner_person=form.cleaned_data["owner_person"],
                due_date=form.cleaned_data["due_date"],
                actor=request.user,
            )
        except (ValidationError, PermissionDenied) as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Rekomendasi masuk daftar tindak lanjut."))
            return redirect(visit)
    return render(
        request,
        "fieldwork/visits/recommendation_action.html",
        {"form": form, "recommendation": recommendation, "visit": visit},
        status=400 if form.errors else 200,
    )


# The report --------------------------------------------------------------------------------------


@require_GET
@login_required
def visit_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The visit report (Laporan Hasil Kunjungan/Monitoring) ready to sign."""
    visit = visit_for(request, pk)
    # A visit on the server is submitted: its report is final and archived (core.archive).
    day = timezone.localtime(visit.visited_at).date()
    issued = issue_once(
        kind=VISIT_REPORT.key,
        title=f"Laporan kunjungan {visit.village.name} {day:%d-%m-%Y}",
        subject_key=f"visit:{visit.pk}",
        district_code=visit.district_id,
        fmt=DocumentFormat.PDF,
        filename=documents.visit_report_filename(visit),
        actor=request.user,
        render=lambda: documents.visit_report_pdf(visit),
        params={"village": visit.village_id},
    )
    return archived_response(request, issued, inline=True)
