"""Rewriting a plan file in the canonical layout, keeping its comments."""
