"""Pages of the section: periods, live results, paper entry, import, report and raw data."""

from sitrantib.surveys.views.documents import raw_data, report_pdf
from sitrantib.surveys.views.elements import element_set
from sitrantib.surveys.views.entry import import_preview, import_template, import_view, paper_entry
from sitrantib.surveys.views.periods import (
    home,
    period_create,
    period_detail,
    period_edit,
    period_results,
    period_transition,
    poster,
)
from sitrantib.surveys.views.publish import publish

__all__ = [
    "element_set",
    "home",
    "import_preview",
    "import_template",
    "import_view",
    "paper_entry",
    "period_create",
    "period_detail",
    "period_edit",
    "period_results",
    "period_transition",
    "poster",
    "publish",
    "raw_data",
    "report_pdf",
]
