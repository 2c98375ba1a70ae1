"""Reads of the LINMAS register. Every query for a user goes through the scope here.

Who may do what (docs/adr/0010-linmas-access-and-personal-data.md):
- write: trantib_admin (every desa of the kecamatan), village_operator (own desa), superuser;
- read the register: those plus camat and kecamatan_staff, with NIK, phone and address masked;
- partner: only the readiness figures, never a list of persons.

One module per concept (access and masking, scope, members, squads and equipment, readiness);
this package re-exports them, so callers import from `sitrantib.linmas.selectors`.
"""

from sitrantib.linmas.selectors.access import (
    MASK,
    READER_ROLES,
    WRITER_ROLES,
    can_read_members,
    can_read_readiness,
    can_write,
    mask_value,
    personal_fields,
    sees_personal_data,
    with_masking,
)
from sitrantib.linmas.selectors.members import (
    MEMBER_IMPORT_KIND,
    member_by_verification_code,
    member_imports_of,
    members_in_scope,
    members_visible_to,
    members_writable_by,
)
from sitrantib.linmas.selectors.readiness import (
    FIGURES,
    NO_DATA,
    NOT_READY,
    PARTLY_READY,
    READY,
    Readiness,
    as_readiness,
    fresh_readiness,
    readiness,
    readiness_totals,
    stored_readiness,
    stored_totals,
    summary_rows,
)
from sitrantib.linmas.selectors.scope import (
    LEVEL_DISTRICT,
    LEVEL_REGENCY,
    LEVEL_VILLAGE,
    districts_in_scope,
    hamlets_writable_by,
    is_wide,
    nik_region_lookup,
    regencies_in_scope,
    regions_at,
    villages_in_scope,
    villages_readable_by,
    villages_writable_by,
)
from sitrantib.linmas.selectors.units import (
    equipment_in_scope,
    equipment_types,
    equipment_visible_to,
    issues_visible_to,
    shortage_summary,
    shortage_table,
    squads_visible_to,
    squads_writable_by,
)

__all__ = [
    "FIGURES",
    "LEVEL_DISTRICT",
    "LEVEL_REGENCY",
    "LEVEL_VILLAGE",
    "MASK",
    "MEMBER_IMPORT_KIND",
    "NOT_READY",
    "NO_DATA",
    "PARTLY_READY",
    "READER_ROLES",
    "READY",
    "WRITER_ROLES",
    "Readiness",
    "as_readiness",
    "can_read_members",
    "can_read_readiness",
    "can_write",
    "districts_in_scope",
    "equipment_in_scope",
    "equipment_types",
    "equipment_visible_to",
    "fresh_readiness",
    "hamlets_writable_by",
    "is_wide",
    "issues_visible_to",
    "mask_value",
    "member_by_verification_code",
    "member_imports_of",
    "members_in_scope",
    "members_visible_to",
    "members_writable_by",
    "nik_region_lookup",
    "personal_fields",
    "readiness",
    "readiness_totals",
    "regencies_in_scope",
    "regions_at",
    "sees_personal_data",
    "shortage_summary",
    "shortage_table",
    "squads_visible_to",
    "squads_writable_by",
    "stored_readiness",
    "stored_totals",
    "summary_rows",
    "villages_in_scope",
    "villages_readable_by",
    "villages_writable_by",
    "with_masking",
]
