"""Entry point of the `opmkt` command and of `python -m opmkt`."""

from __future__ import annotations

import sys


def main() -> None:
    # Answer `--version` before importing typer, pydantic or rich: it is the one command whose
    # start-up time people notice in scripts and shell prompts.
    if sys.argv[1:] == ["--version"]:
        from opmkt import __version__

        sys.stdout.write(f"opmkt {__version__}\n")
        return
    from opmkt.cli import run

    sys.exit(run())


if __name__ == "__main__":
    main()
