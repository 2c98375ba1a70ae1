"""The field-work documents kept in the archive of issued documents (core.archive, ADR 0100).

A visit recorded on the server has been submitted (a draft stays on the phone until it is
sent), so its report is final: the report view hands out `issue_once(...)`. It is read as the
visit is (fieldwork/access.py): the kecamatan's readers, a desa operator its own desa's.
"""

from django.utils.translation import gettext_lazy as _

from sitrantib.core.archive import kind_for_roles, register_document_kind
from sitrantib.core.enums import Role
from sitrantib.fieldwork.access import READER_ROLES

VISIT_REPORT = register_document_kind(
    kind_for_roles(
        key="fieldwork.visit_report",
        title=_("Laporan hasil kunjungan"),
        roles=READER_ROLES - {Role.VILLAGE_OPERATOR},
        village_roles={Role.VILLAGE_OPERATOR},
    )
)
