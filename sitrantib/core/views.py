from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from sitrantib.core.audit import visible_changes
from sitrantib.core.dataquality import remember_counts, run_checks
from sitrantib.core.enums import Severity
from sitrantib.core.filters import filter_for_page
from sitrantib.core.filters_audit import AuditFilter
from sitrantib.core.paging import page_by_key
from sitrantib.core.scoping import Scope, scope_of
from sitrantib.core.selectors import audit_entries_visible_to

AUDIT_PAGE_SIZE = 50


def _require_admin(request: HttpRequest) -> Scope:
    scope = scope_of(request.user)
    if not scope.is_admin:
        raise PermissionDenied
    return scope


@require_GET
@login_required
def data_quality(request: HttpRequest) -> HttpResponse:
    """Findings over the records in the administrator's scope, errors first.

    Every rule runs on each view, so a corrected figure's finding is gone at once; the counts are
    stored for the home page (`remember_counts`). Each finding is a sentence naming the desa and
    the figure, with a link to the form that corrects it; `?severity=error` keeps one level.
    """
    scope = _require_admin(request)
    all_findings = run_checks(scope=scope)
    counts = remember_counts(scope, all_findings)
    severity = request.GET.get("severity", "")
    if severity not in Severity.values:
        severity = ""
    findings = [f for f in all_findings if f.severity == severity] if severity else all_findings
    return render(
        request,
        "core/data_quality.html",
        {
            "findings": findings,
            "counts": [(s, s.label, counts[s]) for s in Severity],
            "severity": severity,
        },
    )


@require_GET
@login_required
def data_quality_json(request: HttpRequest) -> JsonResponse:
    """`GET /sistem/kualitas-data/data.json`: the same findings for a program, each with its
    technical reference (rule, field, object) beside the sentence; administrators only."""
    scope = _require_admin(request)
    findings = run_checks(scope=scope)
    remember_counts(scope, findings)
    severity = request.GET.get("severity", "")
    if severity in Severity.values:
        findings = [f for f in findings if f.severity == severity]
    response = JsonResponse({"count": len(findings), "results": [f.as_dict() for f in findings]})
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    """The audit trail in the reader's scope, newest first, filtered and paged by key."""
    scope = scope_of(request.user)
    if not scope.reads_audit:
        raise PermissionDenied
    audit_filter, entries = filter_for_page(
        AuditFilter, request=request, queryset=audit_entries_visible_to(user=request.user)
    )
    page = page_by_key(request, entries, ordering=("-id",), page_size=AUDIT_PAGE_SIZE)
    return render(request, "core/audit_log.html", {"filter": audit_filter, "page": page})


@require_GET
@login_required
def audit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scope = scope_of(request.user)
    if not scope.reads_audit:
        raise PermissionDenied
    entry = get_object_or_404(audit_entries_visible_to(user=request.user), pk=pk)
    return render(
        request,
        "core/audit_detail.html",
        {"entry": entry, "changes": visible_changes(entry, scope=scope)},
    )
