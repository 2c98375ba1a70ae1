"""Meetings: the list, planning and changing one, its page and its numbered invitation."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sitrantib.core.concurrency import StaleVersion, form_stale
from sitrantib.core.filters import filter_for_page
from sitrantib.core.forms import add_service_error
from sitrantib.core.paging import page_by_key
from sitrantib.core.requests import AuthenticatedRequest
from sitrantib.meetings import services
from sitrantib.meetings.documents import meeting_context, meeting_time_text
from sitrantib.meetings.filters import MeetingFilter
from sitrantib.meetings.forms import AttendanceForm, DecisionForm, MeetingForm
from sitrantib.meetings.selectors import (
    MEETING_ORDERING,
    add_meeting_counts,
    can_manage_meetings,
    default_meeting_kind_id,
    meeting_list,
)
from sitrantib.meetings.views.access import error_text, managed_meeting_for, meeting_for
from sitrantib.regions.models import District
from sitrantib.regions.selectors import districts_visible_to

DEFAULT_KIND = "rapat_koordinasi"
MEETING_PAGE_SIZE = 50


@require_GET
@login_required
def meeting_list_view(request: HttpRequest) -> HttpResponse:
    """The meetings in scope, newest first, filtered by MeetingFilter, a page at a time."""
    filterset, meetings = filter_for_page(
        MeetingFilter, request=request, queryset=meeting_list(user=request.user)
    )
    page = page_by_key(request, meetings, ordering=MEETING_ORDERING, page_size=MEETING_PAGE_SIZE)
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "form": filterset.form,
            "page": page,
            "meetings": add_meeting_counts(page.rows, user=request.user),
            "can_manage": can_manage_meetings(user=request.user),
        },
    )


def _admin_district(request: HttpRequest) -> tuple[str, Any]:
    """The kecamatan a new meeting belongs to: the admin's own; a wide-coverage admin picks one."""
    user: Any = request.user
    if user.district_id:
        return user.district_id, None
    districts = districts_visible_to(user=user).order_by("code")
    chosen = request.POST.get("district") or request.GET.get("district") or ""
    if not chosen:
        first = districts.first()
        chosen = first.pk if first else ""
    return chosen, districts


@require_http_methods(["GET", "POST"])
@login_required
def meeting_create(request: AuthenticatedRequest) -> HttpResponse:
    if not can_manage_meetings(user=request.user):
        raise PermissionDenied
    district_code, districts = _admin_district(request)
    form = MeetingForm(
        request.POST or None,
        district_code=district_code,
        districts=districts,
        initial={
            "kind": default_meeting_kind_id(DEFAULT_KIND),
            "venue": _("Kantor Kecamatan"),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        district = data.get("district") or get_object_or_404(District, pk=district_code)
        try:
            meeting = services.create_meeting(
                district=district,
                kind=data["kind"],
                title=data["title"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                venue=data["venue"],
                chair=data["chair"],
                agenda=form.agenda_lines(),
                invited=list(data["invited"]),
                invited_people=list(data["invited_people"]),
                planned_activity=data.get("planned_activity"),
                actor=request.user,
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Rapat tersimpan."))
            return redirect(meeting)
    return render(request, "meetings/meeting_form.html", {"form": form, "meeting": None})


@require_http_methods(["GET", "POST"])
@login_required
def meeting_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = managed_meeting_for(request, pk)
    form = MeetingForm(
        request.POST or None,
        district_code=meeting.district_id,
        initial={**MeetingForm.initial_for(meeting), "version": meeting.version},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_meeting(
                meeting=meeting,
                kind=data["kind"],
                title=data["title"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                venue=data["venue"],
                chair=data["chair"],
                agenda=form.agenda_lines(),
                invited=list(data["invited"]),
                invited_people=list(data["invited_people"]),
                actor=request.user,
                expected_version=form.expected_version,
                planned_activity=(
                    data.get("planned_activity")
                    if "planned_activity" in form.fields
                    else services.KEEP
                ),
            )
        except StaleVersion as exc:
            form_stale(form, exc)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Rapat tersimpan."))
            return redirect(meeting)
    return render(request, "meetings/meeting_form.html", {"form": form, "meeting": meeting})


@require_GET
@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_meeting_page(request, meeting_for(request, pk))


def render_meeting_page(
    request: HttpRequest,
    meeting: Any,
    *,
    attendance_form: AttendanceForm | None = None,
    decision_form: DecisionForm | None = None,
) -> HttpResponse:
    """The meeting's page; a refused attendance or decision form comes back bound, with what
    was typed and its errors beside the fields (status 400), never as an empty form."""
    context = meeting_context(meeting=meeting, user=request.user)
    can_manage = can_manage_meetings(user=request.user)
    present = {row.institution_id for row in context["attendances"] if row.institution_id}
    for invitation in context["invitations"]:
        invitation.is_present = invitation.institution_id in present
    context.update(
        {
            "can_manage": can_manage,
            "time_text": meeting_time_text(meeting),
            "absent_count": len([i for i in context["invitations"] if not i.is_present]),
            "attendance_form": (
                attendance_form or AttendanceForm(district_code=meeting.district_id)
            )
            if can_manage
            else None,
            "decision_form": (decision_form or DecisionForm(district_code=meeting.district_id))
            if can_manage
            else None,
        }
    )
    refused = bool(
        (attendance_form is not None and attendance_form.errors)
        or (decision_form is not None and decision_form.errors)
    )
    return render(request, "meetings/meeting_detail.html", context, status=400 if refused else 200)


@require_POST
@login_required
def meeting_issue(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = managed_meeting_for(request, pk)
    try:
        meeting = services.issue_invitation(meeting=meeting, actor=request.user)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(
            request, _("Undangan bernomor %(number)s.") % {"number": meeting.letter_number}
        )
    return redirect(meeting)
