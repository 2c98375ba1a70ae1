"""The Perjanjian Kinerja (PK) of a year and the LKjIP chapter III tables of a kecamatan.

Both are rendered from records, never typed again (docs/adr/0102):

- **PK**: the agreement between the Kasi Trantib (first party) and the Camat (second party), the
  names and titles from the office's signatories (regions.Signatory); the table of sasaran /
  programme / kegiatan with each indicator and its target — from the indicators app's definitions
  of that year, or the plan in force's indicators where the indicators app has none yet; the
  programme and kegiatan with the year's budget, totals computed from the budget lines; the two
  signature blocks side by side.
- **LKjIP III.A Capaian Kinerja**: per indicator of the year, target, realisation and achievement
  of this year and of the two years before (matched by indicator code), read from the indicators
  app (`selectors.values_for`: it computes a stale value first; achievement and its grade come from
  `indicators.achievement` with the kecamatan's rules — nothing is computed again here), then the
  causes and remedies the section wrote (reports.models.IndicatorNarrative).
- **LKjIP III.B Realisasi Anggaran**: per budget line of the year, ceiling, realisation (the sum of
  its spending, `budget.selectors.with_spent`) and its percentage; totals are sums of the lines.

One template per document makes DOCX, XLSX (one sheet per `data-sheet` table) and PDF through
core.documents. Readers: the Camat, the section's administrator and the kecamatan staff of that
kecamatan, and users whose regency or national coverage includes it (the readers of the plan and
the budget these documents print); village operators and partners do not read them.

The package: `common` (readers, numbers, parties), `budget`, `pk`, `lkjip`, `narrative` (the
section's analysis); here the rendering and the registration in the report catalogue. Callers
import from the module of the concept.
"""

from typing import Any

from django.utils.translation import gettext_lazy as _

from sitrantib.core import documents
from sitrantib.reports.catalogue import RenderedDocument, ReportKind, ReportRequest, register_report
from sitrantib.reports.performance.common import (
    FORMATS,
    LKJIP_TEMPLATE,
    PK_TEMPLATE,
    reads_performance,
)
from sitrantib.reports.performance.lkjip import lkjip_context
from sitrantib.reports.performance.pk import pk_context


def _render(template: str, context: dict[str, Any], fmt: str) -> bytes:
    return documents.render_document(template, context, fmt)


def build_pk(request: ReportRequest) -> RenderedDocument:
    context = pk_context(request.district_code, request.year)
    district = context["district"]
    return RenderedDocument(
        content=_render(PK_TEMPLATE, context, request.fmt),
        filename=f"perjanjian-kinerja-{request.year}-{district.code}.{request.fmt}",
        title=f"Perjanjian Kinerja {request.year} Kecamatan {district.name}",
        subject_key=f"pk:{district.code}:{request.year}",
    )


def build_lkjip(request: ReportRequest) -> RenderedDocument:
    context = lkjip_context(request.district_code, request.year)
    district = context["district"]
    return RenderedDocument(
        content=_render(LKJIP_TEMPLATE, context, request.fmt),
        filename=f"lkjip-bab-3-{request.year}-{district.code}.{request.fmt}",
        title=f"LKjIP {request.year} Bab III Kecamatan {district.name}",
        subject_key=f"lkjip:{district.code}:{request.year}",
    )


register_report(
    ReportKind(
        key="pk",
        title=_("Perjanjian Kinerja (PK)"),
        formats=FORMATS,
        build=build_pk,
        readers=reads_performance,
        description=_(
            "Perjanjian Kinerja Kasi Trantib dengan Camat: indikator dan target tahun itu, "
            "program dan kegiatan dengan anggarannya."
        ),
    )
)
register_report(
    ReportKind(
        key="lkjip",
        title=_("LKjIP Bab III: Akuntabilitas Kinerja"),
        formats=FORMATS,
        build=build_lkjip,
        readers=reads_performance,
        description=_(
            "Capaian kinerja per indikator (tahun ini dan dua tahun sebelumnya) dengan "
            "analisis penyebab dan upaya perbaikan, serta realisasi anggaran per mata anggaran."
        ),
    )
)
