"""The one way opmkt renders rich output for a person: into text, coloured only when asked."""

from __future__ import annotations

import io
from typing import Any

from rich.console import Console


def console(buffer: io.StringIO, *, color: bool, width: int, **options: Any) -> Console:
    """A console writing to `buffer`: standard colours for a terminal, none otherwise; no
    highlighting or emoji codes, which would change the author's text."""
    return Console(
        file=buffer,
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        highlight=False,
        emoji=False,
        width=width,
        **options,
    )
