"""opmkt: keep an operational marketing plan as code."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["Finding", "Severity", "__version__", "load_plan", "validate"]

if TYPE_CHECKING:
    from opmkt.findings import Finding, Severity
    from opmkt.lint.engine import validate
    from opmkt.plan.loader import load_plan

# The public API is resolved lazily so that `opmkt --version` imports nothing heavy.
_LAZY = {
    "Finding": "opmkt.findings",
    "Severity": "opmkt.findings",
    "load_plan": "opmkt.plan.loader",
    "validate": "opmkt.lint.engine",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'opmkt' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
