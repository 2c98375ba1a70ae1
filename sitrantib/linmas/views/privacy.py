"""A member's rights over their personal data (docs/adr/0016): the download of everything held
about them and the anonymisation on request, both for the Admin Seksi Trantib of the kecamatan."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sitrantib.core.requests import AuthenticatedRequest
from sitrantib.linmas import personal_data
from sitrantib.linmas.forms import AnonymiseForm
from sitrantib.linmas.models import Member
from sitrantib.linmas.views.common import apply_errors, member_for


def _admin_member(request: HttpRequest, pk: int) -> Member:
    """The member (404 outside the viewer's register), 403 unless the viewer is its admin."""
    member = member_for(request, pk)
    if not personal_data.can_manage_personal_data(request.user, member):
        raise PermissionDenied
    return member


@require_GET
@login_required
def member_personal_data(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """ "Unduh data pribadi": one JSON file, never cached, audited as an export."""
    member = _admin_member(request, pk)
    content = personal_data.export_member_data(member=member, actor=request.user)
    response = HttpResponse(content, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{personal_data.export_filename(member)}"'
    )
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
@login_required
def member_anonymise(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """ "Anonimkan anggota": what is erased and what is kept, then the request's reason."""
    member = _admin_member(request, pk)
    form = AnonymiseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not form.cleaned_data["confirm"]:
            form.add_error("confirm", _(personal_data.MESSAGE_CONFIRM))
        else:
            try:
                personal_data.anonymise_member(
                    member=member, reason=form.cleaned_data["reason"], actor=request.user
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Data pribadi anggota telah dianonimkan."))
                return redirect(member.get_absolute_url())
    return render(
        request,
        "linmas/member_anonymise.html",
        {
            "member": member,
            "form": form,
            "open_items": [] if member.is_anonymised else personal_data.open_records(member),
        },
    )
