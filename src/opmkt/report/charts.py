"""The report's charts: inline SVG for HTML, and the Mermaid gantt block for Markdown.

Pure functions over prepared labels and numbers. Every text that reaches an SVG is escaped;
each chart is an image to assistive technology (`role="img"` and a `<title>`, its first
child, that says its data in words); colours have at least 3:1 contrast with the white page and text
is dark on white; there are no scripts, no links and no references outside the chart. The
result is `Markup`, so the template's autoescape leaves it as it is.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from typing import NamedTuple

from markupsafe import Markup, escape

INK = "#1f2933"
MUTED = "#4a5568"
GRID = "#cbd2d9"
TRACK = "#e6e9ee"
PRIMARY = "#1d4e89"
SECOND = "#c2410c"
PLANNED = "#7a8699"
DONE = "#2f855a"

_FONT = 'font-family="inherit" font-size="13"'
_LABEL_CHARS = 48


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _cut(text: str, width: int = _LABEL_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _svg(width: float, height: float, summary: str, body: list[str]) -> Markup:
    # The <title> is the chart's accessible name (its data in words); plan text goes into
    # element content only, never into an attribute.
    head = (
        f'<svg class="chart" role="img" width="{_num(width)}" height="{_num(height)}" '
        f'viewBox="0 0 {_num(width)} {_num(height)}"><title>{escape(summary)}</title>'
    )
    return Markup(head + "".join(body) + "</svg>")


def _text(x: float, y: float, text: str, *, anchor: str = "start", fill: str = INK) -> str:
    return (
        f'<text x="{_num(x)}" y="{_num(y)}" text-anchor="{anchor}" fill="{fill}" {_FONT}>'
        f"{escape(text)}</text>"
    )


def _rect(x: float, y: float, w: float, h: float, fill: str, extra: str = "") -> str:
    return (
        f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(max(w, 0.0))}" '
        f'height="{_num(h)}" fill="{fill}"{extra}/>'
    )


class Bar(NamedTuple):
    """One row of a bar chart: its label, its size and the figure written beside it."""

    label: str
    value: float
    text: str
    indent: int = 0


def bar_chart(bars: Sequence[Bar], summary: str) -> Markup:
    """Horizontal bars, one per row, labelled on the left and with their figure on the right."""
    width, label_w, value_w, row_h = 960.0, 360.0, 130.0, 26.0
    bar_w = width - label_w - value_w - 20
    top = max((b.value for b in bars), default=0.0)
    body: list[str] = []
    for i, one in enumerate(bars):
        y = 8 + i * row_h
        indent = 12 * min(one.indent, 4)
        length = 0.0 if top <= 0 else bar_w * max(one.value, 0.0) / top
        body.append(f"<g><title>{escape(one.label)}: {escape(one.text)}</title>")
        body.append(_text(4 + indent, y + 15, _cut(one.label, _LABEL_CHARS - one.indent * 2)))
        body.append(_rect(label_w, y + 3, length, row_h - 8, PRIMARY))
        body.append(_text(label_w + length + 6, y + 15, one.text))
        body.append("</g>")
    height = 16 + row_h * max(len(bars), 1)
    return _svg(width, height, summary, body)


class Series(NamedTuple):
    """One set of columns: its name (in the legend) and one value per category."""

    name: str
    values: Sequence[float]
    color: str
    outline: bool = False
    """Drawn as an outline of its colour: what is expected, not what is."""


def column_chart(
    categories: Sequence[str], series: Sequence[Series], summary: str, *, top_label: str = ""
) -> Markup:
    """Vertical columns per category (a month), one per series side by side, with a legend
    and a dashed line at the highest value, labelled `top_label`."""
    width, left, bottom, plot_h = 960.0, 12.0, 44.0, 200.0
    legend_h = 24.0 if len(series) > 1 else 0.0
    top = max((v for s in series for v in s.values), default=0.0)
    slot = (width - left * 2) / max(len(categories), 1)
    column = min(28.0, (slot - 8) / max(len(series), 1))
    base = legend_h + 10 + plot_h
    body = [
        f'<line x1="{_num(left)}" y1="{_num(base)}" x2="{_num(width - left)}" '
        f'y2="{_num(base)}" stroke="{MUTED}" stroke-width="1"/>'
    ]
    if top_label and top > 0:
        y = base - plot_h
        body.append(
            f'<line x1="{_num(left)}" y1="{_num(y)}" x2="{_num(width - left)}" y2="{_num(y)}" '
            f'stroke="{MUTED}" stroke-width="1" stroke-dasharray="4 4"/>'
        )
        body.append(_text(width - left, y - 5, top_label, anchor="end", fill=MUTED))
    for k, one in enumerate(series if len(series) > 1 else []):
        x = left + k * 180
        body.append(_rect(x, 6, 12, 12, *_column_style(one)))
        body.append(_text(x + 18, 16, one.name))
    for i, name in enumerate(categories):
        x0 = left + i * slot + (slot - column * len(series)) / 2
        for k, one in enumerate(series):
            value = one.values[i] if i < len(one.values) else 0.0
            h = 0.0 if top <= 0 else plot_h * max(value, 0.0) / top
            if h > 0 or not one.outline:  # an empty outline would draw a line on the axis
                body.append(_rect(x0 + k * column, base - h, column - 2, h, *_column_style(one)))
        body.append(_text(left + i * slot + slot / 2, base + 18, _cut(name, 10), anchor="middle"))
    return _svg(width, base + bottom - 18, summary, body)


def _column_style(one: Series) -> tuple[str, str]:
    if one.outline:
        return "#ffffff", f' stroke="{one.color}" stroke-width="2" stroke-dasharray="4 2"'
    return one.color, ""


class GanttRow(NamedTuple):
    """A row of the Gantt chart: an objective's heading (no dates) or an action's bar."""

    label: str
    start: dt.date | None = None
    end: dt.date | None = None
    state: str = "planned"
    """planned | in_progress | done | cancelled: the bar's colour and style."""
    heading: bool = False
    late: bool = False
    """Past its end and neither done nor cancelled: outlined and flagged."""


_STATE_STYLE = {
    "planned": (PLANNED, ""),
    "in_progress": (PRIMARY, ""),
    "done": (DONE, ""),
    "cancelled": ("#ffffff", f' stroke="{MUTED}" stroke-dasharray="4 3"'),
}


def gantt(
    rows: Sequence[GanttRow],
    start: dt.date,
    end: dt.date,
    ticks: Sequence[tuple[dt.date, str]],
    legend: Sequence[tuple[str, str]],
    summary: str,
    today: tuple[dt.date, str] | None = None,
) -> Markup:
    """Actions as bars on the plan's calendar, grouped under their objectives' headings,
    with a tick per month; `legend` pairs each state (and `late`) with its word. `today`: a
    line on that day, labelled, when it falls on the calendar."""
    width, label_w, row_h, head_h = 960.0, 340.0, 22.0, 52.0
    plot_w = width - label_w - 12
    days = max((end - start).days + 1, 1)

    def x_of(day: dt.date) -> float:
        offset = min(max((day - start).days, 0), days)
        return label_w + plot_w * offset / days

    body: list[str] = []
    for k, (state, word) in enumerate(legend):
        fill, extra = _STATE_STYLE.get(state, _LATE_STYLE)
        x = label_w + k * 124
        body.append(_rect(x, 6, 12, 12, fill, extra))
        body.append(_text(x + 18, 16, word))
    marked = today is not None and start <= today[0] <= end
    # Below the last row, room for the words of the day's line.
    height = head_h + row_h * len(rows) + (26 if marked else 8)
    for day, name in ticks:
        x = x_of(day)
        body.append(
            f'<line x1="{_num(x)}" y1="{_num(head_h - 6)}" x2="{_num(x)}" '
            f'y2="{_num(height - 4)}" stroke="{GRID}" stroke-width="1"/>'
        )
        body.append(_text(x + 3, head_h - 10, name, fill=MUTED))
    for i, row in enumerate(rows):
        body.extend(_gantt_row(row, head_h + i * row_h, row_h, x_of, label_w + plot_w))
    if today is not None and marked:
        x = x_of(today[0]) + plot_w / days / 2
        body.append(
            f'<line x1="{_num(x)}" y1="{_num(head_h - 4)}" x2="{_num(x)}" '
            f'y2="{_num(height - 4)}" stroke="{SECOND}" stroke-width="2" '
            'stroke-dasharray="5 3"/>'
        )
        anchor = "end" if x > label_w + plot_w * 0.8 else "start"
        shift = -4 if anchor == "end" else 4
        body.append(_text(x + shift, height - 8, today[1], anchor=anchor, fill=SECOND))
    return _svg(width, height, summary, body)


_LATE_STYLE = ("#ffffff", f' stroke="{SECOND}" stroke-width="2"')


def _gantt_row(
    row: GanttRow, y: float, row_h: float, x_of: Callable[[dt.date], float], right: float
) -> list[str]:
    """One row of the Gantt: an objective's heading, or an action's label and bar (a late
    one outlined in the alert colour, with a `!` after it)."""
    if row.heading:
        return [
            f'<text x="4" y="{_num(y + 15)}" fill="{INK}" {_FONT} font-weight="bold">'
            f"{escape(_cut(row.label, 46))}</text>"
        ]
    out = [f"<g><title>{escape(row.label)}</title>", _text(14, y + 15, _cut(row.label, 46))]
    if row.start is not None and row.end is not None:
        fill, extra = _STATE_STYLE.get(row.state, _STATE_STYLE["planned"])
        x1 = x_of(row.start)
        # To the end of its last day: one day's width past its start (dates stop at
        # 9999-12-31, which has no day after).
        x2 = min(x_of(row.end + dt.timedelta(days=1)) if row.end < dt.date.max else right, right)
        if row.late:
            extra = f' stroke="{SECOND}" stroke-width="2"'
        out.append(_rect(x1, y + 4, max(x2 - x1, 2.0), row_h - 8, fill, extra))
        if row.late:
            out.append(
                f'<text x="{_num(x2 + 4)}" y="{_num(y + 15)}" fill="{SECOND}" {_FONT} '
                'font-weight="bold">!</text>'
            )
    out.append("</g>")
    return out


def progress_bar(progress: float | None, expected: float, summary: str) -> Markup:
    """A small bar: filled to the progress (capped at the end), with a mark where the
    objective should be by now."""
    width, height, pad = 160.0, 18.0, 1.0
    inner = width - 2 * pad
    done = 0.0 if progress is None else min(max(progress, 0.0), 1.0)
    mark = pad + inner * min(max(expected, 0.0), 1.0)
    body = [
        _rect(pad, 3, inner, 12, TRACK, f' stroke="{MUTED}" stroke-width="1"'),
        _rect(pad, 3, inner * done, 12, PRIMARY),
        f'<line x1="{_num(mark)}" y1="0" x2="{_num(mark)}" y2="{_num(height)}" '
        f'stroke="{SECOND}" stroke-width="3"/>',
    ]
    return _svg(width, height, summary, body)


class TargetLine(NamedTuple):
    """Where an indicator should go: from its baseline at the plan's start to its target by
    the deadline."""

    start: dt.date
    baseline: float
    deadline: dt.date
    target: float


def trend(
    points: Sequence[tuple[dt.date, float]],
    line: TargetLine | None,
    period: tuple[dt.date, dt.date],
    summary: str,
) -> Markup:
    """A small chart of an indicator over the plan's period: its measurements joined by a
    line, the latest one marked, and its target line dashed."""
    width, height, pad = 240.0, 56.0, 5.0
    first, last = period
    days = max((last - first).days, 1)
    values = [v for _, v in points] + ([line.baseline, line.target] if line else [])
    low, high = min(values), max(values)
    span = (high - low) or 1.0

    def xy(day: dt.date, value: float) -> str:
        offset = min(max((day - first).days, 0), days)
        x = pad + (width - 2 * pad) * offset / days
        y = height - pad - (height - 2 * pad) * (value - low) / span
        return f"{_num(x)},{_num(y)}"

    body = [
        f'<line x1="{_num(pad)}" y1="{_num(height - pad)}" x2="{_num(width - pad)}" '
        f'y2="{_num(height - pad)}" stroke="{GRID}" stroke-width="1"/>'
    ]
    if line is not None:
        ends = f"{xy(line.start, line.baseline)} {xy(line.deadline, line.target)}"
        body.append(
            f'<polyline points="{ends}" fill="none" stroke="{SECOND}" stroke-width="2" '
            'stroke-dasharray="5 3"/>'
        )
    path = " ".join(xy(day, value) for day, value in points)
    body.append(f'<polyline points="{path}" fill="none" stroke="{PRIMARY}" stroke-width="2"/>')
    x, y = xy(*points[-1]).split(",")
    body.append(f'<circle cx="{x}" cy="{y}" r="3.5" fill="{PRIMARY}"/>')
    return _svg(width, height, summary, body)


# ---------------------------------------------------------------------------------------------
# Mermaid

# What Mermaid 11 cannot read as written, found with its own parser (tests/test_mermaid.py);
# everything else (`%`, `&`, `;`, quotes, `<`, Unicode) stays as the author wrote it. Mermaid
# reads `#NUMBER;` as the character of that code everywhere, so that is how a character is
# escaped: the chart shows it as written.
#   - `%%` starts a comment (or a `%%{init}%%` directive): `%` before `%` is written `#37;`.
#   - `#word;` is read as an entity: its `#` is written `#35;`.
#   - in a task, `:` starts the task's data: written `#58;`; in a section it is text, unless
#     the line also holds `style` or `classDef`, where Mermaid drops the line's last `;`.
#   - a task that starts with a keyword or a date is read as that statement: its first
#     character is escaped.
# `<` and `>` parse, but Mermaid may draw labels as HTML and a Markdown viewer may show the
# block's source: they are written `#60;` and `#62;`, so that no tag from the plan is in it.
_ENTITY_LIKE = re.compile(r"#(?=[A-Za-z0-9_]+;)")
_ANGLES = str.maketrans({"<": "#60;", ">": "#62;"})
_PERCENT_PAIR = re.compile(r"%(?=%)")
_STYLE_RULE = re.compile(r"style|classDef")
# Words that start a statement instead of a task (the lexer is case-insensitive and many of
# its rules need no space after the word).
_MERMAID_KEYWORDS = (
    "gantt",
    "dateformat",
    "inclusiveenddates",
    "topaxis",
    "axisformat",
    "tickinterval",
    "includes",
    "excludes",
    "todaymarker",
    "title",
    "acctitle",
    "accdescr",
    "section",
    "click",
    "call",
    "href",
    "weekday",
    "weekend",
)


_MERMAID_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def mermaid_text(text: str, width: int = 60, *, task: bool = False) -> str:
    """Plan text for a line of a Mermaid gantt: on one line, cut at `width` characters, with
    what Mermaid would read otherwise escaped, so that the chart shows it as written."""
    plain = " ".join(text.split())  # a line break ends a statement
    plain = plain if len(plain) <= width else plain[: width - 1].rstrip() + "…"
    if not plain:
        return "·"
    plain = _PERCENT_PAIR.sub("#37;", _ENTITY_LIKE.sub("#35;", plain)).translate(_ANGLES)
    if task or _STYLE_RULE.search(plain):
        plain = plain.replace(":", "#58;")
    if task and (plain.lower().startswith(_MERMAID_KEYWORDS) or _MERMAID_DATE.match(plain)):
        plain = f"#{ord(plain[0])};{plain[1:]}"
    return plain


class MermaidTask(NamedTuple):
    label: str
    start: dt.date
    end: dt.date
    state: str = "planned"


def mermaid_gantt(
    title: str,
    sections: Sequence[tuple[str, Sequence[MermaidTask]]],
    marker: tuple[str, dt.date] | None = None,
) -> str:
    """The text of a ```mermaid block: a gantt chart with one section per objective and one
    task per dated action, ISO dates, end dates included; `marker`, a milestone in a last
    section of its own at a date (the results'): Mermaid's own today line only knows the
    reader's today."""
    tag = {"done": "done, ", "in_progress": "active, "}
    out = [
        "gantt",
        f"    title {mermaid_text(title)}",
        "    dateFormat YYYY-MM-DD",
        "    axisFormat %Y-%m",
        "    inclusiveEndDates",
    ]
    for name, tasks in sections:
        if not tasks:
            continue
        out.append(f"    section {mermaid_text(name, 40)}")
        for task in tasks:
            out.append(
                f"    {mermaid_text(task.label, task=True)} :{tag.get(task.state, '')}"
                f"{task.start.isoformat()}, {task.end.isoformat()}"
            )
    if marker is not None:
        label, day = marker
        out.append(f"    section {mermaid_text(label, 40)}")
        out.append(f"    {mermaid_text(label, task=True)} :milestone, {day.isoformat()}, 0d")
    return "\n".join(out)
