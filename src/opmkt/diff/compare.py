"""What changed between two versions of a plan, by id: budget figures, objectives, actions."""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from opmkt.budget.rollup import line_items
from opmkt.errors import FileError, UsageError
from opmkt.findings import say
from opmkt.io.limits import MAX_FILE_BYTES
from opmkt.plan.loader import Loaded, load_bytes, load_plan, not_loaded
from opmkt.plan.model import Budget, Plan
from opmkt.plan.money import EXACT, exact_sum, round_money
from opmkt.plan.walk import walk_objectives

Value = str | int | bool | list[Any] | dict[str, Any] | None
"""A field's value as JSON: decimals as plain strings, dates ISO, lists as lists."""
FieldChanges = dict[str, tuple[Value, Value]]

SECTIONS = ("team", "audit", "review", "mix", "five_c", "kpis", "budget", "lint")
"""Other sections: reported by what changed in them (fields, or ids), not how."""
_BY_ID = ("team", "kpis")

_ZERO = Decimal(0)


# ---------------------------------------------------------------------------------------------
# Reading each side: a file, or REV:path from git


def load_side(spec: str, cwd: Path | None = None) -> Loaded:
    """Load one side of a diff: a file, or `REV:path` read from the git repository of `cwd`.

    A file of that name wins over git, so a path holding a colon still works. A revision or
    path git does not have, or git missing, is a FileError (exit 2). Bad content is not an
    error here: the result has no plan, and findings say why.
    """
    if not from_git(spec):
        return load_plan(Path(spec), spec)
    # Straight from git into memory: a blob is never written anywhere else.
    return load_bytes(_git_show(spec, cwd), spec, expect="plan")


def require_side(spec: str) -> Plan:
    """The plan of one side of a diff, or the error that says why there is none (see
    `plan.loader.require`); a side from git says how to validate that version."""
    loaded = load_side(spec)
    if loaded.plan is None:
        how = None
        if from_git(spec):  # `opmkt validate` reads files: write that version to one
            how = say("git show {spec} > FILE, then `opmkt validate FILE`", spec=spec)
        raise not_loaded(loaded, "plan", how=how)
    return loaded.plan


def from_git(spec: str) -> bool:
    """Whether a side is `REV:path` in git rather than a file."""
    return ":" in spec and not Path(spec).exists()


def _git_show(spec: str, cwd: Path | None) -> bytes:
    """The blob's bytes, once git has said it is a file within the size opmkt reads."""
    if spec.startswith("-"):
        raise UsageError(f"{spec}: a revision does not start with '-'")
    # One object id for the three questions, so that a moving ref cannot change the answer.
    try:
        oid = _git(["rev-parse", "--verify", "--quiet", spec], spec, cwd).decode().strip()
    except FileError:
        # `git show` says best what is missing (and hints at the path meant); it outputs
        # nothing here, since there is nothing by that name.
        _git(["show", "--no-textconv", spec], spec, cwd)
        raise FileError(f"{spec}: git cannot read it") from None
    kind = _git(["cat-file", "-t", oid], spec, cwd).decode("ascii", "replace").strip()
    if kind != "blob":
        raise FileError(f"{spec}: is a folder in git, not a file")
    size = int(_git(["cat-file", "-s", oid], spec, cwd))
    if size > MAX_FILE_BYTES:
        raise FileError(
            f"{spec}: the file is larger than the {MAX_FILE_BYTES // 1024 // 1024} MiB opmkt reads"
        )
    return _git(["cat-file", "blob", oid], spec, cwd)


def _git(args: list[str], spec: str, cwd: Path | None) -> bytes:
    try:
        done = subprocess.run(["git", *args], capture_output=True, cwd=cwd, check=False)
    except FileNotFoundError:
        raise FileError(f"{spec}: no such file, and git is not installed to read it") from None
    if done.returncode != 0:
        raise FileError(f"{spec}: {_git_message(done.stderr)}")
    return done.stdout


def _git_message(stderr: bytes) -> str:
    """git's complaint on one line: its `fatal:` line, and its hint if it gives one."""
    lines = [line.strip() for line in stderr.decode("utf-8", "replace").splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        return "git cannot read it"
    message = lines[0].removeprefix("fatal: ").removeprefix("error: ").rstrip(".")
    hint = " ".join(line.removeprefix("hint: ") for line in lines[1:] if line.startswith("hint:"))
    return f"{message} ({hint[:1].lower()}{hint[1:]})" if hint else message


# ---------------------------------------------------------------------------------------------
# The comparison


@dataclass
class IdChanges:
    """Items of one kind, matched by id: moving one in the file is not a change."""

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: dict[str, FieldChanges] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)

    def as_json(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "removed": self.removed,
            "changed": {key: _pairs(fields) for key, fields in self.changed.items()},
        }


Figure = tuple[Decimal | None, Decimal | None]
"""An amount before and after, exact; None where a line's currency has no exchange rate."""


@dataclass
class PlanDiff:
    """Two plans compared. Amounts are exact, each in its side's currency."""

    old_name: str
    new_name: str
    old_currency: str
    new_currency: str
    locale: str | None
    total: tuple[Decimal, Decimal]
    lines: dict[str, Figure]
    """Every line of either side (None on the side it is not in, or when it has no rate)."""
    lines_added: list[str]
    lines_removed: list[str]
    lines_changed: list[str]
    by_objective: dict[str, tuple[Decimal, Decimal]]
    """Only the objectives whose budget changed (an objective on one side only counts 0)."""
    objectives: IdChanges
    actions: IdChanges
    plan: FieldChanges
    """Changes to the `plan:` section: name, period, currency, cap…"""
    sections: dict[str, list[str]]
    """Other sections that changed, with the fields or ids that changed in each."""
    labels: dict[str, dict[str, str]]
    """What the author calls objectives (title), actions (what) and lines (label)."""

    @property
    def same_currency(self) -> bool:
        return self.old_currency == self.new_currency

    @property
    def differs(self) -> bool:
        return bool(
            self.total[0] != self.total[1]
            or not self.same_currency
            or self.lines_added
            or self.lines_removed
            or self.lines_changed
            or self.by_objective
            or self.objectives
            or self.actions
            or self.plan
            or self.sections
        )

    def delta(self, old: Decimal | None, new: Decimal | None) -> Decimal | None:
        """new − old, when both are known and in one currency."""
        if old is None or new is None or not self.same_currency:
            return None
        return EXACT.subtract(new, old)

    def as_json(self) -> dict[str, Any]:
        """The contract's `opmkt diff` shape: money rounded once, half-even, as strings."""

        def figure(old: Decimal | None, new: Decimal | None) -> dict[str, str | None]:
            return {
                "old": _money(old, self.old_currency),
                "new": _money(new, self.new_currency),
                "delta": _money(self.delta(old, new), self.new_currency),
            }

        return {
            "budget": {
                "currency": {"old": self.old_currency, "new": self.new_currency},
                "total": figure(*self.total),
                "lines": {
                    "added": self.lines_added,
                    "removed": self.lines_removed,
                    "changed": {key: figure(*self.lines[key]) for key in self.lines_changed},
                },
                "by_objective": {key: figure(*pair) for key, pair in self.by_objective.items()},
            },
            "objectives": self.objectives.as_json(),
            "actions": self.actions.as_json(),
            "plan": _pairs(self.plan),
            "sections": self.sections,
        }


def compare(old: Plan, new: Plan, old_name: str = "old", new_name: str = "new") -> PlanDiff:
    """What changed from `old` to `new`, by id.

    Each side's amounts stay in its own plan's currency. When the currencies differ, no
    difference is computed (it would need a rate neither plan is bound to give), and every
    figure that is not zero on both sides counts as changed.
    """
    before, after = _spending(old), _spending(new)
    same = old.plan.currency == new.plan.currency
    old_lines, new_lines = before.lines, after.lines
    lines: dict[str, Figure] = {
        key: (old_lines.get(key), new_lines.get(key)) for key in _union(new_lines, old_lines)
    }
    common = [key for key in new_lines if key in old_lines]
    repriced = {key for key in common if _figure_changed(*lines[key], same=same)}
    by_objective = {
        key: (before.objectives.get(key, _ZERO), after.objectives.get(key, _ZERO))
        for key in _union(after.objectives, before.objectives)
    }
    return PlanDiff(
        old_name=old_name,
        new_name=new_name,
        old_currency=old.plan.currency,
        new_currency=new.plan.currency,
        locale=new.plan.locale or old.plan.locale,
        total=(before.total, after.total),
        lines=lines,
        lines_added=[key for key in new_lines if key not in old_lines],
        lines_removed=[key for key in old_lines if key not in new_lines],
        lines_changed=[key for key in common if key in repriced],
        by_objective={
            key: pair for key, pair in by_objective.items() if _figure_changed(*pair, same=same)
        },
        objectives=_objective_changes(old, new),
        actions=_id_changes(_first_by_id(old.actions), _first_by_id(new.actions), skip=("id",)),
        plan=_field_changes(old.plan, new.plan, type(new.plan).model_fields),
        sections=_section_changes(old, new, [key for key in common if key not in repriced]),
        labels={
            "objective": {
                at.objective.id: at.objective.title
                for plan in (old, new)
                for at in walk_objectives(plan)
            },
            "action": {a.id: a.what for plan in (old, new) for a in plan.actions},
            "line": {
                line.id: line.label
                for plan in (old, new)
                for line in (plan.budget.lines if plan.budget else [])
            },
        },
    )


@dataclass
class _Spending:
    total: Decimal
    lines: dict[str, Decimal | None]
    """Each line's total in the plan's currency; None when its currency has no rate."""
    objectives: dict[str, Decimal]
    """Each objective's total, its sub-objectives' included, in the order of the plan."""


def _spending(plan: Plan) -> _Spending:
    # The totals that `opmkt budget` shows, without its months and quarters: a diff of two
    # 20,000-action plans spends its time loading them, not rolling up what it does not show.
    items = line_items(plan)
    lines: dict[str, Decimal | None] = {}
    objectives = {at.objective.id: _ZERO for at in walk_objectives(plan)}
    for item in items:
        lines.setdefault(item.line.id, item.cost.total if item.cost is not None else None)
        if item.cost is not None:
            for key in item.objectives:
                objectives[key] = EXACT.add(objectives[key], item.total)
    return _Spending(exact_sum(item.total for item in items), lines, objectives)


def _figure_changed(old: Decimal | None, new: Decimal | None, *, same: bool) -> bool:
    if old is None or new is None:
        return (old is None) != (new is None)
    # Across currencies, any amount but nothing is a different amount of money.
    return old != new if same else not (old == 0 and new == 0)


def _union(first: Iterable[str], second: Iterable[str]) -> list[str]:
    """Keys of `first` in its order, then those only in `second`, in theirs."""
    return list(dict.fromkeys([*first, *second]))


def _first_by_id(items: Iterable[Any]) -> dict[str, Any]:
    # A duplicate id is a validation error; like every other command, the first one counts.
    found: dict[str, Any] = {}
    for item in items:
        found.setdefault(item.id, item)
    return found


def _objective_changes(old: Plan, new: Plan) -> IdChanges:
    def flat(plan: Plan) -> dict[str, tuple[Any, str | None]]:
        found: dict[str, tuple[Any, str | None]] = {}
        for at in walk_objectives(plan):
            parent = at.parent.id if at.parent is not None else None
            found.setdefault(at.objective.id, (at.objective, parent))
        return found

    before, after = flat(old), flat(new)
    changes = _id_changes(
        {key: pair[0] for key, pair in before.items()},
        {key: pair[0] for key, pair in after.items()},
        skip=("id", "objectives"),
    )
    # Sub-objectives are compared on their own; what a nested list says is who the parent is.
    for key in after:
        if key in before and before[key][1] != after[key][1]:
            changes.changed.setdefault(key, {})["parent"] = (before[key][1], after[key][1])
    position = {key: i for i, key in enumerate(after)}
    changes.changed = dict(sorted(changes.changed.items(), key=lambda kv: position[kv[0]]))
    return changes


def _id_changes(
    before: Mapping[str, BaseModel], after: Mapping[str, BaseModel], *, skip: Sequence[str]
) -> IdChanges:
    changes = IdChanges(
        added=[key for key in after if key not in before],
        removed=[key for key in before if key not in after],
    )
    for key, item in after.items():
        if key in before:
            fields = [name for name in type(item).model_fields if name not in skip]
            changed = _field_changes(before[key], item, fields)
            if changed:
                changes.changed[key] = changed
    return changes


def _field_changes(old: Any, new: Any, fields: Iterable[str]) -> FieldChanges:
    """Field by field, in the model's order; a field compares by value (7.8 is 7.80)."""
    changes: FieldChanges = {}
    for name in fields:
        before, after = getattr(old, name, None), getattr(new, name, None)
        if before != after:
            changes[_alias(old if old is not None else new, name)] = (
                as_value(before),
                as_value(after),
            )
    return changes


def _alias(model: Any, name: str) -> str:
    info = type(model).model_fields.get(name)
    return info.alias or name if info is not None else name


def _section_changes(old: Plan, new: Plan, common_lines: list[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for section in SECTIONS:
        before, after = getattr(old, section), getattr(new, section)
        if section in _BY_ID:
            what = _id_changes(_first_by_id(before), _first_by_id(after), skip=())
            names = [*what.added, *what.removed, *what.changed]
        elif section == "budget":
            names = _budget_details(old, new, common_lines)
        elif before == after:
            continue
        else:
            # An absent section is its defaults: adding `review: {}` changes nothing.
            model = type(after if after is not None else before)
            names = list(_field_changes(before or model(), after or model(), model.model_fields))
        if names:
            found[section] = names
    return found


def _budget_details(old: Plan, new: Plan, common_lines: list[str]) -> list[str]:
    """Budget settings that changed, and the lines among `common_lines` (on both sides, with the
    same total) that changed in something else: label, vendor, quote, date…"""
    settings = (old.budget or Budget(), new.budget or Budget())
    names = [
        name
        for name in ("previous_total", "quote_threshold")
        if getattr(settings[0], name) != getattr(settings[1], name)
    ]
    before = _first_by_id(old.budget.lines if old.budget else [])
    after = _first_by_id(new.budget.lines if new.budget else [])
    return names + [key for key in common_lines if before[key] != after[key]]


def as_value(value: Any) -> Value:
    """A model value as the author wrote it, in JSON terms."""
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, BaseModel):
        return {
            _alias(value, name): as_value(getattr(value, name))
            for name in type(value).model_fields
            if getattr(value, name) is not None
        }
    if isinstance(value, dict):
        return {str(key): as_value(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [as_value(item) for item in value]
    if value is None or isinstance(value, (str, int, bool)):
        return value
    return str(value)


def _pairs(fields: FieldChanges) -> dict[str, dict[str, Value]]:
    return {name: {"old": old, "new": new} for name, (old, new) in fields.items()}


def _money(value: Decimal | None, currency: str) -> str | None:
    return None if value is None else f"{round_money(value, currency):f}"
