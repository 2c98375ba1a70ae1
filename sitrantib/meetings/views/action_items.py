"""A follow-up's page: its status moves and evidence, and the evidence files."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sitrantib.core.concurrency import StaleVersion, form_stale
from sitrantib.core.forms import add_service_error
from sitrantib.core.requests import AuthenticatedRequest
from sitrantib.meetings import services
from sitrantib.meetings.enums import ActionStatus, Mover
from sitrantib.meetings.forms import EvidenceForm, TransitionForm
from sitrantib.meetings.models import ActionItem
from sitrantib.meetings.origins import origins_of
from sitrantib.meetings.selectors import evidence_visible_to, item_mover
from sitrantib.meetings.views.access import error_text, item_for

# Refusals of an upload by core/uploads.py: shown beside the file field.
FILE_ERROR_CODES = frozenset(
    {"empty", "too_large", "file_type", "bad_pdf", "bad_image", "image_too_big"}
)


def _can_complete(item: ActionItem) -> bool:
    """The evidence form offers "done" in the same step while the item is still open."""
    return item.status in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


def _item_context(request: HttpRequest, item: ActionItem, **extra: Any) -> dict[str, Any]:
    mover = item_mover(user=request.user, item=item)
    targets = services.ACTION_ITEM_WORKFLOW.allowed_targets(item, request.user)
    context: dict[str, Any] = {
        "item": item,
        "origin": origins_of([item], user=request.user)[item.pk],
        "evidence": list(item.evidence.order_by("created_at", "pk")),
        "transitions": list(item.transitions.select_related("actor").order_by("at", "pk")),
        "can_update": mover is not None,
        "can_manage": mover == Mover.ADMIN,
        "transition_form": (
            TransitionForm(targets=targets, initial={"version": item.version}) if targets else None
        ),
        "evidence_form": (
            EvidenceForm(offer_complete=_can_complete(item)) if mover is not None else None
        ),
    }
    context.update(extra)
    return context


@require_GET
@login_required
def action_item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = item_for(request, pk)
    return render(request, "meetings/action_item_detail.html", _item_context(request, item))


@require_POST
@login_required
def action_item_transition(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    item = item_for(request, pk)
    if item_mover(user=request.user, item=item) is None:
        raise PermissionDenied
    form = TransitionForm(
        request.POST, targets=services.ACTION_ITEM_WORKFLOW.allowed_targets(item, request.user)
    )
    if form.is_valid():
        try:
            services.transition_action_item(
                item=item,
                to_status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                actor=request.user,
                expected_version=form.expected_version,
            )
        except StaleVersion as exc:
            form_stale(form, exc)
        except ValidationError as exc:
            _add_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, _("Status tindak lanjut diperbarui."))
            return redirect(item)
    return render(
        request,
        "meetings/action_item_detail.html",
        _item_context(request, item, transition_form=form),
        status=400,
    )


def _add_errors(form: TransitionForm, exc: ValidationError) -> None:
    """The workflow's refusal next to the field it is about (status or note)."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


@require_POST
@login_required
def action_item_evidence(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    item = item_for(request, pk)
    if item_mover(user=request.user, item=item) is None:
        raise PermissionDenied
    form = EvidenceForm(request.POST, request.FILES, offer_complete=_can_complete(item))
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data.get("complete"):
                services.complete_with_evidence(
                    item=item, note=data["note"], file=data["file"], actor=request.user
                )
            else:
                services.add_evidence(
                    item=item, note=data["note"], file=data["file"], actor=request.user
                )
        except ValidationError as exc:
            if data["file"] and _is_file_error(exc):
                form.add_error("file", exc)
            else:
                add_service_error(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, error_text(exc))
        else:
            if data.get("complete"):
                messages.success(request, _("Bukti tersimpan dan tindak lanjut selesai."))
            else:
                messages.success(request, _("Bukti tersimpan."))
            return redirect(item)
    return render(
        request,
        "meetings/action_item_detail.html",
        _item_context(request, item, evidence_form=form),
        status=400,
    )


def _is_file_error(exc: ValidationError) -> bool:
    """A refusal of the uploaded file itself (type, size, damage), shown beside the file."""
    if hasattr(exc, "error_dict"):
        return False
    return any(getattr(error, "code", None) in FILE_ERROR_CODES for error in exc.error_list)


@require_GET
@login_required
def evidence_file(request: HttpRequest, pk: int) -> FileResponse:
    """Serve an evidence file only to users who may see its item (no public media URL)."""
    evidence = get_object_or_404(evidence_visible_to(user=request.user), pk=pk)
    response = FileResponse(
        evidence.file.open("rb"),
        content_type=evidence.content_type or "application/octet-stream",
        filename=evidence.original_name or (evidence.file.name or "").rsplit("/", 1)[-1],
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = (
        "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    )
    return response


@require_GET
@login_required
def evidence_thumbnail(request: HttpRequest, pk: int) -> FileResponse:
    """A photo's small copy, to the same users as the photo itself (404 for anyone else)."""
    evidence = get_object_or_404(evidence_visible_to(user=request.user), pk=pk)
    if not services.ensure_thumbnail(evidence):
        raise Http404
    response = FileResponse(
        evidence.thumbnail.open("rb"),
        content_type="image/png"
        if (evidence.thumbnail.name or "").endswith(".png")
        else "image/jpeg",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response
