"""Entry point of the `opmkt` command and of `python -m opmkt`."""

from __future__ import annotations

import gc
import os
import sys
import types


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
    _without_pydantic_plugins()
    # Importing typer, pydantic and the command line makes many objects and no garbage, and a
    # command builds large acyclic data, then ends: the cycle collector stays paused for the
    # whole process (the run pauses it too). Enabled again, its next pass would walk every
    # object made so far, for nothing: after the imports, and again before exiting.
    gc.disable()
    from opmkt.cli import run

    sys.exit(run())


def _without_pydantic_plugins() -> None:
    """Pydantic's plugin loader, as it answers with plugins disabled: none. Its module imports
    `importlib.metadata` (with email, zipfile, csv: ~11 ms) only to find plugins, even when the
    switch above says not to look; pydantic imports it where it builds its first validator."""
    if os.environ.get("PYDANTIC_DISABLE_PLUGINS") not in ("__all__", "1", "true"):
        return  # the user asked for plugins: pydantic's own loader finds them
    loader = types.ModuleType("pydantic.plugin._loader")
    loader.get_plugins = tuple  # type: ignore[attr-defined]
    sys.modules.setdefault(loader.__name__, loader)


if __name__ == "__main__":
    main()
