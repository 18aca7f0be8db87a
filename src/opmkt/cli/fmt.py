"""`opmkt fmt`: lay plan files out one canonical way, keeping comments, quoting and spelling."""

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer

from opmkt.cli.options import SkipNonPlans, plans_only
from opmkt.errors import EXIT_FAILED, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE
from opmkt.i18n import _, ngettext


@dataclass
class _Tally:
    changed: int = 0
    unchanged: int = 0
    not_yaml: int = 0
    unusable: int = 0
    refused: int = 0


def fmt(
    files: Annotated[
        list[Path], typer.Argument(help="Plan files (actuals files too).", metavar="PLAN")
    ],
    check: Annotated[
        bool,
        typer.Option("--check", help="Write nothing; name the files that would change and exit 1."),
    ] = False,
    diff: Annotated[
        bool, typer.Option("--diff", help="Print the changes as a unified diff; write nothing.")
    ] = False,
    skip_non_plans: SkipNonPlans = False,
) -> int:
    """Lay plan files out in one canonical layout: sections and keys in the order of the plan
    format, two-space indentation, one blank line between top-level sections.

    Comments, quoting, the spelling of numbers and dates, flow or block style, anchors, Unicode
    text and line endings stay as written; the file loads to exactly the same plan. Files are
    rewritten atomically, only when their layout changes. Exit status: 0 done (with --check:
    nothing to change), 1 a file would change (--check) or is not valid YAML, 2 a file cannot be
    read or written, 3 an internal error.
    """
    from opmkt.errors import FileError
    from opmkt.findings import say
    from opmkt.io.files import is_stdin, locked

    tally = _Tally()
    if skip_non_plans:
        files = [Path(name) for name in plans_only([str(path) for path in files])]
    writing = not (check or diff)
    for path in files:
        name = str(path)
        try:
            if writing and is_stdin(path):
                raise FileError(
                    say(
                        "{file}: standard input cannot be rewritten: use --check or --diff",
                        file=name,
                    )
                )
            if writing:
                # The read, the layout and the rename under the lock `track` takes: a record
                # written meanwhile is read here, not replaced by the text read before it.
                with locked(path, name):
                    _one(path, name, tally, check=check, diff=diff)
            else:
                _one(path, name, tally, check=check, diff=diff)
        except FileError as exc:
            sys.stderr.write(f"error: {exc.told()}\n")
            tally.unusable += 1
        except Exception as exc:  # a bug met on one file must not leave the others unformatted
            sys.stderr.write(
                f"error: {name}: opmkt: internal error: {type(exc).__name__}: {exc}; the file "
                "is left as it was (a bug in opmkt fmt: please report it with the file)\n"
            )
            tally.refused += 1
    sys.stderr.write(_summary(tally, written=not (check or diff)) + "\n")
    if tally.refused:
        return EXIT_INTERNAL
    if tally.unusable:
        return EXIT_USAGE
    if tally.not_yaml or (check and tally.changed):
        return EXIT_FAILED
    return EXIT_OK


def _one(path: Path, name: str, tally: _Tally, *, check: bool, diff: bool) -> None:
    """Lay one file out, counting the outcome in `tally`; a FileError is the caller's."""
    from opmkt.findings import printable
    from opmkt.fmt.format import FormatRefused, NotFormattable, format_bytes
    from opmkt.fmt.write import rewrite
    from opmkt.io.limits import read_source

    try:
        result = format_bytes(read_source(path, name))
    except NotFormattable as exc:
        problem = exc.problem
        told = problem.message if problem.said is None else printable(problem.said.told())
        sys.stderr.write(
            f"{name}:{problem.line}:{problem.column}: error {problem.rule} {told}\n"
            + _("{file}: not formatted: fix this first").format(file=name)
            + "\n"
        )
        tally.not_yaml += 1
        return
    except FormatRefused as exc:
        sys.stderr.write(
            f"error: {name}: {exc.message}; the file is left as it was "
            "(a bug in opmkt fmt: please report it with the file)\n"
        )
        tally.refused += 1
        return
    if not result.changed:
        tally.unchanged += 1
        return
    if diff:
        sys.stdout.write(printable(result.diff(name), lines=True))
    if check or diff:
        if check:
            sys.stderr.write(_("would reformat {file}").format(file=name) + "\n")
        tally.changed += 1
        return
    rewrite(path, name, result.formatted)
    sys.stderr.write(_("reformatted {file}").format(file=name) + "\n")
    tally.changed += 1


def _summary(tally: _Tally, *, written: bool) -> str:
    changed = tally.changed
    parts = [
        ngettext("{n} file reformatted", "{n} files reformatted", changed)
        if written
        else ngettext("{n} file would be reformatted", "{n} files would be reformatted", changed),
    ]
    parts[0] = parts[0].format(n=changed)
    unchanged = tally.unchanged
    said = ngettext("{n} file already formatted", "{n} files already formatted", unchanged)
    parts.append(said.format(n=unchanged))
    skipped = tally.not_yaml + tally.unusable + tally.refused
    if skipped:
        said = ngettext("{n} file not formatted", "{n} files not formatted", skipped)
        parts.append(said.format(n=skipped))
    return ", ".join(parts)


def register(app: typer.Typer) -> None:
    app.command()(fmt)
