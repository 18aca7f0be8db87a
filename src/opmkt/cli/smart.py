"""`opmkt smart`: the SMART checklist of every objective, from validate's own findings."""

from __future__ import annotations

import io
import json
import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from opmkt.cli.options import PlanFiles, color_wanted
from opmkt.errors import EXIT_FAILED, EXIT_INTERNAL, EXIT_OK

if TYPE_CHECKING:
    from opmkt.lint.smart import SmartRow


class Format(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


def smart(
    files: PlanFiles,
    output_format: Annotated[
        Format, typer.Option("--format", "-f", help="Output format.")
    ] = Format.text,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 when any letter of any objective fails.")
    ] = False,
) -> int:
    """Show each objective as a tree with one column per letter of SMART and, on ✗, why."""
    from opmkt.cli.options import refuse
    from opmkt.errors import OpmktError
    from opmkt.lint.engine import validate as run_validation
    from opmkt.lint.smart import smart_rows
    from opmkt.plan.loader import not_loaded

    report = run_validation(files)
    # An actuals file that loads has no objectives to show: it is not a broken plan.
    problems: list[OpmktError] = [*report.unreadable]
    problems += [
        not_loaded(loaded, loaded.kind)
        for loaded in report.loaded.values()
        if loaded.plan is None and loaded.actuals is None
    ]
    refuse(problems)
    rows = smart_rows(report)
    render = {"text": _text, "json": _json, "markdown": _markdown}[output_format.value]
    sys.stdout.write(render(rows))
    if report.crashed:
        sys.stderr.write("error: a rule crashed: run `opmkt validate` to see it\n")
        return EXIT_INTERNAL
    if strict and not all(row.passes for row in rows):
        return EXIT_FAILED
    return EXIT_OK


def _json(rows: list[SmartRow]) -> str:
    document = {"objectives": {row.id: row.as_json() for row in rows}}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _markdown(rows: list[SmartRow]) -> str:
    from opmkt.lint.smart import LETTERS
    from opmkt.text.markdown import md_cell, md_indent

    lines = [
        "| Objective | S | M | A | R | T | Reasons |",
        "|---|:-:|:-:|:-:|:-:|:-:|---|",
    ]
    for row in rows:
        indent = md_indent(row.depth)
        marks = " | ".join("✓" if row.ok(letter) else "✗" for letter in LETTERS)
        reasons = "<br>".join(md_cell(r) for r in row.reasons)
        lines.append(f"| {indent}{md_cell(row.id)} {md_cell(row.title)} | {marks} | {reasons} |")
    return "\n".join(lines) + "\n"


def _text(rows: list[SmartRow]) -> str:
    from rich.table import Table
    from rich.text import Text

    from opmkt.lint.smart import LETTERS
    from opmkt.text.terminal import console as make_console

    color = color_wanted()
    table = Table(show_lines=False, header_style="bold", box=None, pad_edge=False)
    table.add_column("Objective", no_wrap=True)
    for letter in "SMART":
        table.add_column(letter, justify="center")
    table.add_column("Why not")
    for row in rows:
        label = Text("  " * row.depth + ("└ " if row.depth else "") + row.id, style="bold")
        label.append(f" {row.title}", style="")
        marks = [
            Text("✓", style="green") if row.ok(letter) else Text("✗", style="bold red")
            for letter in LETTERS
        ]
        table.add_row(label, *marks, Text("\n".join(row.reasons)))
    buffer = io.StringIO()
    console = make_console(buffer, color=color, width=160)
    console.print(table)
    passing = sum(row.passes for row in rows)
    console.print(_summary(passing, len(rows)), markup=False)
    return buffer.getvalue()


def _summary(passing: int, total: int) -> str:
    """`2 of 3 objectives are SMART`, `1 of 3 objectives is SMART`, `1 of 1 objective is …`."""
    if total == 0:
        return "no objective to check"
    noun = "objective" if total == 1 else "objectives"
    verb = "is" if passing == 1 or total == 1 else "are"
    return f"{passing} of {total} {noun} {verb} SMART"


def register(app: typer.Typer) -> None:
    app.command()(smart)
