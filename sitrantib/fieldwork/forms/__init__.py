"""Forms of the field work, one module per area (registers, overview, records, reports, the
field reports: field_report shared by visit_form and incident_form, villages)."""
