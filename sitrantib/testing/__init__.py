"""Test support shared by every app: builders of test data and catalogue readers.

Production code never imports it; benchmarks build their data with each app's benchdata module.
"""
