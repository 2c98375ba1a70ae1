"""The register: readiness, member list, detail, form, status move, equipment handed out, photo."""

import mimetypes
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sitrantib.core.autocomplete import SearchSelect, search_source
from sitrantib.core.concurrency import StaleVersion, form_stale
from sitrantib.core.filters import filter_for_page
from sitrantib.core.links import is_loopback, public_url
from sitrantib.core.paging import page_by_key
from sitrantib.core.requests import AuthenticatedRequest
from sitrantib.linmas import selectors, services
from sitrantib.linmas.enums import MemberStatus, Position
from sitrantib.linmas.filters import TRAINED_CHOICES, MemberFilter
from sitrantib.linmas.forms import IssueForm, MemberForm, TransitionForm
from sitrantib.linmas.member_sections import render_member_sections
from sitrantib.linmas.personal_data import can_manage_personal_data
from sitrantib.linmas.readiness_rule import default_rule
from sitrantib.linmas.registry import SEARCH_SQUADS, SEARCH_VILLAGES
from sitrantib.linmas.rules import nik_warnings, requirement_warnings
from sitrantib.linmas.services import MEMBER_FIELDS, MEMBER_WORKFLOW
from sitrantib.linmas.views.common import apply_errors, member_for, page_level, page_scope
from sitrantib.linmas.views.readiness import can_set_rule
from sitrantib.regions.selectors import latest_statistics_prefetch

MEMBER_ORDERING = ("name", "pk")
# Rows of one readiness page (kabupaten, kecamatan or desa).
READINESS_PAGE_SIZE = 50


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Readiness from the stored figures: one row per kabupaten or kecamatan for a wide scope
    (opening down to desa), one page of desa for a kecamatan, each number linking to the members
    behind it. No page renders more than READINESS_PAGE_SIZE rows (issue 16 A1)."""
    scope = page_scope(request)
    today = timezone.localdate()
    level = page_level(request, scope)
    if level.summary:
        regions = selectors.summary_rows(
            scope=scope, level=level.name, parent=level.regency.code if level.regency else ""
        )
        page = page_by_key(request, regions, ordering=("code",), page_size=READINESS_PAGE_SIZE)
        regions_of_page = selectors.with_village_counts(page.rows, level.name)
        rows = [selectors.as_readiness(region) for region in regions_of_page]
    else:
        villages = level.villages(scope).prefetch_related(latest_statistics_prefetch())
        page = page_by_key(request, villages, ordering=("code",), page_size=READINESS_PAGE_SIZE)
        rows = selectors.stored_readiness(villages=page.rows, today=today)
    totals = selectors.stored_totals(scope=scope, regency=level.regency, district=level.district)
    if not level.summary and not page.has_other_pages:
        totals.rt_count = sum(r.rt_count or 0 for r in rows) or None
    district = level.district.code if level.district else ""
    if not district and not level.summary and len(scope.district_codes) == 1:
        district = next(iter(scope.district_codes))
    rule = selectors.readiness_rule_for(district) if district else default_rule()
    return render(
        request,
        "linmas/home.html",
        {
            "rows": rows,
            "page": page,
            "level": level,
            "national": scope.national,
            "wide": selectors.is_wide(scope),
            "totals": totals,
            "map_levels": {} if level.summary else {r.village.code: r.level for r in rows},
            "links": selectors.can_read_members(scope),
            "can_write": selectors.can_write(scope),
            "today": today,
            "rule_sentence": rule.sentence(),
            "rule_district": district,
            "can_set_rule": bool(district) and can_set_rule(request, scope),
            "unknown_need": [r for r in rows if r.level == selectors.UNKNOWN_NEED],
        },
    )


@require_GET
@login_required
def member_list(request: HttpRequest) -> HttpResponse:
    scope = page_scope(request, members=True)
    filterset, queryset = filter_for_page(
        MemberFilter, request=request, queryset=selectors.members_in_scope(scope=scope)
    )
    page = page_by_key(request, queryset, ordering=MEMBER_ORDERING)
    selectors.with_masking(page.rows, scope)
    chosen = filterset.chosen
    return render(
        request,
        "linmas/member_list.html",
        {
            "page": page,
            "members": page.rows,
            "filter": filterset,
            "filters": chosen,
            "query": urlencode({k: v for k, v in chosen.items() if v}),
            # Card QR codes would point at this laptop only: say so beside the print button.
            "cards_loopback": is_loopback(public_url(request, "/")),
            # Searched as the user types: no list of every desa or squad (issue 16 A2).
            "village_input": _search_input(
                SEARCH_VILLAGES, "village", chosen.get("village", ""), request
            ),
            "squad_input": _search_input(SEARCH_SQUADS, "squad", chosen.get("squad", ""), request),
            "statuses": MemberStatus.choices,
            "positions": Position.choices,
            "trained_choices": TRAINED_CHOICES,
            "can_write": selectors.can_write(scope),
            "today": timezone.localdate(),
        },
    )


def _search_input(key: str, name: str, value: str, request: HttpRequest) -> str:
    """A filter's search-as-you-type input, showing the chosen desa or squad by its label."""
    widget = SearchSelect(key, attrs={"id": f"f-{name}", "class": "form-control form-control-sm"})
    widget.queryset = search_source(key).queryset_for(request.user)
    return widget.render(name, value or None)


@require_GET
@login_required
def member_photo(request: HttpRequest, pk: int) -> FileResponse:
    """A member's photo, only for those who may see the member (photos have no public URL)."""
    member = member_for(request, pk)
    name = member.photo.name  # a file field without a name is an empty one
    if not name:
        raise Http404
    response = FileResponse(member.photo.open("rb"), content_type=_image_type(name))
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _image_type(name: str) -> str:
    guessed, _encoding = mimetypes.guess_type(name)
    return guessed if guessed and guessed.startswith("image/") else "application/octet-stream"


@require_GET
@login_required
def member_detail(request: HttpRequest, pk: int) -> HttpResponse:
    member = member_for(request, pk)
    return _render_detail(request, member)


def _render_detail(
    request: HttpRequest,
    member: Any,
    *,
    transition_form: TransitionForm | None = None,
    issue_form: IssueForm | None = None,
) -> HttpResponse:
    """The member page; a refused status move or hand-out comes back here bound, keeping what
    was typed with the errors beside their fields (issue 9 point 5)."""
    scope = page_scope(request, members=True)
    today = timezone.localdate()
    # An anonymised member is a kept record: no more edits or status moves (docs/adr/0016).
    can_write = selectors.can_write(scope) and not member.is_anonymised
    next_statuses = MEMBER_WORKFLOW.target_choices(member, request.user) if can_write else []
    if transition_form is None:
        transition_form = TransitionForm(initial={"version": member.version})
    cast(Any, transition_form.fields["status"]).choices = next_statuses
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
            "next_statuses": next_statuses,
            "transition_form": transition_form,
            "issue_form": issue_form or IssueForm(initial={"issued_on": today}),
            "today": today,
            # What other modules show of this member (training history), in order.
            "sections": render_member_sections(member, request),
            # "Unduh data pribadi" and "Anonimkan anggota" (docs/adr/0016).
            "manages_personal_data": can_manage_personal_data(request.user, member),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def member_form(request: AuthenticatedRequest, pk: int | None = None) -> HttpResponse:
    page_scope(request, write=True)
    member = member_for(request, pk, write=True) if pk else None
    villages = selectors.villages_writable_by(user=request.user)
    form = MemberForm(
        request.POST or None,
        request.FILES or None,
        instance=member,
        user=request.user,
        villages=villages,
    )
    if request.method == "POST" and form.is_valid():
        data = {
            name: form.cleaned_data.get(name) for name in MEMBER_FIELDS if name in form.cleaned_data
        }
        # The KTA number issued with the save, in its transaction (ADR 0106).
        issue_card = bool(form.cleaned_data.get("issue_card"))
        try:
            if member is None:
                member = services.create_member(
                    village=form.cleaned_data["village"],
                    data=data,
                    actor=request.user,
                    issue_card=issue_card,
                )
                messages.success(request, _("Anggota LINMAS tersimpan."))
            else:
                data.pop("nik", None)
                member, _changed = services.update_member(
                    member=member,
                    data=data,
                    actor=request.user,
                    expected_version=form.expected_version,
                    issue_card=issue_card,
                )
                messages.success(request, _("Perubahan tersimpan."))
        except StaleVersion as exc:
            form_stale(form, exc)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect(member.get_absolute_url())
    return render(request, "linmas/member_form.html", {"form": form, "member": member})


@require_POST
@login_required
def member_transition(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    member = member_for(request, pk, write=True)
    form = TransitionForm(request.POST)
    cast(Any, form.fields["status"]).choices = MEMBER_WORKFLOW.target_choices(member, request.user)
    if form.is_valid():
        try:
            services.transition_member(
                member=member,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
                on_date=form.cleaned_data["on_date"],
                actor=request.user,
                expected_version=form.expected_version,
            )
        except StaleVersion as exc:
            form_stale(form, exc)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Status anggota diubah."))
            return redirect(member.get_absolute_url())
    member.refresh_from_db()
    return _render_detail(request, member, transition_form=form)


@require_POST
@login_required
def member_issue(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    member = member_for(request, pk, write=True)
    form = IssueForm(request.POST)
    if form.is_valid():
        services.issue_equipment(member=member, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Perlengkapan dicatat."))
        return redirect(member.get_absolute_url())
    return _render_detail(request, member, issue_form=form)
