"""A meeting's documents as PDF (built in sitrantib.meetings.documents)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from sitrantib.meetings import documents
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
    content = documents.meeting_pdf(meeting=meeting, document=document, user=request.user)
    return _pdf_response(content, f"{document}-{meeting.pk}.pdf")
