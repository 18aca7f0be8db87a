"""The one Jinja environment of opmkt: sandboxed, strict about undefined names."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, select_autoescape
from jinja2.sandbox import SandboxedEnvironment


def yaml_str(value: Any) -> str:
    """A YAML double-quoted scalar holding `value` as text (JSON strings are valid YAML)."""
    return json.dumps(str(value), ensure_ascii=False)


def environment(*search_path: Path) -> SandboxedEnvironment:
    """Templates run sandboxed: a template from a repository under review cannot reach Python
    internals. Autoescape is on for HTML templates, chosen by file name."""
    env = SandboxedEnvironment(
        loader=FileSystemLoader([str(p) for p in search_path]),
        undefined=StrictUndefined,
        autoescape=select_autoescape(["html", "html.j2", "htm"], default=False),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["yaml_str"] = yaml_str
    return env
