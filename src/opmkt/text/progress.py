"""A progress bar in plain text, for the terminal and the Markdown views alike."""

from __future__ import annotations

from fractions import Fraction

BAR_CELLS = 20


def bar(progress: Fraction | None, expected: Fraction) -> str:
    """A progress bar of 20 cells: `█` done, `┃` where it should be by now, `·` to go."""
    done = 0 if progress is None else max(0, min(BAR_CELLS, round(progress * BAR_CELLS)))
    mark = max(0, min(BAR_CELLS - 1, round(expected * BAR_CELLS) - 1)) if expected > 0 else -1
    cells = ["█" if i < done else "·" for i in range(BAR_CELLS)]
    if mark >= 0 and cells[mark] == "·":
        cells[mark] = "┃"
    return "".join(cells)
