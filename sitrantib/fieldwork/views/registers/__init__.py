"""Poskamling and Satgas Keamanan Desa registers: lists, records, rosters and members.

Readers (fieldwork/access.py) see the registers of their desa or kecamatan; writers (the section's
administrator, the desa's operator) record them through services.registers. A partner reads no
register (403); a record outside the viewer's scope is absent (404).

One module per register: `posts` (Poskamling: list with map, record, form, duty roster) and
`task_forces` (Satgas Keamanan Desa: every desa with its Satgas, record, form, members); `common`
holds what both share (the desa a writer may record in, the choice of a new record's desa). The
URLs (`fieldwork/urls.py`) import the views from their modules.
"""
