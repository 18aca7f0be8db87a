"""`opmkt smart` for people and tools: the SMART checklist as a terminal table, Markdown or
JSON."""

from __future__ import annotations

import io
import json

from opmkt.i18n import _, ngettext
from opmkt.lint.smart import LETTERS, SmartRow
from opmkt.text.markdown import md_cell, md_indent


def render_json(rows: list[SmartRow], *, color: bool = False) -> str:
    document = {"objectives": {row.id: row.as_json() for row in rows}}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def render_markdown(rows: list[SmartRow], *, color: bool = False) -> str:
    objective, reasons = _("Objective"), _("Reasons")
    lines = [
        f"| {objective} | S | M | A | R | T | {reasons} |",
        "|---|:-:|:-:|:-:|:-:|:-:|---|",
    ]
    for row in rows:
        indent = md_indent(row.depth)
        marks = " | ".join("✓" if row.ok(letter) else "✗" for letter in LETTERS)
        reasons = "<br>".join(md_cell(r) for r in row.reasons())
        lines.append(f"| {indent}{md_cell(row.id)} {md_cell(row.title)} | {marks} | {reasons} |")
    return "\n".join(lines) + "\n"


def render_text(rows: list[SmartRow], *, color: bool) -> str:
    from rich.table import Table
    from rich.text import Text

    from opmkt.text.terminal import console as make_console

    table = Table(show_lines=False, header_style="bold", box=None, pad_edge=False)
    table.add_column(_("Objective"), no_wrap=True)
    for letter in "SMART":
        table.add_column(letter, justify="center")
    table.add_column(_("Why not"))
    for row in rows:
        label = Text("  " * row.depth + ("└ " if row.depth else "") + row.id, style="bold")
        label.append(f" {row.title}", style="")
        marks = [
            Text("✓", style="green") if row.ok(letter) else Text("✗", style="bold red")
            for letter in LETTERS
        ]
        table.add_row(label, *marks, Text("\n".join(row.reasons())))
    buffer = io.StringIO()
    console = make_console(buffer, color=color, width=160)
    console.print(table)
    passing = sum(row.passes for row in rows)
    console.print(_summary(passing, len(rows)), markup=False)
    return buffer.getvalue()


def _summary(passing: int, total: int) -> str:
    """`2 of 3 objectives are SMART`, `1 of 3 objectives is SMART`, `1 of 1 objective is …`."""
    if total == 0:
        return _("no objective to check")
    if total == 1:
        return _("{passing} of 1 objective is SMART").format(passing=passing)
    if passing == 1:
        one = ngettext(
            "1 of {total} objectives is SMART", "1 of {total} objectives is SMART", total
        )
        return one.format(total=total)
    said = ngettext(
        "{passing} of {total} objectives are SMART",
        "{passing} of {total} objectives are SMART",
        total,
    )
    return said.format(passing=passing, total=total)
