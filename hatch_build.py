"""The build compiles the gettext catalogs: the wheel (and an editable install) gets each
language's `.mo`, compiled from the `.po` the sdist ships (see catalogs.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CatalogsHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "catalogs"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        spec = importlib.util.spec_from_file_location("catalogs", Path(self.root) / "catalogs.py")
        assert spec is not None and spec.loader is not None
        catalogs = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(catalogs)
        for mo in catalogs.compile_all():
            # The .mo files are ignored by git, which hatchling's file selection follows.
            build_data["force_include"][str(mo)] = str(mo.relative_to(Path(self.root) / "src"))
