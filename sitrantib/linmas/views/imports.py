"""Importing members from XLSX: template, upload (checked and read once), preview, confirm."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET, require_http_methods

from sitrantib.core.concurrency import StaleVersion
from sitrantib.core.imports import build_preview, discard_import
from sitrantib.core.models import ImportBatchStatus
from sitrantib.core.requests import AuthenticatedRequest
from sitrantib.core.spreadsheets import XLSX_CONTENT_TYPE
from sitrantib.linmas import imports, selectors
from sitrantib.linmas.forms import ImportForm
from sitrantib.linmas.imports import MEMBERS, MESSAGE_ALREADY_DONE
from sitrantib.linmas.views.common import list_url, page_scope

MESSAGE_IMPORTED = gettext_noop(
    "Impor selesai: %(created)s anggota baru, %(updated)s diubah, %(unchanged)s tetap."
)
MESSAGE_DISCARDED = gettext_noop("Impor dibatalkan; tidak ada yang disimpan.")


@require_GET
@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    page_scope(request, write=True)
    response = HttpResponse(imports.template_bytes(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="templat-anggota-linmas.xlsx"'
    return response


@require_http_methods(["GET", "POST"])
@login_required
def import_upload(request: AuthenticatedRequest) -> HttpResponse:
    page_scope(request, write=True)
    villages = selectors.villages_writable_by(user=request.user)
    form = ImportForm(
        request.POST or None, request.FILES or None, user=request.user, villages=villages
    )
    if request.method == "POST" and form.is_valid():
        try:
            batch = imports.stage_members(
                village=form.cleaned_data["village"],
                upload=form.cleaned_data["file"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error("file", error.messages)
        else:
            return redirect("linmas:import_preview", pk=batch.pk)
    return render(request, "linmas/import_upload.html", {"form": form})


@require_http_methods(["GET", "POST"])
@login_required
def import_preview(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    page_scope(request, write=True)
    batch = get_object_or_404(selectors.member_imports_of(user=request.user), pk=pk)
    done_url = list_url(village=batch.scope_key)
    if request.method == "POST":
        if "discard" in request.POST:
            discard_import(batch=batch, actor=request.user)
            messages.info(request, _(MESSAGE_DISCARDED))
            return redirect("linmas:import_upload")
        try:
            result = imports.confirm_members(batch=batch, actor=request.user)
        except StaleVersion as exc:
            messages.error(request, exc.message)
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
            batch.refresh_from_db(fields=["status"])
            if batch.status != ImportBatchStatus.PENDING:
                return redirect(done_url)
        else:
            if result.repeated:
                messages.error(request, _(MESSAGE_ALREADY_DONE))
            else:
                messages.success(
                    request,
                    _(MESSAGE_IMPORTED)
                    % {
                        "created": result.created,
                        "updated": result.updated,
                        "unchanged": result.unchanged,
                    },
                )
            return redirect(done_url)
    if batch.status != ImportBatchStatus.PENDING:
        raise Http404
    village = selectors.villages_writable_by(user=request.user).filter(code=batch.scope_key).first()
    return render(
        request,
        "linmas/import_preview.html",
        {
            "batch": batch,
            "village": village,
            "preview": build_preview(batch, spec=MEMBERS),
            "upload_url": reverse("linmas:import_upload"),
        },
    )
