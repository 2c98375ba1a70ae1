"""Pages of the village documents (urls.py names them)."""
