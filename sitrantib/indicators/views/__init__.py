"""Pages of the indicators (urls.py names them)."""
