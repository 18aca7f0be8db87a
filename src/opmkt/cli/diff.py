"""`opmkt diff`: what changed between two versions of a plan, each a file or `REV:path` in git."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from opmkt.cli.options import Force, LocaleOption, Output, check_output
from opmkt.errors import EXIT_FAILED, EXIT_OK


class Format(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


def diff(
    old: Annotated[
        str,
        typer.Argument(help="The plan before: a file, or REV:path read from git.", metavar="OLD"),
    ],
    new: Annotated[str, typer.Argument(help="The plan after: a file, or REV:path.", metavar="NEW")],
    output_format: Annotated[
        Format,
        typer.Option(
            "--format", "-f", help="Output format; markdown is ready for a pull-request comment."
        ),
    ] = Format.text,
    exit_code: Annotated[
        bool,
        typer.Option("--exit-code", help="Exit 1 when the plans differ, 0 when they do not."),
    ] = False,
    output: Output = None,
    force: Force = False,
    locale: LocaleOption = None,
) -> int:
    """Compare two versions of a plan by id: the budget total and by objective, budget lines
    added, removed or changed, and objectives and actions added, removed or changed field by
    field.

    REV:path is read with `git show` in the current folder's repository (HEAD~1:plan.yaml,
    main:plans/plan.yaml); a file of that exact name wins. Layout, comments and the order of
    items with an id are not changes.
    """
    from opmkt.diff.compare import compare, from_git, load_side
    from opmkt.plan.loader import not_loaded

    check_output(output, [Path(spec) for spec in (old, new) if not from_git(spec)])
    plans = []
    for spec in (old, new):
        loaded = load_side(spec)
        if loaded.plan is None:
            how = None
            if from_git(spec):  # `opmkt validate` reads files: write that version to one
                how = f"git show {spec} > FILE, then `opmkt validate FILE`"
            raise not_loaded(loaded, "plan", how=how)
        plans.append(loaded.plan)
    result = compare(plans[0], plans[1], old, new)
    if output_format is Format.json:
        import json

        content = json.dumps(result.as_json(), ensure_ascii=False, indent=2) + "\n"
    else:
        from opmkt.diff.view import render_markdown, render_text

        if output_format is Format.markdown:
            content = render_markdown(result, locale)
        else:
            from opmkt.findings import printable

            # Text for a terminal: plan text with a bidi override or a zero-width character
            # shows it, escaped.
            content = printable(render_text(result, locale), lines=True)
    if output is not None:
        from opmkt.io.files import write_atomic

        write_atomic(output, content, force=force)
        sys.stderr.write(f"wrote {output}\n")
    else:
        sys.stdout.write(content)
    return EXIT_FAILED if exit_code and result.differs else EXIT_OK


def register(app: typer.Typer) -> None:
    app.command()(diff)
