"""The record of a held meeting: attendance, decisions and minutes."""

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from sitrantib.core.concurrency import StaleVersion, form_stale
from sitrantib.core.forms import add_service_error
from sitrantib.core.requests import AuthenticatedRequest
from sitrantib.meetings import services
from sitrantib.meetings.forms import AttendanceForm, DecisionForm, MinutesForm
from sitrantib.meetings.models import AgendaItem, Invitation, Meeting
from sitrantib.meetings.views.access import managed_meeting_for
from sitrantib.meetings.views.meetings import render_meeting_page
from sitrantib.regions.selectors import office_for_district


@require_POST
@login_required
def attendance_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = managed_meeting_for(request, pk)
    form = AttendanceForm(request.POST, district_code=meeting.district_id)
    if form.is_valid():
        try:
            services.record_attendance(
                meeting=meeting,
                actor=request.user,
                name=form.cleaned_data["name"],
                position=form.cleaned_data["position"],
                institution=form.cleaned_data["institution"],
            )
        except (ValidationError, PermissionDenied) as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Kehadiran tercatat."))
            return redirect(f"{meeting.get_absolute_url()}#kehadiran")
    return render_meeting_page(request, meeting, attendance_form=form)


@require_POST
@login_required
def attendance_all(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """ "Semua hadir": every invitee not yet listed goes on the attendance list at once."""
    meeting = managed_meeting_for(request, pk)
    added = services.mark_all_present(meeting=meeting, actor=request.user)
    messages.success(
        request,
        ngettext(
            "%(count)s undangan dicatat hadir.", "%(count)s undangan dicatat hadir.", len(added)
        )
        % {"count": len(added)},
    )
    return redirect(f"{meeting.get_absolute_url()}#kehadiran")


@require_POST
@login_required
def attendance_mark(request: AuthenticatedRequest, pk: int, invitation_pk: int) -> HttpResponse:
    """One tap per person: this invitee attended."""
    meeting = managed_meeting_for(request, pk)
    invitation = get_object_or_404(
        Invitation.objects.select_related("institution", "person", "meeting"),
        pk=invitation_pk,
        meeting=meeting,
    )
    services.mark_present(meeting=meeting, invitation=invitation, actor=request.user)
    messages.success(request, _("%(name)s dicatat hadir.") % {"name": invitation.institution.name})
    return redirect(f"{meeting.get_absolute_url()}#kehadiran")


@require_POST
@login_required
def decision_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = managed_meeting_for(request, pk)
    form = DecisionForm(request.POST, district_code=meeting.district_id)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.record_decision(
                meeting=meeting,
                text=data["text"],
                owner_institution=data["owner_institution"],
                owner_person=data["owner_person"],
                due_date=data["due_date"],
                actor=request.user,
            )
        except (ValidationError, PermissionDenied) as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Keputusan tercatat."))
            return redirect(f"{meeting.get_absolute_url()}#keputusan")
    return render_meeting_page(request, meeting, decision_form=form)


@require_http_methods(["GET", "POST"])
@login_required
def minutes_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = managed_meeting_for(request, pk)
    agenda_items = list(meeting.agenda_items.order_by("order", "pk"))
    office = office_for_district(district_code=meeting.district_id)
    form = MinutesForm(
        request.POST or None,
        agenda_items=agenda_items,
        signatories=office.signatories.order_by("role", "pk") if office else None,
        initial={
            "summary": meeting.minutes_summary,
            "minute_taker": meeting.minute_taker,
            "chair_signatory": meeting.chair_signatory_id,
            "version": meeting.version,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_minutes(
                meeting=meeting,
                summary=form.cleaned_data["summary"],
                minute_taker=form.cleaned_data["minute_taker"],
                discussions=form.discussions(),
                actor=request.user,
                expected_version=form.expected_version,
                agenda_versions=form.agenda_versions(),
                **(
                    {"chair_signatory": form.cleaned_data["chair_signatory"]}
                    if "chair_signatory" in form.fields
                    else {}
                ),
            )
        except StaleVersion as exc:
            form_stale(form, exc)
            _refresh_versions(form, meeting, agenda_items)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Notulen tersimpan."))
            return redirect(f"{meeting.get_absolute_url()}#keputusan")
    return render(request, "meetings/minutes_form.html", {"form": form, "meeting": meeting})


def _refresh_versions(form: MinutesForm, meeting: Meeting, agenda_items: list[AgendaItem]) -> None:
    """After a stale save, every hidden version (the meeting's and each agenda row's) moves to
    the current one, so saving again after checking is a deliberate overwrite. `form_stale`
    only knows the version of the record that was refused, which may be an agenda row.
    """
    # `form_stale` has just replaced the form's data by a mutable copy.
    data = cast("QueryDict | dict[str, Any]", form.data)
    data[form.add_prefix("version")] = str(
        Meeting.objects.values_list("version", flat=True).get(pk=meeting.pk)
    )
    current = dict(
        AgendaItem.objects.filter(pk__in=[row.pk for row in agenda_items]).values_list(
            "pk", "version"
        )
    )
    for pk, version in current.items():
        data[form.add_prefix(f"version_{pk}")] = str(version)
