"""Planned, committed, actual, available and landing of a plan as of a date."""
