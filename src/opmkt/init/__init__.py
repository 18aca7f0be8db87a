"""Scaffolding a new plan."""
