"""The build compiles what a run would otherwise compile each time: the wheel (and an editable
install) gets each language's `.mo`, compiled from the `.po` the sdist ships (see catalogs.py),
and the shipped templates compiled to Python (opmkt.text.templating.precompile)."""

from __future__ import annotations

import importlib
import importlib.util
import sys
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CatalogsHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "catalogs"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        src = Path(self.root) / "src"
        spec = importlib.util.spec_from_file_location("catalogs", Path(self.root) / "catalogs.py")
        assert spec is not None and spec.loader is not None
        catalogs = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(catalogs)
        # The files are ignored by git, which hatchling's file selection follows.
        for built in [*catalogs.compile_all(), *_precompiled_templates(src)]:
            build_data["force_include"][str(built)] = str(built.relative_to(src))


def _precompiled_templates(src: Path) -> list[Path]:
    """The shipped templates compiled by the sources' own opmkt, into the sources' tree."""
    sys.path.insert(0, str(src))
    try:
        templating = importlib.import_module("opmkt.text.templating")
        written: list[Path] = templating.precompile(src / "opmkt" / "data" / "compiled")
    finally:
        sys.path.remove(str(src))
    return written
