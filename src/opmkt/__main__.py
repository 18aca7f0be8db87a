"""Entry point of the `opmkt` command and of `python -m opmkt`."""

from __future__ import annotations

import gc
import os
import sys


def main() -> None:
    # Answer `--version` before importing typer, pydantic or rich: it is the one command whose
    # start-up time people notice in scripts and shell prompts.
    if sys.argv[1:] == ["--version"]:
        from opmkt import __version__

        sys.stdout.write(f"opmkt {__version__}\n")
        return
    # Pydantic looks for plugins in every installed distribution's metadata when the first
    # model is built (~10 ms); the command line uses none.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    # Importing typer, pydantic and the command line makes many objects and no garbage: the
    # cycle collector would only walk them again and again (the run pauses it too).
    gc.disable()
    from opmkt.cli import run

    gc.enable()
    sys.exit(run())


if __name__ == "__main__":
    main()
