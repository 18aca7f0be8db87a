"""Where the files shipped with opmkt are: report and scaffold templates, JSON Schemas."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """A folder of shipped data: inside the installed package, or at the source tree's root.

    A wheel carries `templates/` and `schemas/` under `opmkt/data/`; an editable install
    runs from the source tree, where they sit at the repository's root.
    """
    installed = _PACKAGE / "data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parents[1] / name


def templates_dir() -> Path:
    return data_dir("templates")
