"""Test support shared by every app: factories and catalogue readers (for tests and benchmarks)."""
