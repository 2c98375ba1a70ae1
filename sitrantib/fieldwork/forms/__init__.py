"""Forms of the field work, one module per area (registers, overview, records, field, reports)."""
