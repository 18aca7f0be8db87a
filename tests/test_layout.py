"""The package's layout follows the flow file → load → model → checks / roll-ups → views →
command line: every import points down it, read from the source of every module."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "opmkt"
DATA = PACKAGE / "data"

# Each stage may import from its own package and from the stages before it, never after.
STAGES: tuple[tuple[str, ...], ...] = (
    ("errors", "findings", "i18n"),
    ("io",),
    ("plan",),
    ("text",),
    ("lint",),
    ("budget", "fmt", "track", "calendar"),
    ("status", "diff"),
    ("rollover", "report", "init", "lsp"),
    ("cli",),
)
RANK = {name: rank for rank, names in enumerate(STAGES) for name in names}

# Modules that turn figures into what a reader sees. Code that computes never imports them.
VIEWS = {
    "opmkt.lint.formats",
    "opmkt.lint.sarif",
    "opmkt.lint.gitlab",
    "opmkt.lint.smart_view",
    "opmkt.budget.export",
    "opmkt.budget.table",
    "opmkt.budget.xlsx",
    "opmkt.budget.side",
    "opmkt.status.view",
    "opmkt.status.side",
    "opmkt.diff.view",
    "opmkt.calendar.ics",
}


def modules() -> Iterator[tuple[str, Path]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        if DATA in path.parents:
            continue  # the shipped templates compiled by the build: Jinja's code
        parts = path.relative_to(SRC).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        yield ".".join(parts), path


def imports(path: Path) -> Iterator[tuple[int, str]]:
    """Every opmkt module a file imports, at any depth of its code, with the line."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "opmkt":
                yield from ((node.lineno, f"opmkt.{alias.name}") for alias in node.names)
            elif node.module.startswith("opmkt."):
                yield node.lineno, node.module
        elif isinstance(node, ast.Import):
            yield from ((node.lineno, a.name) for a in node.names if a.name.startswith("opmkt."))


def stage(module: str) -> str | None:
    """The top package of a module below opmkt, or None for opmkt itself and its entry point."""
    parts = module.split(".")
    if len(parts) < 2 or parts[1] in {"__main__", "__version__"}:
        return None
    return parts[1]


def is_view(module: str) -> bool:
    # A feature's `outputs` registry names its views (imported only when chosen); the
    # registry's own machinery, io/outputs.py, knows none.
    feature_outputs = module.endswith(".outputs") and module != "opmkt.io.outputs"
    return module in VIEWS or module.startswith("opmkt.report.") or feature_outputs


ALL = list(modules())


def test_every_package_has_a_stage() -> None:
    packages = {stage(name) for name, _ in ALL} - {None}
    assert packages - RANK.keys() == set(), "place each new package in STAGES"


@pytest.mark.parametrize(("module", "path"), ALL, ids=[name for name, _ in ALL])
def test_imports_point_down_the_flow(module: str, path: Path) -> None:
    own = stage(module)
    if own is None:
        return
    upward = [
        f"line {line}: {target}"
        for line, target in imports(path)
        if (other := stage(target)) is not None and other != own and RANK[other] > RANK[own]
    ]
    assert upward == [], f"{module} imports from a later stage"


@pytest.mark.parametrize(("module", "path"), ALL, ids=[name for name, _ in ALL])
def test_code_that_computes_imports_no_view(module: str, path: Path) -> None:
    if is_view(module) or stage(module) in {None, "cli"}:
        return
    views = [f"line {line}: {target}" for line, target in imports(path) if is_view(target)]
    assert views == [], f"{module} imports a view"


def test_an_import_inside_a_function_counts(tmp_path: Path) -> None:
    """Lazy imports, inside functions, are most of the package's imports: the walk sees them."""
    source = tmp_path / "lazy.py"
    source.write_text("def f():\n    from opmkt.cli import app\n    return app\n")
    assert list(imports(source)) == [(2, "opmkt.cli")]
    assert RANK["cli"] > RANK["plan"]
