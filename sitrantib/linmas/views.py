"""LINMAS pages: readiness, register, member form, squads, equipment, import, export, cards."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sitrantib.core.scoping import Scope, scope_of
from sitrantib.linmas import exports, imports, selectors, services
from sitrantib.linmas.enums import ImportStatus, MemberStatus, Position
from sitrantib.linmas.forms import (
    EquipmentForm,
    ImportForm,
    IssueForm,
    MemberForm,
    SquadForm,
    TransitionForm,
)
from sitrantib.linmas.rules import nik_warnings, requirement_warnings
from sitrantib.linmas.services import MEMBER_FIELDS, TRANSITIONS
from sitrantib.regions.selectors import office_for_request

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_CARDS = 300
MESSAGE_IMPORTED = gettext_noop(
    "Impor selesai: %(created)s anggota baru, %(updated)s diubah, %(unchanged)s tetap."
)


def _scope(request: HttpRequest, *, members: bool = False, write: bool = False) -> Scope:
    """The one access check: the viewer's scope, refused (403) when the role may not do this."""
    scope = scope_of(request.user)
    if write and not selectors.can_write(scope):
        raise PermissionDenied
    if members and not selectors.can_read_members(scope):
        raise PermissionDenied
    if not selectors.can_read_readiness(scope):
        raise PermissionDenied
    return scope


def _member(request: HttpRequest, pk: int, *, write: bool = False) -> Any:
    if write:
        _scope(request, write=True)
        return get_object_or_404(selectors.members_writable_by(user=request.user), pk=pk)
    _scope(request, members=True)
    return get_object_or_404(selectors.members_visible_to(user=request.user), pk=pk)


def _list_url(**query: str) -> str:
    return reverse("linmas:member_list") + "?" + urlencode(query)


def _apply_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Readiness per desa: table and map, each number linking to the members behind it."""
    scope = _scope(request)
    today = timezone.localdate()
    rows = selectors.readiness(scope=scope, today=today)
    map_levels = {r.village.code: r.level for r in rows}
    return render(
        request,
        "linmas/home.html",
        {
            "rows": rows,
            "totals": selectors.readiness_totals(rows),
            "map_levels": map_levels,
            "links": selectors.can_read_members(scope),
            "can_write": selectors.can_write(scope),
            "today": today,
        },
    )


@require_GET
@login_required
def member_list(request: HttpRequest) -> HttpResponse:
    scope = _scope(request, members=True)
    today = timezone.localdate()
    filters = selectors.MemberFilters.from_query(request.GET)
    queryset = selectors.filter_members(
        selectors.members_in_scope(scope=scope), filters, today=today
    )
    rows, next_key = selectors.member_page(queryset, after=request.GET.get("setelah", ""))
    selectors.with_masking(rows, scope)
    query = filters.as_query()
    return render(
        request,
        "linmas/member_list.html",
        {
            "members": rows,
            "filters": filters,
            "next_url": ("?" + urlencode({**query, "setelah": next_key})) if next_key else "",
            "first_url": "?" + urlencode(query),
            "paged": bool(request.GET.get("setelah")),
            "query": urlencode(query),
            "villages": list(selectors.villages_readable_by(user=request.user)),
            "squads": list(
                selectors.squads_visible_to(user=request.user).order_by("village", "order", "name")
            ),
            "statuses": MemberStatus.choices,
            "positions": Position.choices,
            "can_write": selectors.can_write(scope),
            "today": today,
        },
    )


@require_GET
@login_required
def member_photo(request: HttpRequest, pk: int) -> FileResponse:
    """A member's photo, only for those who may see the member (photos have no public URL)."""
    member = _member(request, pk)
    if not member.photo:
        raise Http404
    response = FileResponse(member.photo.open("rb"), content_type=_image_type(member.photo.name))
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _image_type(name: str) -> str:
    import mimetypes

    guessed, _encoding = mimetypes.guess_type(name)
    return guessed if guessed and guessed.startswith("image/") else "application/octet-stream"


@require_GET
@login_required
def member_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scope = _scope(request, members=True)
    member = _member(request, pk)
    today = timezone.localdate()
    can_write = selectors.can_write(scope)
    return render(
        request,
        "linmas/member_detail.html",
        {
            "member": member,
            "shown": selectors.personal_fields(member, scope),
            "warnings": requirement_warnings(member, today=today),
            "nik_warnings": nik_warnings(member, today=today) if can_write else [],
            "issues": list(
                member.equipment.select_related("item_type").order_by("issued_on", "pk")
            ),
            "can_write": can_write,
            "next_statuses": [
                (value, label)
                for value, label in MemberStatus.choices
                if value in TRANSITIONS.get(member.status, frozenset())
            ],
            "issue_form": IssueForm(initial={"issued_on": today}),
            "today": today,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def member_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _scope(request, write=True)
    member = _member(request, pk, write=True) if pk else None
    villages = selectors.villages_writable_by(user=request.user)
    form = MemberForm(
        request.POST or None, request.FILES or None, instance=member, villages=villages
    )
    if request.method == "POST" and form.is_valid():
        data = {
            name: form.cleaned_data.get(name) for name in MEMBER_FIELDS if name in form.cleaned_data
        }
        try:
            if member is None:
                member = services.create_member(
                    village=form.cleaned_data["village"], data=data, actor=request.user
                )
                messages.success(request, _("Anggota LINMAS tersimpan."))
            else:
                data.pop("nik", None)
                member, _changed = services.update_member(
                    member=member, data=data, actor=request.user
                )
                messages.success(request, _("Perubahan tersimpan."))
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            return redirect(member.get_absolute_url())
    return render(request, "linmas/member_form.html", {"form": form, "member": member})


@require_POST
@login_required
def member_transition(request: HttpRequest, pk: int) -> HttpResponse:
    member = _member(request, pk, write=True)
    form = TransitionForm(request.POST)
    if form.is_valid():
        try:
            services.transition_member(
                member=member,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
                on_date=form.cleaned_data["on_date"],
                actor=request.user,
            )
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            messages.success(request, _("Status anggota diubah."))
    else:
        messages.error(request, _("Pilih status yang benar."))
    return redirect(member.get_absolute_url())


@require_POST
@login_required
def member_issue(request: HttpRequest, pk: int) -> HttpResponse:
    member = _member(request, pk, write=True)
    form = IssueForm(request.POST)
    if form.is_valid():
        services.issue_equipment(member=member, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Perlengkapan dicatat."))
    else:
        messages.error(request, _("Periksa isian perlengkapan."))
    return redirect(member.get_absolute_url())


@require_http_methods(["GET", "POST"])
@login_required
def squads(request: HttpRequest) -> HttpResponse:
    scope = _scope(request, members=True)
    can_write = selectors.can_write(scope)
    villages = selectors.villages_writable_by(user=request.user)
    form = None
    if can_write:
        form = SquadForm(
            request.POST or None,
            villages=villages,
            squads=selectors.squads_writable_by(user=request.user).order_by("village", "order"),
            members=selectors.members_writable_by(user=request.user)
            .filter(status=MemberStatus.AKTIF)
            .order_by("village", "name"),
        )
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            squad = form.cleaned_data["squad"]
            try:
                services.save_squad(
                    village=squad.village if squad else form.cleaned_data["village"],
                    name=form.cleaned_data["name"],
                    order=form.cleaned_data["order"] or 0,
                    leader=form.cleaned_data["leader"],
                    squad=squad,
                    actor=request.user,
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("Regu tersimpan."))
                return redirect("linmas:squads")
    from django.db.models import Count, Q

    rows = list(
        selectors.squads_visible_to(user=request.user)
        .annotate(active=Count("members", filter=Q(members__status=MemberStatus.AKTIF)))
        .order_by("village", "order", "name")
    )
    return render(
        request, "linmas/squads.html", {"squads": rows, "form": form, "can_write": can_write}
    )


@require_http_methods(["GET", "POST"])
@login_required
def equipment(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    can_write = selectors.can_write(scope)
    villages = selectors.villages_writable_by(user=request.user)
    form = EquipmentForm(request.POST or None, villages=villages) if can_write else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            services.set_equipment(actor=request.user, **form.cleaned_data)
            messages.success(request, _("Perlengkapan desa tersimpan."))
            return redirect("linmas:equipment")
    types, table = selectors.shortage_table(scope=scope)
    return render(
        request,
        "linmas/equipment.html",
        {
            "types": types,
            "table": table,
            "form": form,
            "can_write": can_write,
            "links": selectors.can_read_members(scope),
        },
    )


# ---------------------------------------------------------------- import


@require_GET
@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    _scope(request, write=True)
    response = HttpResponse(imports.template_bytes(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="templat-anggota-linmas.xlsx"'
    return response


@require_http_methods(["GET", "POST"])
@login_required
def import_upload(request: HttpRequest) -> HttpResponse:
    _scope(request, write=True)
    villages = selectors.villages_writable_by(user=request.user)
    form = ImportForm(request.POST or None, request.FILES or None, villages=villages)
    if request.method == "POST" and form.is_valid():
        try:
            staged = imports.stage_import(
                village=form.cleaned_data["village"],
                upload=form.cleaned_data["file"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error("file", error.messages)
        else:
            return redirect("linmas:import_preview", pk=staged.pk)
    return render(request, "linmas/import_upload.html", {"form": form})


@require_http_methods(["GET", "POST"])
@login_required
def import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    _scope(request, write=True)
    staged = get_object_or_404(selectors.imports_of(user=request.user), pk=pk)
    if request.method == "POST":
        try:
            result = imports.confirm_import(staged=staged, actor=request.user)
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
            staged.refresh_from_db(fields=["status"])
            if staged.status != ImportStatus.PENDING:
                return redirect(_list_url(village=staged.village_id))
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
            return redirect(_list_url(village=staged.village_id))
    if staged.status != ImportStatus.PENDING:
        raise Http404
    preview = imports.preview_staged(staged)
    counts = {outcome: preview.count(outcome) for outcome in ("baru", "ubah", "tetap")}
    return render(
        request,
        "linmas/import_preview.html",
        {"staged": staged, "preview": preview, "counts": counts},
    )


# ---------------------------------------------------------------- exports and cards


def _export_members(request: HttpRequest, scope: Scope) -> list[Any]:
    """Members of the current filter; a desa outside the viewer's scope is not found (404)."""
    filters = selectors.MemberFilters.from_query(request.GET)
    if filters.village:
        get_object_or_404(selectors.villages_in_scope(scope=scope), code=filters.village)
    queryset = selectors.filter_members(
        selectors.members_in_scope(scope=scope), filters, today=timezone.localdate()
    )
    return list(queryset.order_by("village_id", "name", "id"))


@require_GET
@login_required
def export_xlsx(request: HttpRequest) -> HttpResponse:
    scope = _scope(request, members=True)
    content = exports.register_xlsx(
        members=_export_members(request, scope),
        readiness=selectors.readiness(scope=scope),
        scope=scope,
    )
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="register-linmas.xlsx"'
    return response


@require_GET
@login_required
def export_pdf(request: HttpRequest) -> HttpResponse:
    scope = _scope(request, members=True)
    content = exports.register_pdf(
        members=_export_members(request, scope),
        villages=list(selectors.villages_in_scope(scope=scope).order_by("code")),
        scope=scope,
        office=office_for_request(request),
        today=timezone.localdate(),
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="daftar-linmas.pdf"'
    return response


@require_GET
@login_required
def cards(request: HttpRequest) -> HttpResponse:
    """KTA cards of the members in the current filter; writers only (the card is official)."""
    scope = _scope(request, write=True)
    members = _export_members(request, scope)[:MAX_CARDS]

    def verify_url(code: str) -> str:
        return request.build_absolute_uri(reverse("linmas_public:verify", kwargs={"code": code}))

    content = exports.cards_pdf(
        members=members,
        verify_url=verify_url,
        office=office_for_request(request),
        today=timezone.localdate(),
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="kta-linmas.pdf"'
    return response


@login_not_required
@require_GET
def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Public card check: name, desa, status and validity; never the NIK or the address."""
    member = selectors.member_by_verification_code(code)
    today = timezone.localdate()
    context = {
        "member": member,
        "valid": bool(
            member
            and member.status == MemberStatus.AKTIF
            and member.card_number
            and member.card_valid_until
            and member.card_valid_until >= today
        ),
        "today": today,
    }
    return render(request, "linmas/verify.html", context, status=200 if member else 404)
