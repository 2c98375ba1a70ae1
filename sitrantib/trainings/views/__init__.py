"""Pages of the trainings module, one module per concept (urls.py names them)."""
