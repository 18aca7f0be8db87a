"""The report's typed view and the templates that read it: every name a shipped template uses
is a field of the view (read from the templates' syntax, so a branch no example reaches is
checked too), and every shipped template renders the view of both examples."""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from collections.abc import Iterator, Mapping, MutableMapping
from pathlib import Path

import pytest
from jinja2 import nodes
from markupsafe import escape

from opmkt.io.resources import templates_dir
from opmkt.report import build as core
from opmkt.report.view import ReportView
from opmkt.text.templating import environment
from opmkt.text.words import TABLES
from tests.report_support import AS_OF, PLANS

SHIPPED = sorted((templates_dir() / "report").glob("*.j2"))
ENGLISH = TABLES["report"]


class Unknown:
    """What the check cannot tell the type of (a filter's result, a macro's argument that calls
    give different types): names read from it are not checked."""


Scope = MutableMapping[str, object]


def _plain(kind: object) -> object:
    """`X | None` -> X: a template tests for None before it reads a field."""
    if isinstance(kind, types.UnionType) or typing.get_origin(kind) is typing.Union:
        rest = [arg for arg in typing.get_args(kind) if arg is not type(None)]
        return rest[0] if len(rest) == 1 else Unknown
    return kind


def _element(kind: object) -> object:
    """What a `for` over a value of this type binds: the items of a list."""
    if typing.get_origin(kind) is list:
        return _plain(typing.get_args(kind)[0])
    return Unknown


def _argument(calls: list[list[object]], i: int) -> object:
    """The type of a macro's i-th argument: the one every call gives it, if they agree."""
    given = [call[i] if i < len(call) else Unknown for call in calls]
    return given[0] if given and all(kind == given[0] for kind in given) else Unknown


class Checker:
    """Walks a template's syntax tree with the type of every name it can tell, and records
    each field read from a record of the view that the record does not have."""

    def __init__(self, template: str, calls: dict[str, list[list[object]]]) -> None:
        self.template = template
        self.calls = calls
        """The types each macro is called with, by macro: a macro's argument is checked when
        every call gives it the same type."""
        self.problems: list[str] = []
        self.checked = 0
        """Fields read from a record of the view, or words from `t`: names the check saw."""
        self.known = set(environment().globals) | {"loop", "self", "super", "varargs", "kwargs"}

    def member(self, kind: object, name: str, line: int) -> object:
        if isinstance(kind, type) and issubclass(kind, tuple) and hasattr(kind, "_fields"):
            hints = typing.get_type_hints(kind)
            self.checked += 1
            if name not in hints:
                self.problems.append(f"{self.template}:{line}: {kind.__name__} has no {name}")
                return Unknown
            return _plain(hints[name])
        if typing.get_origin(kind) is Mapping:  # `t`: the report's words
            self.checked += 1
            if name not in ENGLISH:
                self.problems.append(f"{self.template}:{line}: no word {name!r} in t")
            return str
        return Unknown

    def type_of(self, node: nodes.Node, scope: Scope) -> object:
        if isinstance(node, nodes.Name):
            if node.name in scope:
                return scope[node.name]
            if node.name not in self.known:
                self.problems.append(f"{self.template}:{node.lineno}: no name {node.name}")
            return Unknown
        if isinstance(node, nodes.Getattr):
            return self.member(self.type_of(node.node, scope), node.attr, node.lineno)
        if isinstance(node, nodes.Getitem):
            base = self.type_of(node.node, scope)
            key = node.arg
            if isinstance(key, nodes.Const) and isinstance(key.value, str):
                return self.member(base, key.value, node.lineno)
            self.type_of(key, scope)
            return _element(base) if isinstance(key, nodes.Const) else Unknown
        if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name):
            given = [self.type_of(arg, scope) for arg in node.args]
            if node.node.name in self.calls:
                self.calls[node.node.name].append(given)
            for part in [node.node, *node.kwargs, node.dyn_args, node.dyn_kwargs]:
                if part is not None:
                    self.visit(part, scope)
            return Unknown
        if isinstance(node, nodes.Add):
            left, right = self.type_of(node.left, scope), self.type_of(node.right, scope)
            return left if left == right else Unknown
        for child in node.iter_child_nodes():
            self.visit(child, scope)
        return Unknown

    def bind(self, target: nodes.Node, kind: object, scope: Scope) -> None:
        if isinstance(target, nodes.Name):
            scope[target.name] = kind
        elif isinstance(target, nodes.Tuple):
            for item in target.items:
                self.bind(item, Unknown, scope)

    def visit(self, node: nodes.Node, scope: Scope) -> None:
        if isinstance(node, nodes.For):
            inner = dict(scope)
            self.bind(node.target, _element(self.type_of(node.iter, scope)), inner)
            for part in [node.test, *node.body]:
                if part is not None:
                    self.visit(part, inner)
            for part in node.else_:
                self.visit(part, scope)
        elif isinstance(node, nodes.Macro | nodes.CallBlock):
            inner = dict(scope, caller=Unknown)
            calls = self.calls.get(node.name, []) if isinstance(node, nodes.Macro) else []
            for i, arg in enumerate(node.args):
                self.bind(arg, _argument(calls, i), inner)
            for default in node.defaults:
                self.visit(default, scope)
            if isinstance(node, nodes.CallBlock):
                self.visit(node.call, scope)
            for part in node.body:
                self.visit(part, inner)
        elif isinstance(node, nodes.Assign):
            self.bind(node.target, self.type_of(node.node, scope), scope)
        elif isinstance(node, nodes.Expr):
            self.type_of(node, scope)
        else:
            for child in node.iter_child_nodes():
                self.visit(child, scope)


def checked(source: str, name: str) -> Checker:
    """The template's names checked against the view."""
    tree = environment().parse(source, name)
    scope: Scope = {key: _plain(kind) for key, kind in typing.get_type_hints(ReportView).items()}
    # A template's macros can be called from any of its blocks.
    macros: dict[str, list[list[object]]] = {m.name: [] for m in tree.find_all(nodes.Macro)}
    scope.update(dict.fromkeys(macros, Unknown))
    # A first walk learns what each macro is called with, the second checks its body with it.
    Checker(name, macros).visit(tree, dict(scope))
    checker = Checker(name, {key: list(calls) for key, calls in macros.items()})
    checker.visit(tree, scope)
    return checker


def unknown_names(source: str, name: str) -> list[str]:
    """`template:line: ...` for each name the view does not have."""
    return checked(source, name).problems


@pytest.mark.parametrize("path", SHIPPED, ids=[p.name for p in SHIPPED])
def test_every_name_a_shipped_template_reads_is_in_the_view(path: Path) -> None:
    checker = checked(path.read_text(encoding="utf-8"), path.name)
    assert checker.problems == []
    if path.name.startswith("base."):
        # Most of what the report shows is read through a loop variable or a macro: the check
        # follows them, or it would pass by seeing nothing.
        assert checker.checked > 300


@pytest.mark.parametrize(
    ("source", "problem"),
    [
        ("{{ meta.nmae }}", "t.j2:1: Meta has no nmae"),
        ("{{ t.no_such_word }}", "t.j2:1: no word 'no_such_word' in t"),
        ('{{ t["no_such_word"] }}', "t.j2:1: no word 'no_such_word' in t"),
        (
            "\n{% for o in objectives %}{{ o.titel }}{% endfor %}",
            "t.j2:2: ObjectiveRow has no titel",
        ),
        ("{% if results %}{{ results.objectives[0].svgg }}{% endif %}", "ProgressRow has no svgg"),
        ("{% for g in action_groups %}{{ g.objective.name }}{% endfor %}", "GroupObjective has no"),
        ("{% for p in mix.four_p + mix.extra_p %}{{ p.txt }}{% endfor %}", "Lever has no txt"),
        ("{% set b = budget.by_month %}{{ b.charts }}", "Breakdown has no charts"),
        ("{{ undefined_here }}", "t.j2:1: no name undefined_here"),
        (
            "{% macro m(part) %}{{ part.rowz }}{% endmacro %}{{ m(budget.by_month) }}",
            "t.j2:1: Breakdown has no rowz",
        ),
    ],
)
def test_the_check_finds_a_name_the_view_does_not_have(source: str, problem: str) -> None:
    problems = unknown_names(source, "t.j2")
    assert len(problems) == 1 and problem in problems[0], problems


def test_the_check_leaves_what_it_cannot_type_alone() -> None:
    """A macro called with different types, a loop over a filter's result: names a template
    makes up."""
    source = (
        "{% macro m(part) %}{{ part.rowz }}{{ caller() }}{% endmacro %}{{ m(meta) }}"
        "{% call m(budget.by_objective) %}{{ loop }}{% endcall %}"
        "{% for p in audit.market | paragraphs %}{{ p.anything }}{% endfor %}"
        "{% for k in ['keep', 'drop'] %}{{ review[k] }}{% endfor %}"
    )
    assert unknown_names(source, "t.j2") == []


def views() -> Iterator[tuple[str, ReportView]]:
    for name, plan in PLANS.items():
        inputs = core.load_inputs(plan, None)
        yield name, core.build_view(inputs, as_of=dt.date.fromisoformat(AS_OF))
        without = dataclasses.replace(inputs, actuals=None)
        yield f"{name}-no-actuals", core.build_view(without, as_of=dt.date.fromisoformat(AS_OF))


VIEWS = dict(views())


@pytest.mark.parametrize("output_format", ["html", "md"])
@pytest.mark.parametrize("name", VIEWS)
def test_every_shipped_template_renders_the_typed_view(name: str, output_format: str) -> None:
    view = VIEWS[name]
    text = core.render(view, output_format)
    assert view.meta.name.split()[0] in text
    assert (view.results is not None) == (view.t["results_as_of"] in text)
    shown = escape if output_format == "html" else str
    assert all(shown(entry.title) in text for entry in view.contents)


def test_the_view_is_frozen() -> None:
    """A template, or a step after the view is built, cannot change what another reads."""
    view = VIEWS["fournil-dupont"]
    with pytest.raises(AttributeError):
        view.meta.name = "changed"  # type: ignore[misc]
