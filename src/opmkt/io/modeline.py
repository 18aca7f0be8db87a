"""The editor modeline that names a YAML file's schema, as yaml-language-server reads it."""

from __future__ import annotations

import re

_MODELINE = re.compile(r"^#\s*yaml-language-server:\s*\$schema=(\S+)\s*$", re.MULTILINE)


def schema_of(text: str) -> str | None:
    """The schema the first modeline line of `text` names, or None."""
    match = _MODELINE.search(text)
    return match.group(1) if match is not None else None


def modeline(schema: str) -> str:
    """The modeline line (no line break) that points an editor at `schema`."""
    return f"# yaml-language-server: $schema={schema}"
