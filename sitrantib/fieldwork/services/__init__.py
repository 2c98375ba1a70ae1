"""Field-work services: every write goes through here (scope checked, validated, audited).

- registers: Poskamling (with duty roster) and Satgas Keamanan Desa (with members)
- visits: field visits, rawan resolution, recommendations into the follow-up ledger
- incidents: incidents and their workflow (INCIDENT_WORKFLOW)
- reports: citizen reports from the public form, moderated into incidents
- photos: photos of visits and incidents, metadata stripped
- rules: the kecamatan's situation rule
"""
