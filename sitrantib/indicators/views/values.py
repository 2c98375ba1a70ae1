"""One value of an indicator: its drill-down (the formula with its numbers and the records behind
numerator and denominator, each opening its record), typing a manual value with its evidence,
the Camat's approval, and the evidence files (served only to those who read the records)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sitrantib.core import localization
from sitrantib.core.concurrency import StaleVersion, form_stale
from sitrantib.core.forms import add_service_error
from sitrantib.core.scoping import Scope
from sitrantib.indicators import access, selectors, services
from sitrantib.indicators.achievement import HUNDRED
from sitrantib.indicators.calculators import CALCULATORS, Record
from sitrantib.indicators.enums import Method, Polarity, ValueStatus, ZeroTargetRule
from sitrantib.indicators.forms import ApproveForm, ManualValueForm
from sitrantib.indicators.models import IndicatorValue, ManualEvidence
from sitrantib.indicators.views.common import actor_of, grade_legend, grade_of, reader_scope

# A list longer than this shows its first rows and a "lihat semua" link (?semua=<list>).
RECORDS_SHOWN = 100


def value_for(request: HttpRequest, pk: int) -> tuple[Scope, IndicatorValue]:
    """A value the viewer reads (404 for one of another kecamatan)."""
    scope = reader_scope(request)
    value = get_object_or_404(
        IndicatorValue.objects.select_related("definition", "definition__district", "approved_by"),
        pk=pk,
    )
    if not access.can_read(scope, value.definition.district_id):
        raise Http404
    return scope, value


def _fmt(number: Any) -> str:
    if number is None:
        return "-"
    return localization.number(number, trim=True)


# The formulas written out with the numbers (the signs are the ones printed on paper).
F_MANUAL = gettext_noop("Realisasi = angka yang diisi = %(n)s (dihitung setelah disetujui)")
F_PERCENT = gettext_noop(
    "Realisasi = 100 × pembilang ÷ penyebut = 100 × %(n)s ÷ %(d)s = %(v)s"  # noqa: RUF001
)
F_FRACTION = gettext_noop("Realisasi = %(v)s (pembilang %(n)s, penyebut %(d)s)")
F_COUNT = gettext_noop("Realisasi = pembilang = %(v)s")
F_NO_TARGET = gettext_noop(
    "Capaian tidak dihitung: indikator ini tidak memiliki target untuk periode ini."
)
F_ZERO_NA = gettext_noop("Target 0: menurut aturan kecamatan capaian tidak dihitung.")
F_ZERO_MET = gettext_noop(
    "Target 0: menurut aturan kecamatan capaian 100%% bila realisasi memenuhi target, "
    "selain itu 0%%; capaian = %(a)s%%"
)
F_NO_VALUE = gettext_noop("Capaian belum dapat dihitung: realisasi belum ada.")
F_NEGATIVE = gettext_noop(
    "Capaian = (2 − realisasi ÷ target) × 100%% = "  # noqa: RUF001
    "(2 − %(v)s ÷ %(t)s) × 100%% = %(a)s%%"  # noqa: RUF001
)
F_POSITIVE = gettext_noop(
    "Capaian = realisasi ÷ target × 100%% = %(v)s ÷ %(t)s × 100%% = %(a)s%%"  # noqa: RUF001
)
F_CAPPED = gettext_noop("Aturan kecamatan: capaian dibatasi paling tinggi 100%.")


def formula_lines(value: IndicatorValue, cap: bool, zero: str) -> list[str]:
    """The value's and the achievement's formulas written out with the numbers."""
    definition = value.definition
    calculator = CALCULATORS.get(definition.calculator)
    numbers = {
        "n": _fmt(value.numerator),
        "d": _fmt(value.denominator),
        "v": _fmt(value.value),
        "t": _fmt(value.target),
        "a": _fmt(value.achievement),
    }
    lines = []
    if definition.method == Method.MANUAL:
        lines.append(_(F_MANUAL) % numbers)
    elif calculator is not None and calculator.percent:
        lines.append(_(F_PERCENT) % numbers)
    elif value.denominator is not None:
        lines.append(_(F_FRACTION) % numbers)
    else:
        lines.append(_(F_COUNT) % numbers)
    if value.target is None:
        lines.append(_(F_NO_TARGET))
    elif value.target == 0:
        zero_text = (
            _(F_ZERO_NA) if zero == ZeroTargetRule.NOT_APPLICABLE else _(F_ZERO_MET) % numbers
        )
        lines.append(zero_text)
    elif value.value is None:
        lines.append(_(F_NO_VALUE))
    else:
        formula = F_NEGATIVE if definition.polarity == Polarity.NEGATIVE else F_POSITIVE
        lines.append(_(formula) % numbers)
        if cap and value.achievement is not None and value.achievement >= HUNDRED:
            lines.append(_(F_CAPPED))
    return lines


def _records(request: HttpRequest, which: str, records: list[Record]) -> dict[str, Any]:
    everything = request.GET.get("semua") == which
    shown = records if everything else records[:RECORDS_SHOWN]
    return {"rows": shown, "total": len(records), "more": len(records) > len(shown), "key": which}


def _detail_context(
    request: HttpRequest, scope: Scope, value: IndicatorValue, approve_form: ApproveForm | None
) -> dict[str, Any]:
    definition = value.definition
    computation = selectors.value_records(value)
    rules = services.settings_of(definition.district_id)
    reads_records = access.can_read_records(scope, definition.district_id)
    context: dict[str, Any] = {
        "value": value,
        "definition": definition,
        "district": definition.district,
        "year": definition.year,
        "calculator": CALCULATORS.get(definition.calculator),
        "computation": computation,
        "formula": formula_lines(value, rules.cap_at_100, rules.zero_target),
        "rules": rules,
        "grade": grade_of(value.achievement),
        "legend": grade_legend(),
        "reads_records": reads_records,
        "is_manual": definition.method == Method.MANUAL,
        "can_enter": definition.method == Method.MANUAL
        and access.can_manage(scope, definition.district_id),
        "can_approve": definition.method == Method.MANUAL
        and value.status != ValueStatus.APPROVED
        and access.can_approve(scope, definition.district_id),
    }
    if reads_records:
        context["numerator"] = _records(request, "pembilang", computation.numerator_records())
        context["denominator"] = _records(request, "penyebut", computation.denominator_records())
        context["evidence"] = list(value.evidence.order_by("pk"))
    if context["can_approve"]:
        context["approve_form"] = approve_form or ApproveForm()
    return context


@require_GET
@login_required
def value_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scope, value = value_for(request, pk)
    return render(
        request, "indicators/value_detail.html", _detail_context(request, scope, value, None)
    )


class _Refused(Exception):
    """Rolls the value and its evidence back together."""


@require_http_methods(["GET", "POST"])
@login_required
def manual_entry(request: HttpRequest, pk: int) -> HttpResponse:
    """The administrator types a manual value with its note and a file that proves it; both are
    saved or neither is."""
    scope, value = value_for(request, pk)
    definition = value.definition
    if not access.can_manage(scope, definition.district_id):
        raise PermissionDenied
    if definition.method != Method.MANUAL:
        raise Http404
    has_evidence = value.evidence.exists()
    form = ManualValueForm(
        request.POST or None,
        request.FILES or None,
        has_evidence=has_evidence,
        initial={"number": value.numerator, "note": value.note, "version": value.version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                services.enter_manual_value(
                    value=value,
                    number=form.cleaned_data["number"],
                    note=form.cleaned_data["note"],
                    actor=actor_of(request),
                    expected_version=form.expected_version,
                )
                upload = form.cleaned_data.get("evidence")
                if upload:
                    try:
                        services.add_evidence(
                            value=value,
                            file=upload,
                            description=form.cleaned_data.get("description") or "",
                            actor=actor_of(request),
                        )
                    except ValidationError as exc:
                        messages_of = exc.message_dict if hasattr(exc, "error_dict") else {}
                        form.add_error("evidence", messages_of.get("file") or exc.messages)
                        raise _Refused from exc
        except _Refused:
            pass
        except StaleVersion as exc:
            form_stale(form, exc)
        except (ValidationError, PermissionDenied) as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Nilai tersimpan dan menunggu persetujuan Camat."))
            return redirect(value)
    return render(
        request,
        "indicators/manual_entry.html",
        {
            "form": form,
            "value": value,
            "definition": definition,
            "district": definition.district,
            "year": definition.year,
            "evidence": list(value.evidence.order_by("pk")),
        },
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    """The Camat approves a manual value after reading it and its evidence."""
    scope, value = value_for(request, pk)
    if not access.can_approve(scope, value.definition.district_id):
        raise PermissionDenied
    form = ApproveForm(request.POST)
    if form.is_valid():
        try:
            services.approve_value(value=value, actor=actor_of(request))
        except (ValidationError, PermissionDenied) as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Nilai disetujui dan kini dihitung."))
            return redirect(value)
    value.refresh_from_db()
    return render(
        request,
        "indicators/value_detail.html",
        _detail_context(request, scope, value, form),
        status=400,
    )


@require_GET
@login_required
def evidence_file(request: HttpRequest, pk: int) -> FileResponse:
    """An evidence file, only to those who read the records of its kecamatan (404 otherwise)."""
    scope = reader_scope(request)
    evidence = get_object_or_404(ManualEvidence.objects.select_related("value__definition"), pk=pk)
    if not access.can_read_records(scope, evidence.value.definition.district_id):
        raise Http404
    content_type = getattr(evidence, "content_type", "") or "application/octet-stream"
    response = FileResponse(
        evidence.file.open("rb"),
        content_type=content_type,
        filename=evidence.original_name or str(evidence.file.name).rsplit("/", 1)[-1],
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = (
        "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    )
    return response
