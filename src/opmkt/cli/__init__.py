"""The `opmkt` command line: one thin module per command, and one place that sets exit codes."""

import gc
import io
import sys
from typing import TextIO

import typer

from opmkt import __version__
from opmkt.cli import conversion
from opmkt.cli.lazy import LazyGroup
from opmkt.errors import EXIT_INTERNAL, EXIT_USAGE, OpmktError

conversion.install()

# The commands are built from the registry when used (cli/lazy.py), not registered here.
app = typer.Typer(
    cls=LazyGroup,
    name="opmkt",
    help="Keep an operational marketing plan as code: scaffold, validate, and more.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"opmkt {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
    debug: bool = typer.Option(False, "--debug", help="Show the traceback of an internal error."),
    lang: str | None = typer.Option(
        None,
        "--lang",
        help="Speak this language (en, fr, es, de) instead of the plan's; also OPMKT_LANG.",
        metavar="LANG",
    ),
) -> None:
    """Keep an operational marketing plan as code: scaffold, validate, and more."""
    from opmkt.i18n import LANGUAGES, _, language, start, unknown_environment

    start()  # what an earlier command in this process was told is forgotten first
    languages = ", ".join(LANGUAGES)
    if lang is not None and not language(lang, default=""):
        said = _("{lang} is not a language opmkt speaks: choose one of {languages}")
        raise typer.BadParameter(
            said.format(lang=repr(lang), languages=languages), param_hint="--lang"
        )
    if lang is None and (unknown := unknown_environment()) is not None:
        said = _(
            "warning: OPMKT_LANG={value} is not a language opmkt speaks ({languages}): it is "
            "left unused"
        )
        sys.stderr.write(said.format(value=repr(unknown), languages=languages) + "\n")
    start(lang)


class _VisibleStream(io.TextIOBase):
    """Standard error as a person reads it: every message (an error naming a file, "wrote …",
    a usage error quoting an argument) shown through `printable`, so that a file name holding
    an escape sequence cannot retitle, clear or write to the clipboard of the terminal."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        # Every character `printable` escapes is one Python does not call printable: text
        # without one (help, most messages) is shown as it is, without importing findings.
        shown = text
        if not text.replace("\n", "").isprintable():
            from opmkt.findings import printable

            shown = printable(text, lines=True)
        self.stream.write(shown)
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return self.stream.isatty()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.stream, "encoding", None) or "utf-8"


def run(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit status; the one place where errors become exit codes."""
    stderr = sys.stderr
    sys.stderr = _VisibleStream(stderr)
    try:
        return _run(argv)
    finally:
        sys.stderr = stderr


def _run(argv: list[str] | None) -> int:
    args = sys.argv[1:] if argv is None else argv
    # A command builds large acyclic data (a plan is millions of small objects) and then ends:
    # cycle collection would rescan all of it again and again for nothing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        result = app(args=args, prog_name="opmkt", standalone_mode=False)
    except _STOPS as exc:
        return _stopped(exc)
    except Exception as exc:
        if "--debug" in args:
            raise
        sys.stderr.write(
            f"opmkt: internal error: {type(exc).__name__}: {exc} "
            "(a bug: rerun with --debug for details and report it)\n"
        )
        return EXIT_INTERNAL
    finally:
        if collecting:
            gc.enable()
    return result if isinstance(result, int) else 0


_STOPS = (
    typer.Exit,
    typer.TyperException,
    typer.Abort,
    OpmktError,
    KeyboardInterrupt,
    MemoryError,
)
"""What ends a run early without being a bug."""


def _stopped(exc: BaseException) -> int:
    """Say why a run stopped early, and its exit status."""
    if isinstance(exc, typer.Exit):
        return exc.exit_code
    if isinstance(exc, typer.TyperException):  # usage errors, shown with the command's usage
        show = getattr(exc, "show", None)
        if callable(show):
            show()
        else:
            sys.stderr.write(f"error: {exc.format_message()}\n")
        return exc.exit_code
    if isinstance(exc, OpmktError):  # the one place a command's error reaches the user
        for message in exc.messages:
            sys.stderr.write(f"error: {message}\n")
        return exc.exit_code
    if isinstance(exc, MemoryError):
        # Not a bug: the input needs more memory than the machine or a limit (ulimit -v) gives.
        sys.stderr.write(
            "error: out of memory: the input needs more memory than this process may use\n"
        )
        return EXIT_USAGE
    sys.stderr.write("aborted\n" if isinstance(exc, typer.Abort) else "interrupted\n")
    return 130


__all__ = ["EXIT_USAGE", "app", "run"]
