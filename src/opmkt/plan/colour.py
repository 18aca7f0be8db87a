"""Colours a plan gives its report: how well text in one reads on white (WCAG 2's contrast
ratio), and the nearest darker colour that reads."""

from __future__ import annotations

MINIMUM_CONTRAST = 4.5
"""WCAG 2 AA for text of ordinary size."""


def contrast_on_white(colour: str) -> float:
    """The contrast ratio of `#rrggbb` on white, from 1 (white) to 21 (black)."""
    return 1.05 / (_luminance(colour) + 0.05)


def readable(colour: str) -> str:
    """`colour` darkened step by step, keeping its hue, until text in it reads on white."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    scale = 1.0
    while True:
        shade = "#" + "".join(f"{round(c * scale):02x}" for c in (red, green, blue))
        if contrast_on_white(shade) >= MINIMUM_CONTRAST:
            return shade
        scale -= 0.02


def _luminance(colour: str) -> float:
    """The relative luminance of `#rrggbb` (WCAG 2)."""
    channels = []
    for i in (1, 3, 5):
        c = int(colour[i : i + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    red, green, blue = channels
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue
