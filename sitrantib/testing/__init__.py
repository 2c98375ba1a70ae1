"""Test support shared by every app: factories and catalogue readers (not used at run time)."""
