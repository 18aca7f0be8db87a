"""`opmkt lsp`: the language server, for editors: plans checked as they are typed."""

import sys

import typer

from opmkt.errors import UsageError


def lsp() -> int:
    """Run the language server on stdin and stdout, for an editor to start.

    It reports what `opmkt validate` reports as you type, and completes ids, shows an
    objective's or a budget line's figures on hover, goes to definitions and references,
    renames ids across the plan and its actuals file, and offers quick fixes. Editor set-up:
    docs/editors.md.
    """
    # pygls and the checks load only here: other commands' start-up does not pay for them.
    from opmkt.lsp.server import serve

    if sys.stdin.isatty():
        sys.stderr.write(
            "opmkt lsp: waiting for an editor's messages on standard input "
            "(docs/editors.md says how editors start it); Ctrl-C stops it\n"
        )
    try:
        serve()
    except OSError as exc:
        from opmkt.findings import say

        raise UsageError(
            say(
                "opmkt lsp talks to an editor over standard input and output, and cannot read "
                "its input: {why}",
                why=exc.strerror or str(exc),
            )
        ) from None
    return 0


def register(app: typer.Typer) -> None:
    app.command()(lsp)
