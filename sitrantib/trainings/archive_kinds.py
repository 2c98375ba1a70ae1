"""The training documents kept in the archive of issued documents (core.archive, ADR 0100).

A certificate in force whose QR opens on phones (not a loopback draft) and a numbered
assignment letter are final: their views hand out `issue_once(...)`. Read as the training's
documents are (docs/adr/0060): the kecamatan's document readers; a certificate also by the
operator of its participant's desa.
"""

from django.utils.translation import gettext_lazy as _

from sitrantib.core.archive import kind_for_roles, register_document_kind
from sitrantib.core.enums import Role
from sitrantib.trainings.documents import DOCUMENT_READER_ROLES

CERTIFICATE = register_document_kind(
    kind_for_roles(
        key="trainings.certificate",
        title=_("Sertifikat pelatihan"),
        roles=DOCUMENT_READER_ROLES,
        village_roles={Role.VILLAGE_OPERATOR},
    )
)
ASSIGNMENT = register_document_kind(
    kind_for_roles(
        key="trainings.assignment",
        title=_("Surat tugas pelatih"),
        roles=DOCUMENT_READER_ROLES,
    )
)
