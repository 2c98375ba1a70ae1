"""The minimal one-insert survey view the real submission endpoint is compared with.

Mounted only by the benchmark's own URLconf (`sitrantib.benchmark.urls`, used by the gunicorn
the benchmark starts with `sitrantib.benchmark.server_settings`), never in production URLs.
It reads the same JSON and stores the response with one INSERT: no validation, no answers, no
rate limit, no audit; the floor a real endpoint cannot go below.
"""

import json
import uuid

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from sitrantib.surveys.models import SurveyResponse


@csrf_exempt
@login_not_required
@require_POST
def minimal_submit(request: HttpRequest, pk: int) -> HttpResponse:
    body = json.loads(request.body)
    respondent = body.get("respondent", {})
    response = SurveyResponse.objects.create(
        period_id=pk,
        client_id=uuid.UUID(body["client_id"]),
        source="online",
        sex=respondent.get("sex", "L"),
        age=int(respondent.get("age", 30)),
        education=respondent.get("education", ""),
        occupation=respondent.get("occupation", ""),
        service=respondent.get("service", ""),
        suggestion=body.get("suggestion", ""),
        received_at=timezone.now(),
    )
    return JsonResponse({"id": response.pk}, status=201)
