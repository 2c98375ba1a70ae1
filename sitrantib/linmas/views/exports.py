"""Register exports (XLSX, PDF list), the KTA cards and the public card check."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET

from sitrantib.core.archive import issue_once
from sitrantib.core.archive_views import archived_response
from sitrantib.core.exporting import export_or_queue
from sitrantib.core.links import is_loopback, public_url
from sitrantib.core.models import DocumentFormat
from sitrantib.core.paging import iterate_by_key
from sitrantib.core.requests import AuthenticatedRequest
from sitrantib.core.scoping import Scope
from sitrantib.linmas import archive_kinds, exports, selectors, services
from sitrantib.linmas.enums import MemberStatus
from sitrantib.linmas.filters import MemberFilter
from sitrantib.linmas.models import Member
from sitrantib.linmas.registry import EXPORT_REGISTER
from sitrantib.linmas.views.common import page_scope
from sitrantib.regions.selectors import office_for_request

# Cards per PDF: a print run of 30 A4 sheets. More is refused with a message, never cut short.
MAX_CARDS = 300
MESSAGE_TOO_MANY_CARDS = gettext_noop(
    "Saringan ini berisi lebih dari %(limit)s anggota; saring per desa atau regu agar KTA dapat "
    "dicetak paling banyak %(limit)s kartu per berkas."
)
MESSAGE_BAD_FILTER = gettext_noop("Saringan tidak valid; periksa isian saringan.")


def _export_members(request: HttpRequest, scope: Scope) -> QuerySet[Member] | None:
    """Members of the current filter (None when the filter is invalid); a desa outside the
    viewer's scope is not found (404)."""
    filterset = MemberFilter(
        request.GET or None, queryset=selectors.members_in_scope(scope=scope), request=request
    )
    if filterset.is_bound and not filterset.is_valid():
        return None
    for name in ("village", "desa"):
        code = filterset.form.cleaned_data.get(name) if filterset.is_bound else None
        if code:
            get_object_or_404(selectors.villages_in_scope(scope=scope), code=code)
    return filterset.qs


def _personal_download(
    request: AuthenticatedRequest, response: HttpResponse, filename: str
) -> HttpResponse:
    """A download with personal data: never stored by a browser or proxy, and audited (who,
    which file, which filter; issue 15 A9)."""
    response["Cache-Control"] = "no-store"
    services.record_export(actor=request.user, filename=filename, filters=_filters(request))
    return response


def _filters(request: HttpRequest) -> dict[str, str]:
    """The member filter of the request as given (non-empty values only)."""
    values = {name: request.GET.get(name, "") for name in MemberFilter.base_filters}
    return {name: value for name, value in values.items() if value}


def _refused(request: HttpRequest, message: str) -> HttpResponse:
    messages.error(request, message)
    query = request.GET.urlencode()
    return redirect(reverse("linmas:member_list") + (f"?{query}" if query else ""))


@require_GET
@login_required
def export_xlsx(request: HttpRequest) -> HttpResponseBase:
    """The register XLSX of the current filter: sent at once up to
    `SITRANTIB_EXPORT_DIRECT_MAX_ROWS` members, otherwise built in the background with a
    progress page (issue 16 A4). Either way never cached and audited with the filter (core)."""
    scope = page_scope(request, members=True)
    members = _export_members(request, scope)
    if members is None:
        return _refused(request, _(MESSAGE_BAD_FILTER))
    return export_or_queue(
        request,
        kind=EXPORT_REGISTER,
        params=_filters(request),
        row_count=members.order_by().count(),
    )


@require_GET
@login_required
def export_pdf(request: AuthenticatedRequest) -> HttpResponse:
    scope = page_scope(request, members=True)
    members = _export_members(request, scope)
    if members is None:
        return _refused(request, _(MESSAGE_BAD_FILTER))
    content = exports.register_pdf(
        members=list(iterate_by_key(members, ordering=exports.EXPORT_ORDERING)),
        villages=list(selectors.villages_in_scope(scope=scope).order_by("code")),
        scope=scope,
        office=office_for_request(request),
        today=timezone.localdate(),
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="daftar-linmas.pdf"'
    return _personal_download(request, response, "daftar-linmas.pdf")


@require_GET
@login_required
def cards(request: AuthenticatedRequest) -> HttpResponse:
    """KTA cards of the members in the current filter; writers only (the card is official).

    A run with a card lacking its number or validity (or past it) is printed only as a draft,
    every page marked DRAF (ADR 0014); the filter "KTA berlaku" gives the final cards."""
    scope = page_scope(request, write=True)
    members = _export_members(request, scope)
    if members is None:
        return _refused(request, _(MESSAGE_BAD_FILTER))
    chosen = list(
        members.select_related("village__district__regency").order_by(*exports.EXPORT_ORDERING)[
            : MAX_CARDS + 1
        ]
    )
    if len(chosen) > MAX_CARDS:
        return _refused(request, _(MESSAGE_TOO_MANY_CARDS) % {"limit": MAX_CARDS})

    def verify_url(code: str) -> str:
        # The public address when set: a card is scanned by phones, never on this laptop.
        return public_url(request, reverse("linmas_public:verify", kwargs={"code": code}))

    today = timezone.localdate()

    def render_cards() -> bytes:
        return exports.cards_pdf(
            members=chosen, verify_url=verify_url, office=office_for_request(request), today=today
        )

    final = bool(chosen) and all(
        exports.card_is_final(m, today=today) and not is_loopback(verify_url(m.verification_code))
        for m in chosen
    )
    if not final:  # a run holding a draft card (DRAF): rendered now, not archived
        response = HttpResponse(render_cards(), content_type="application/pdf")
        response["Content-Disposition"] = 'attachment; filename="kta-linmas.pdf"'
        return _personal_download(request, response, "kta-linmas.pdf")
    villages = {m.village_id for m in chosen}
    districts = {m.village.district_id for m in chosen}
    village = chosen[0].village if len(villages) == 1 else None
    issued = issue_once(
        kind=archive_kinds.CARDS.key,
        title=f"KTA LINMAS {village.name if village else ''} ({len(chosen)} kartu)".replace(
            "  ", " "
        ),
        subject_key=archive_kinds.cards_subject(chosen),
        district_code=next(iter(districts)) if len(districts) == 1 else "",
        fmt=DocumentFormat.PDF,
        filename="kta-linmas.pdf",
        actor=request.user,
        render=render_cards,
        params={"village": village.code if village else "", "members": len(chosen)},
    )
    return _personal_download(request, archived_response(request, issued), "kta-linmas.pdf")


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
