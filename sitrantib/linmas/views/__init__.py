"""LINMAS pages, by concept: the register (members), squads and equipment, import, exports."""

from sitrantib.linmas.views.exports import cards, export_pdf, export_xlsx, verify
from sitrantib.linmas.views.imports import import_preview, import_template, import_upload
from sitrantib.linmas.views.members import (
    home,
    member_detail,
    member_form,
    member_issue,
    member_list,
    member_photo,
    member_transition,
)
from sitrantib.linmas.views.privacy import member_anonymise, member_personal_data
from sitrantib.linmas.views.readiness import readiness_rule
from sitrantib.linmas.views.units import equipment, squads

__all__ = [
    "cards",
    "equipment",
    "export_pdf",
    "export_xlsx",
    "home",
    "import_preview",
    "import_template",
    "import_upload",
    "member_anonymise",
    "member_detail",
    "member_form",
    "member_issue",
    "member_list",
    "member_personal_data",
    "member_photo",
    "member_transition",
    "readiness_rule",
    "squads",
    "verify",
]
