"""The survey report kept in the archive of issued documents (core.archive, ADR 0100).

The report of a closed or published period is final (its figures no longer move): the report
view hands out `issue_once(...)`. While the period still takes answers the report is marked
SEMENTARA and rendered on each request, never archived. Read as the periods are (ADR 0033):
the section's administrator and the Camat.
"""

from django.utils.translation import gettext_lazy as _

from sitrantib.core.archive import kind_for_roles, register_document_kind
from sitrantib.surveys.selectors import READER_ROLES

REPORT = register_document_kind(
    kind_for_roles(
        key="surveys.report", title=_("Laporan survei kepuasan (IKM)"), roles=READER_ROLES
    )
)
