"""Web pages of meetings and the follow-up ledger. Thin: scope -> form -> one service call."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sitrantib.core.documents import render_pdf
from sitrantib.core.formatting import format_datetime_id, to_jakarta
from sitrantib.meetings import services
from sitrantib.meetings.enums import Mover
from sitrantib.meetings.forms import (
    ActionItemEditForm,
    AttendanceForm,
    DecisionEditForm,
    DecisionForm,
    EvidenceForm,
    LedgerFilterForm,
    MeetingForm,
    MinutesForm,
    NumberingForm,
    PeriodForm,
    PersonEditForm,
    PersonForm,
    TransitionForm,
)
from sitrantib.meetings.models import (
    ActionItem,
    LetterNumbering,
    Meeting,
)
from sitrantib.meetings.selectors import (
    action_items_visible_to,
    attendances_visible_to,
    can_manage_meetings,
    decisions_visible_to,
    default_meeting_kind_id,
    evidence_visible_to,
    follow_up_indicator,
    format_percent_id,
    institution_tallies,
    institutions_with_people,
    item_mover,
    ledger_items,
    ledger_owner_choices,
    meeting_list,
    meetings_visible_to,
    numbering_for,
    people_visible_to,
    with_follow_up_flags,
)
from sitrantib.regions.enums import SignatoryRole
from sitrantib.regions.models import District
from sitrantib.regions.selectors import (
    districts_visible_to,
    institutions_visible_to,
    office_for_district,
)

DEFAULT_KIND = "rapat_koordinasi"
LEDGER_LIMIT = 200
MEETING_LIMIT = 100


def _meeting_for(request: HttpRequest, pk: int) -> Meeting:
    """The one access helper for meetings: outside the viewer's scope -> 404."""
    return get_object_or_404(
        meetings_visible_to(user=request.user).select_related("kind", "district"), pk=pk
    )


def _managed_meeting_for(request: HttpRequest, pk: int) -> Meeting:
    meeting = _meeting_for(request, pk)
    if not can_manage_meetings(user=request.user):
        raise PermissionDenied
    return meeting


def _item_for(request: HttpRequest, pk: int) -> ActionItem:
    return get_object_or_404(
        with_follow_up_flags(
            action_items_visible_to(user=request.user), today=timezone.localdate()
        ).select_related(
            "meeting__district", "meeting__kind", "owner_institution", "owner_person", "decision"
        ),
        pk=pk,
    )


def _error_text(exc: ValidationError | PermissionDenied) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc) or _("Anda tidak berhak melakukan tindakan ini.")


# Ledger and indicator --------------------------------------------------------------------------


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The follow-up ledger: every item in scope, overdue first, with per-institution counts."""
    user = request.user
    form = LedgerFilterForm(
        request.GET or None,
        meetings=meetings_visible_to(user=user).order_by("-starts_at", "-pk"),
        owners=ledger_owner_choices(user=user),
    )
    filters: dict[str, Any] = {}
    if form.is_valid():
        filters = {
            "meeting_id": form.cleaned_data["meeting"].pk if form.cleaned_data["meeting"] else None,
            "owner_id": owner.pk if (owner := form.cleaned_data.get("owner")) else None,
            "status": form.cleaned_data["status"],
            "overdue_only": form.cleaned_data["overdue"],
        }
    items = list(ledger_items(user=user, **filters)[: LEDGER_LIMIT + 1])
    return render(
        request,
        "meetings/ledger.html",
        {
            "form": form,
            "items": items[:LEDGER_LIMIT],
            "truncated": len(items) > LEDGER_LIMIT,
            "limit": LEDGER_LIMIT,
            "tallies": institution_tallies(user=user),
            "owner_filter": "owner" in form.fields,
            "can_manage": can_manage_meetings(user=user),
        },
    )


@require_GET
@login_required
def indicator(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    start, end = PeriodForm.default_period(today)
    form = PeriodForm(request.GET or None, initial={"start": start, "end": end})
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    result = follow_up_indicator(user=request.user, start=start, end=end, today=today)
    return render(
        request,
        "meetings/indicator.html",
        {
            "form": form,
            "result": result,
            "value_text": format_percent_id(result.value),
        },
    )


# Meetings --------------------------------------------------------------------------------------


@require_GET
@login_required
def meeting_list_view(request: HttpRequest) -> HttpResponse:
    meetings = list(meeting_list(user=request.user)[: MEETING_LIMIT + 1])
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "meetings": meetings[:MEETING_LIMIT],
            "truncated": len(meetings) > MEETING_LIMIT,
            "can_manage": can_manage_meetings(user=request.user),
        },
    )


def _admin_district(request: HttpRequest) -> tuple[str, Any]:
    """The kecamatan a new meeting belongs to: the admin's own; a superuser picks one."""
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
def meeting_create(request: HttpRequest) -> HttpResponse:
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
                actor=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Rapat tersimpan."))
            return redirect(meeting)
    return render(request, "meetings/meeting_form.html", {"form": form, "meeting": None})


@require_http_methods(["GET", "POST"])
@login_required
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _managed_meeting_for(request, pk)
    form = MeetingForm(
        request.POST or None,
        district_code=meeting.district_id,
        initial=MeetingForm.initial_for(meeting),
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
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Rapat tersimpan."))
            return redirect(meeting)
    return render(request, "meetings/meeting_form.html", {"form": form, "meeting": meeting})


def _meeting_items(request: HttpRequest, meeting: Meeting) -> list[ActionItem]:
    """The meeting's follow-ups the viewer may see (a partner: only its own institution's)."""
    return list(
        with_follow_up_flags(
            action_items_visible_to(user=request.user).filter(meeting=meeting),
            today=timezone.localdate(),
        )
        .select_related("owner_institution", "owner_person")
        .order_by("decision__order", "due_date", "pk")
    )


def _meeting_context(request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    items = _meeting_items(request, meeting)
    items_by_decision: dict[int | None, list[ActionItem]] = {}
    for item in items:
        items_by_decision.setdefault(item.decision_id, []).append(item)
    decisions = list(meeting.decisions.order_by("order", "pk"))
    return {
        "meeting": meeting,
        "invitations": list(
            meeting.invitations.select_related("institution", "person").order_by(
                "institution__kind", "institution__name", "pk"
            )
        ),
        "agenda_items": list(meeting.agenda_items.order_by("order", "pk")),
        "attendances": list(meeting.attendances.select_related("institution").order_by("pk")),
        "decision_rows": [(d, items_by_decision.get(d.pk, [])) for d in decisions],
        "loose_items": items_by_decision.get(None, []),
        "items": items,
        "done_count": sum(1 for i in items if i.is_followed_up),  # type: ignore[attr-defined]
    }


@require_GET
@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for(request, pk)
    context = _meeting_context(request, meeting)
    can_manage = can_manage_meetings(user=request.user)
    context.update(
        {
            "can_manage": can_manage,
            "attendance_form": AttendanceForm(district_code=meeting.district_id)
            if can_manage
            else None,
            "decision_form": DecisionForm(district_code=meeting.district_id)
            if can_manage
            else None,
        }
    )
    return render(request, "meetings/meeting_detail.html", context)


@require_POST
@login_required
def meeting_issue(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _managed_meeting_for(request, pk)
    try:
        meeting = services.issue_invitation(meeting=meeting, actor=request.user)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(
            request, _("Undangan bernomor %(number)s.") % {"number": meeting.letter_number}
        )
    return redirect(meeting)


@require_POST
@login_required
def attendance_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _managed_meeting_for(request, pk)
    form = AttendanceForm(request.POST, district_code=meeting.district_id)
    if form.is_valid():
        try:
            services.record_attendance(meeting=meeting, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, _("Kehadiran tercatat."))
    else:
        messages.error(request, _("Nama peserta wajib diisi."))
    return redirect(f"{meeting.get_absolute_url()}#kehadiran")


@require_POST
@login_required
def decision_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _managed_meeting_for(request, pk)
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
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, _("Keputusan tercatat."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect(f"{meeting.get_absolute_url()}#keputusan")


@require_http_methods(["GET", "POST"])
@login_required
def minutes_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _managed_meeting_for(request, pk)
    agenda_items = list(meeting.agenda_items.order_by("order", "pk"))
    form = MinutesForm(
        request.POST or None,
        agenda_items=agenda_items,
        initial={"summary": meeting.minutes_summary, "minute_taker": meeting.minute_taker},
    )
    if request.method == "POST" and form.is_valid():
        services.save_minutes(
            meeting=meeting,
            summary=form.cleaned_data["summary"],
            minute_taker=form.cleaned_data["minute_taker"],
            discussions=form.discussions(),
            actor=request.user,
        )
        messages.success(request, _("Notulen tersimpan."))
        return redirect(f"{meeting.get_absolute_url()}#keputusan")
    return render(request, "meetings/minutes_form.html", {"form": form, "meeting": meeting})


# Documents -------------------------------------------------------------------------------------


# Blank rows of the attendance list for people who sign on paper: one per invitee not yet
# listed, at least MIN_BLANK_ROWS, and the list is padded to MIN_ATTENDANCE_ROWS so a small
# meeting's list and the signature block fit on one A4 page.
MIN_BLANK_ROWS = 2
MIN_ATTENDANCE_ROWS = 8


def attendance_blank_rows(attendances: int, invitations: int) -> range:
    blank = max(invitations - attendances, MIN_BLANK_ROWS, MIN_ATTENDANCE_ROWS - attendances)
    return range(attendances + 1, attendances + 1 + blank)


def meeting_time_text(meeting: Meeting) -> str:
    """The time line of a meeting's documents, under the weekday and date line.

    "09.00 WIB - selesai" without an end time, "09.00 - 11.30 WIB" with one on the same day and
    "09.00 WIB - 11 Februari 2026 pukul 12.00 WIB" when the meeting ends on another day (each
    dash printed as an en dash).
    """
    start = to_jakarta(meeting.starts_at)
    start_text = f"{start.hour:02d}.{start.minute:02d}"
    if meeting.ends_at is None:
        return _("%(start)s WIB – selesai") % {"start": start_text}  # noqa: RUF001
    end = to_jakarta(meeting.ends_at)
    if end.date() != start.date():
        text = _("%(start)s WIB – %(end)s")  # noqa: RUF001
        return text % {"start": start_text, "end": format_datetime_id(end)}
    end_text = f"{end.hour:02d}.{end.minute:02d}"
    return _("%(start)s – %(end)s WIB") % {"start": start_text, "end": end_text}  # noqa: RUF001


def _document_context(request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    office = office_for_district(district_code=meeting.district_id)
    signatory = None
    if office is not None:
        signatory = next(
            (s for s in office.signatories.all() if s.role == SignatoryRole.CAMAT), None
        )
    context = _meeting_context(request, meeting)
    context.update(
        {
            "office": office,
            "signatory": signatory,
            "signed_on": meeting.letter_date or timezone.localdate(),
            "time_text": meeting_time_text(meeting),
            "blank_rows": attendance_blank_rows(
                len(context["attendances"]), len(context["invitations"])
            ),
        }
    )
    return context


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_GET
@login_required
def meeting_pdf(request: HttpRequest, pk: int, document: str) -> HttpResponse:
    """Invitation, attendance list, minutes or meeting report as PDF."""
    templates = {
        "undangan": "meetings/pdf/invitation.html",
        "daftar-hadir": "meetings/pdf/attendance.html",
        "notulen": "meetings/pdf/minutes.html",
        "laporan": "meetings/pdf/report.html",
    }
    if document not in templates:
        raise Http404
    meeting = _meeting_for(request, pk)
    content = render_pdf(templates[document], _document_context(request, meeting))
    return _pdf_response(content, f"{document}-{meeting.pk}.pdf")


# Follow-ups ------------------------------------------------------------------------------------


def _item_context(request: HttpRequest, item: ActionItem, **extra: Any) -> dict[str, Any]:
    mover = item_mover(user=request.user, item=item)
    targets = services.allowed_targets(status=item.status, mover=mover)
    context: dict[str, Any] = {
        "item": item,
        "evidence": list(item.evidence.order_by("created_at", "pk")),
        "transitions": list(item.transitions.select_related("actor").order_by("at", "pk")),
        "can_update": mover is not None,
        "can_manage": mover == Mover.ADMIN,
        "transition_form": TransitionForm(targets=targets) if targets else None,
        "evidence_form": EvidenceForm() if mover is not None else None,
    }
    context.update(extra)
    return context


@require_GET
@login_required
def action_item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item_for(request, pk)
    return render(request, "meetings/action_item_detail.html", _item_context(request, item))


@require_POST
@login_required
def action_item_transition(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item_for(request, pk)
    mover = item_mover(user=request.user, item=item)
    if mover is None:
        raise PermissionDenied
    form = TransitionForm(
        request.POST, targets=services.allowed_targets(status=item.status, mover=mover)
    )
    if form.is_valid():
        try:
            services.transition_action_item(
                item=item,
                to_status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                actor=request.user,
            )
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, _error_text(exc))
        else:
            messages.success(request, _("Status tindak lanjut diperbarui."))
            return redirect(item)
    return render(
        request,
        "meetings/action_item_detail.html",
        _item_context(request, item, transition_form=form),
        status=400,
    )


@require_POST
@login_required
def action_item_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item_for(request, pk)
    if item_mover(user=request.user, item=item) is None:
        raise PermissionDenied
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_evidence(
                item=item,
                note=form.cleaned_data["note"],
                file=form.cleaned_data["file"],
                actor=request.user,
            )
        except ValidationError as exc:
            form.add_error("file" if form.cleaned_data["file"] else None, exc)
        else:
            messages.success(request, _("Bukti tersimpan."))
            return redirect(item)
    return render(
        request,
        "meetings/action_item_detail.html",
        _item_context(request, item, evidence_form=form),
        status=400,
    )


@require_GET
@login_required
def evidence_file(request: HttpRequest, pk: int) -> FileResponse:
    """Serve an evidence file only to users who may see its item (no public media URL)."""
    evidence = get_object_or_404(evidence_visible_to(user=request.user), pk=pk)
    response = FileResponse(
        evidence.file.open("rb"),
        content_type=evidence.content_type or "application/octet-stream",
        filename=evidence.original_name or evidence.file.name.rsplit("/", 1)[-1],
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = (
        "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    )
    return response


# Institutions' people and numbering -------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def institutions(request: HttpRequest) -> HttpResponse:
    visible = institutions_visible_to(user=request.user).order_by("kind", "name", "pk")
    can_manage = can_manage_meetings(user=request.user)
    form = PersonForm(request.POST or None, institutions=visible) if can_manage else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.create_person(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Personel tersimpan."))
                return redirect("meetings:institutions")
    rows = list(institutions_with_people(visible))
    return render(
        request,
        "meetings/institutions.html",
        {"institutions": rows, "form": form, "can_manage": can_manage},
    )


@require_http_methods(["GET", "POST"])
@login_required
def numbering(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not can_manage_meetings(user=user) or not user.district_id:
        raise PermissionDenied
    current = numbering_for(district_code=user.district_id)
    initial = {
        "pattern": current.pattern
        if current
        else LetterNumbering._meta.get_field("pattern").default,
        "unit_code": current.unit_code if current else "",
        "invitation_classification": (
            current.invitation_classification
            if current
            else LetterNumbering._meta.get_field("invitation_classification").default
        ),
    }
    form = NumberingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_numbering(district=user.district, actor=user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Penomoran surat tersimpan."))
            return redirect("meetings:numbering")
    return render(request, "meetings/numbering.html", {"form": form})


# Corrections (admin only) ---------------------------------------------------------------------


def _require_manager(request: HttpRequest) -> None:
    if not can_manage_meetings(user=request.user):
        raise PermissionDenied


def _edit_page(
    request: HttpRequest,
    *,
    form: Any,
    save: Callable[[dict[str, Any]], object],
    done_message: str,
    title: str,
    back_url: str,
) -> HttpResponse:
    """The correction pages: on a valid POST call `save` with the cleaned data, then go back."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, _error_text(exc))
        else:
            messages.success(request, done_message)
            return redirect(back_url)
    return render(
        request,
        "meetings/edit_form.html",
        {"form": form, "title": title, "back_url": back_url},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def action_item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct an item's description, owner and due date (the data-quality rules link here)."""
    item = _item_for(request, pk)
    _require_manager(request)
    form = ActionItemEditForm(
        request.POST or None,
        district_code=item.meeting.district_id,
        initial={
            "description": item.description,
            "owner_institution": item.owner_institution_id,
            "owner_person": item.owner_person_id,
            "due_date": item.due_date,
        },
    )
    return _edit_page(
        request,
        form=form,
        save=lambda data: services.update_action_item(item=item, actor=request.user, **data),
        done_message=_("Tindak lanjut diperbarui."),
        title=_("Ubah tindak lanjut"),
        back_url=item.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
@login_required
def decision_edit(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_object_or_404(
        decisions_visible_to(user=request.user).select_related("meeting"), pk=pk
    )
    _require_manager(request)
    form = DecisionEditForm(
        request.POST or None,
        agenda_items=decision.meeting.agenda_items.order_by("order", "pk"),
        initial={"text": decision.text, "agenda_item": decision.agenda_item_id},
    )
    back_url = f"{decision.meeting.get_absolute_url()}#keputusan"
    return _edit_page(
        request,
        form=form,
        save=lambda data: services.update_decision(decision=decision, actor=request.user, **data),
        done_message=_("Keputusan diperbarui."),
        title=_("Ubah keputusan"),
        back_url=back_url,
    )


@require_http_methods(["GET", "POST"])
@login_required
def attendance_edit(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_object_or_404(
        attendances_visible_to(user=request.user).select_related("meeting"), pk=pk
    )
    _require_manager(request)
    form = AttendanceForm(
        request.POST or None,
        district_code=row.meeting.district_id,
        initial={"name": row.name, "position": row.position, "institution": row.institution_id},
    )
    back_url = f"{row.meeting.get_absolute_url()}#kehadiran"
    return _edit_page(
        request,
        form=form,
        save=lambda data: services.update_attendance(row=row, actor=request.user, **data),
        done_message=_("Kehadiran diperbarui."),
        title=_("Ubah kehadiran"),
        back_url=back_url,
    )


@require_http_methods(["GET", "POST"])
@login_required
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(
        people_visible_to(user=request.user).select_related("institution"), pk=pk
    )
    _require_manager(request)
    form = PersonEditForm(
        request.POST or None,
        initial={
            "name": person.name,
            "position": person.position,
            "phone": person.phone,
            "is_active": person.is_active,
        },
    )
    return _edit_page(
        request,
        form=form,
        save=lambda data: services.update_person(person=person, actor=request.user, **data),
        done_message=_("Personel diperbarui."),
        title=_("Ubah personel %(institution)s") % {"institution": person.institution.name},
        back_url=reverse("meetings:institutions"),
    )
