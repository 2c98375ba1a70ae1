"""A meeting's documents as PDF (built in sitrantib.meetings.documents)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from sitrantib.core.archive import issue_once
from sitrantib.core.archive_views import archived_response
from sitrantib.core.models import DocumentFormat
from sitrantib.meetings import archive_kinds, documents
from sitrantib.meetings.views.access import meeting_for


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_GET
@login_required
def meeting_pdf(request: HttpRequest, pk: int, document: str) -> HttpResponse:
    """Invitation, attendance list, minutes or meeting report as PDF."""
    if document not in documents.DOCUMENT_TEMPLATES:
        raise Http404
    meeting = meeting_for(request, pk)
    filename = f"{document}-{meeting.pk}.pdf"
    if archive_kinds.is_final(meeting, document) and archive_kinds.reads_full_record(request.user):
        # A final document of the full record: archived once, handed out byte for byte.
        title = archive_kinds.TITLES[document]
        if document == "undangan":
            title = f"{title} {meeting.letter_number}"
        issued = issue_once(
            kind=archive_kinds.ARCHIVED[document].key,
            title=f"{title}: {meeting.title}",
            subject_key=f"meeting:{meeting.pk}",
            district_code=meeting.district_id,
            fmt=DocumentFormat.PDF,
            filename=filename,
            actor=request.user,
            render=lambda: documents.meeting_pdf(
                meeting=meeting, document=document, user=request.user
            ),
        )
        return archived_response(request, issued, inline=True)
    content = documents.meeting_pdf(meeting=meeting, document=document, user=request.user)
    return _pdf_response(content, filename)
