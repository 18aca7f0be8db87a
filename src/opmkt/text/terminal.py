"""The one way opmkt renders rich output for a person: into text, coloured only when asked."""

from __future__ import annotations

import io
from typing import Any

from rich.console import (
    Console,
    ConsoleOptions,
    ConsoleRenderable,
    RenderableType,
    RenderHook,
    RenderResult,
)
from rich.segment import Segment

from opmkt.findings import printable


class _Visible:
    """A renderable as it is, its text made visible: what rich would send to the terminal of
    a file name or plan text is text only, whatever the renderable (a table, a line)."""

    def __init__(self, renderable: RenderableType) -> None:
        self.renderable = renderable

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for segment in console.render(self.renderable, options):
            if segment.control:  # rich's own cursor moves, none from the text
                yield segment
            else:
                yield Segment(printable(segment.text, lines=True), segment.style)


class _ShowVisibly(RenderHook):
    def process_renderables(self, renderables: list[ConsoleRenderable]) -> list[ConsoleRenderable]:
        return [_Visible(renderable) for renderable in renderables]


def console(buffer: io.StringIO, *, color: bool, width: int, **options: Any) -> Console:
    """A console writing to `buffer`: standard colours for a terminal, none otherwise; no
    highlighting or emoji codes, which would change the author's text; every text shown
    through `printable`."""
    made = Console(
        file=buffer,
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        highlight=False,
        emoji=False,
        width=width,
        **options,
    )
    made.push_render_hook(_ShowVisibly())
    return made
