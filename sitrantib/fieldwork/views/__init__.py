"""Pages of the field work, one module per concept (urls.py names them)."""
