"""Load a plan or an actuals file into its model, turning every problem into a located finding."""

from __future__ import annotations

import dataclasses
import difflib
import gc
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from opmkt.errors import NotLoaded, OpmktError, UsageError, refuse
from opmkt.findings import Aside, Finding, Message, Severity, Value, printable, say, say_n
from opmkt.i18n import follow_plan
from opmkt.io.files import same_file
from opmkt.io.limits import check_values, read_source
from opmkt.io.yamlio import Document, format_path, is_actuals, parse
from opmkt.plan.leftout import Loc, dropped_ids, innermost_item, without
from opmkt.plan.model import FORMAT_VERSION, Actuals, Plan
from opmkt.plan.screen import clean_loc, misshapen, model_at, screen

Kind = Literal["plan", "actuals"]
T = TypeVar("T")


@dataclass
class Loaded:
    """One file as loaded: its model when it has one, and the findings met on the way."""

    file: str
    kind: Kind
    doc: Document
    plan: Plan | None = None
    actuals: Actuals | None = None
    findings: list[Finding] = field(default_factory=list)
    rest: Plan | Actuals | None = None
    """When every schema error lies inside list items: the file without those items, for the
    rules to check the rest (`plan` and `actuals` stay None: no command works on a part)."""
    dropped: dict[str, set[str]] = field(default_factory=dict)
    """The ids of the items left out of `rest`, by kind as rules name it (`objective`, …)."""
    kept: dict[Loc, list[int]] = field(default_factory=dict)
    """For each list of `rest` that lost items (by its place in the file): the index in the
    file of each item kept."""

    def original(self, loc: Sequence[str | int]) -> Loc:
        """The place in the file of a place in `rest` (indices shift past a left-out item)."""
        if not self.kept:
            return tuple(loc)
        out: list[str | int] = []
        for part in loc:
            if isinstance(part, int):
                indices = self.kept.get(tuple(out))
                if indices is not None and 0 <= part < len(indices):
                    part = indices[part]
            out.append(part)
        return tuple(out)

    def position(self, loc: Sequence[str | int], *, at_key: bool = False) -> tuple[int, int]:
        """1-based line and column in the file of a place in the model the rules see."""
        return self.doc.position(self.original(loc), at_key=at_key)

    def finding(
        self,
        rule: str,
        message: str | Message,
        loc: Sequence[str | int],
        *,
        severity: Severity = Severity.ERROR,
        at_key: bool = False,
    ) -> Finding:
        loc = self.original(loc)
        line, column = self.doc.position(loc, at_key=at_key)
        said = message if isinstance(message, Message) else None
        english = message.told("en") if isinstance(message, Message) else message
        # Messages quote the file's text (ids, keys, values): printable, so that each stays
        # one line and sends a terminal nothing but text.
        return Finding(
            rule, severity, printable(english), self.file, line, column, format_path(loc), said
        )


def load_plan(path: str | Path, display: str | None = None) -> Loaded:
    """Load a plan file. Bad content becomes findings; only an unreadable file raises."""
    return load(path, display, expect="plan")


def require(path: str | Path, display: str | None = None, *, kind: Kind = "plan") -> Loaded:
    """Load a file a command works on: a FileError (exit 2) when it cannot be read, NotLoaded
    (exit 1) when it does not load as `kind`. Every command that uses a plan goes this way."""
    loaded = load(path, display, expect=kind)
    if (loaded.plan if kind == "plan" else loaded.actuals) is None:
        raise not_loaded(loaded, kind)
    return loaded


def require_plan(path: str | Path, display: str | None = None) -> Plan:
    """The plan in a file, or the error that says why there is none (see `require`)."""
    plan = require(path, display, kind="plan").plan
    assert plan is not None
    return plan


def require_plans(paths: Sequence[Path], use: Callable[[Plan, Path], T]) -> list[T]:
    """`use` of the plan in each file, each plan let go once used (plans are large, what a
    command keeps of them small). When any does not load, every one that does not is named
    (see `errors.refuse`) and nothing is returned: totals that silently miss a plan would
    mislead."""
    used, problems = [], []
    for path in paths:
        try:
            plan = require_plan(path, str(path))
        except OpmktError as exc:
            problems.append(exc)
            continue
        used.append(use(plan, path))
    refuse(problems)
    return used


def not_loaded(loaded: Loaded, kind: Kind, *, how: Message | None = None) -> NotLoaded:
    """The one message for a file that reads but does not load as `kind`: its first problem,
    and what to run to see them all (`how`, by default `opmkt validate FILE`)."""
    name = loaded.file
    data = loaded.doc.data
    if kind == "plan" and is_actuals(data):
        return NotLoaded(
            say("{file} is an actuals file, not a plan: give the plan it tracks", file=name)
        )
    first = next((f for f in loaded.findings if f.severity is Severity.ERROR), None)
    why: Message | str = (
        say(
            " (line {line}: {problem})",
            line=first.line,
            problem=first.said if first.said is not None else first.message,
        )
        if first is not None
        else ""
    )
    run = how or say("run `opmkt validate {file}`", file=name)
    if kind == "plan":
        return NotLoaded(
            say("{file} cannot be read as a plan{why}: {run}", file=name, why=why, run=run)
        )
    return NotLoaded(
        say("{file} cannot be read as an actuals file{why}: {run}", file=name, why=why, run=run)
    )


def load(path: str | Path, display: str | None = None, *, expect: Kind | None = None) -> Loaded:
    """Load a plan or an actuals file, recognised by its top-level `plan:` being a file name."""
    path = Path(path)
    name = display if display is not None else str(path)
    # load_bytes counts the values, for a file as for a blob.
    return load_bytes(read_source(path, name, yaml=False), name, expect=expect)


def load_bytes(data: bytes, name: str, *, expect: Kind | None = None) -> Loaded:
    """Load a plan or an actuals file from its bytes, read elsewhere (a git blob): within the
    limits a file has (see `read_source`)."""
    check_values(data, name)
    # Loading builds millions of small objects that never form cycles: pausing the collector
    # makes large plans several times faster.
    enabled = gc.isenabled()
    gc.disable()
    try:
        loaded = _load_bytes(data, name, expect)
    finally:
        if enabled:
            gc.enable()
    follow_plan(_locale(loaded.doc.data) or _locale_written(loaded.doc.text))
    return loaded


def _locale(data: object) -> str | None:
    """The locale a plan's file gives, even when it does not load: its findings are told in
    its language."""
    plan = data.get("plan") if isinstance(data, dict) else None
    locale = plan.get("locale") if isinstance(plan, dict) else None
    return locale if isinstance(locale, str) else None


_LOCALE_LINE = re.compile(r"^  locale: *['\"]?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*)['\"]? *$", re.M)


def _locale_written(text: str) -> str | None:
    """The locale a file that is not valid YAML writes on a line of its own under `plan:`
    (indented by two spaces, as `opmkt init` and `opmkt fmt` write it): its syntax errors
    are told in its language."""
    found = _LOCALE_LINE.search(text)
    return found.group(1) if found else None


def not_opmkt(path: str | Path) -> bool:
    """True for a file that is clearly neither a plan nor an actuals file: valid YAML whose top
    level is not a mapping, or is one with neither `version` nor `plan` (a CI workflow named
    plan.yml). Hooks that pick files by name skip those; anything less clear (unreadable, not
    YAML, empty, a plan missing one of the two) is for the command to report."""
    try:
        doc = parse(read_source(Path(path), str(path)))
    except OpmktError:
        return False
    return clearly_not_opmkt(doc)


def clearly_not_opmkt(doc: Document) -> bool:
    """`not_opmkt` of a parsed file (the language server has the editor's text)."""
    if doc.problems or doc.data is None:
        return False
    return not isinstance(doc.data, dict) or not {"version", "plan"} & set(doc.data)


def _version_message(version: Any) -> Message | None:
    """What is wrong with the `version` a file gives, if anything (None: it gives none)."""
    if version is None:
        return None
    if not isinstance(version, int) or isinstance(version, bool):
        return say(
            "`version` is {value}: write `version: {version}`, a whole number without quotes",
            value=_show(version),
            version=FORMAT_VERSION,
        )
    if version != FORMAT_VERSION:
        return say(
            "format version {value} is not supported: this opmkt reads version {version}",
            value=version,
            version=FORMAT_VERSION,
        )
    return None


def _load_bytes(data: bytes, name: str, expect: Kind | None) -> Loaded:
    doc = parse(data)
    kind: Kind = expect or ("actuals" if is_actuals(doc.data) else "plan")
    loaded = Loaded(name, kind, doc)
    for problem in doc.problems:
        loaded.findings.append(
            Finding(
                problem.rule,
                Severity.ERROR,
                printable(problem.message),
                name,
                problem.line,
                problem.column,
                problem.path,
                problem.said,
            )
        )
    if doc.data is None and not doc.problems:
        # No document, or one that is only `---`, `~` or `null`.
        loaded.findings.append(loaded.finding("schema", _empty_message(kind), []))
    if doc.data is None or any(p.rule != "duplicate-key" for p in doc.problems):
        return loaded
    if not isinstance(doc.data, dict):
        loaded.findings.append(
            loaded.finding(
                "schema",
                say(
                    "the top level must be a mapping of sections (version, plan, …), not {kind}",
                    kind=_type_name(doc.data),
                ),
                [],
            )
        )
        return loaded
    wrong_version = _version_message(doc.data.get("version"))
    if wrong_version is not None:
        loaded.findings.append(loaded.finding("schema", wrong_version, ["version"]))
        return loaded
    model: type[Plan] | type[Actuals] = Actuals if kind == "actuals" else Plan
    if misshapen(doc.data, model) > MAX_SCHEMA_FINDINGS:
        return _load_long_lists(loaded, model)
    result: Plan | Actuals | None = None
    try:
        result = model.model_validate(doc.data)
    except ValidationError as exc:
        if exc.error_count() <= MAX_SCHEMA_FINDINGS:
            errors = exc.errors()
            loaded.findings.extend(_schema_findings(loaded, model, errors))
            _keep_the_rest(loaded, model, _items_of(doc.data, errors))
            return loaded
    if result is None:
        # Out of the except block, pydantic's errors are let go before the items are checked.
        return _load_long_lists(loaded, model)
    return _use(loaded, result)


def _use(loaded: Loaded, result: Plan | Actuals) -> Loaded:
    """`loaded` with the model of a file that validates."""
    if isinstance(result, Plan):
        loaded.plan = result
    else:
        loaded.actuals = result
    return loaded


def _items_of(data: Any, errors: list[ErrorDetails]) -> set[Loc] | None:
    """The innermost list item holding each error; None when one lies outside every item."""
    items: set[Loc] = set()
    for error in errors:
        item = innermost_item(data, clean_loc(error["loc"]))
        if item is None:
            return None
        items.add(item)
    return items


def _keep_the_rest(
    loaded: Loaded, model: type[Plan] | type[Actuals], items: set[Loc] | None
) -> None:
    """Leave out the list items that hold schema errors, so that the rules still check the
    rest of the file; an error outside every list item (`items` None) leaves no rest."""
    if items is None:
        return
    data = loaded.doc.data
    kept: dict[Loc, list[int]] = {}
    pruned = without(data, items, kept)
    try:
        rest = model.model_validate(pruned)
    except ValidationError:  # what is left still fails (a list that needs its items): no rest
        return
    _left_out(loaded, rest, items, kept)


def _left_out(
    loaded: Loaded, rest: Plan | Actuals, items: set[Loc], kept: dict[Loc, list[int]]
) -> None:
    """Keep `rest`, the file without the list items at `items`, for the rules to check."""
    loaded.rest = rest
    loaded.kept = kept
    if loaded.kind == "plan":
        loaded.dropped = dropped_ids(loaded.doc.data, items, _KIND_OF_LIST)


MAX_SCHEMA_FINDINGS = 100
"""Schema findings reported for one file; one more finding says how many errors follow."""


def _load_long_lists(loaded: Loaded, model: type[Plan] | type[Actuals]) -> Loaded:
    """Report the first schema errors of a file that holds too many to report, checking its
    long lists item by item (see `screen`), then the rest of the file without their bad items."""
    data = loaded.doc.data
    found = screen(data, model, MAX_SCHEMA_FINDINGS)
    kept: dict[Loc, list[int]] = {}
    pruned = without(data, found.items, kept)
    rest: Plan | Actuals | None = None
    others: list[ErrorDetails] = []
    try:
        rest = model.model_validate(pruned)
    except ValidationError as exc:
        # Errors outside the long lists, placed in the file as it is.
        moved = Loaded(loaded.file, loaded.kind, loaded.doc, kept=kept)
        others = [{**e, "loc": moved.original(clean_loc(e["loc"]))} for e in exc.errors()]
    if rest is not None and not found.items:  # items of an odd shape, but none wrong
        return _use(loaded, rest)
    # The first errors in the order of the file: among the first of the long lists and the
    # others, as none past those comes before them.
    errors = sorted(found.errors + others, key=lambda e: loaded.doc.position(e["loc"]))
    shown = errors[:MAX_SCHEMA_FINDINGS]
    loaded.findings.extend(_schema_findings(loaded, model, shown))
    unlisted = errors[len(shown) : len(shown) + 1]
    unlisted += [found.first_more] if found.first_more is not None else []
    if unlisted:
        more = found.more + len(errors) - len(shown)
        # Placed where the finding of the first error not listed would be.
        first = min(unlisted, key=lambda e: loaded.doc.position(e["loc"]))
        placed = _schema_finding(loaded, model, first["loc"], first)
        said = say_n(
            "{n} more schema error, not listed: correct the {shown} above, then validate again",
            "{n} more schema errors, not listed: correct the {shown} above, then validate again",
            more,
            n=f"{more:,}",
            shown=len(shown),
        )
        # Told as itself, not as the first unlisted error it is placed at.
        loaded.findings.append(dataclasses.replace(placed, message=said.told("en"), said=said))
    if rest is not None:
        _left_out(loaded, rest, found.items, kept)
    else:
        items = _items_of(data, others)
        _keep_the_rest(loaded, model, None if items is None else found.items | items)
    return loaded


def _empty_message(kind: Kind) -> Message:
    if kind == "actuals":
        return say(
            "the file is empty: an actuals file starts with `version: 1` and `plan: plan.yaml`"
        )
    return say(
        "the file is empty: a plan starts with `version: 1` and `plan:` (opmkt init writes one)"
    )


def _type_name(value: Any) -> Message:
    if isinstance(value, bool):
        return say("true/false")
    if value is None:
        return say("nothing")
    if isinstance(value, str):
        return say("text")
    if isinstance(value, list):
        return say("a list")
    if isinstance(value, dict):
        return say("a mapping")
    return say("a number")


def _schema_findings(
    loaded: Loaded, model: type[BaseModel], errors: list[ErrorDetails]
) -> list[Finding]:
    findings = []
    seen: set[tuple[str | int, ...]] = set()
    for error in errors:
        loc = clean_loc(error["loc"])
        # A value that fails a field-level check also fails its model's own check: report once.
        if (loc, error["type"]) in seen:  # type: ignore[comparison-overlap]
            continue
        seen.add((loc, error["type"]))  # type: ignore[arg-type]
        findings.append(_schema_finding(loaded, model, loc, error))
    return findings


def _schema_finding(
    loaded: Loaded, model: type[BaseModel], loc: tuple[str | int, ...], error: ErrorDetails
) -> Finding:
    data = loaded.doc.data
    kind = error["type"]
    if kind == "missing":
        parent, name = loc[:-1], loc[-1]
        message = say(
            "{place} is missing `{name}`{hint}",
            place=_describe(data, parent),
            name=str(name),
            hint=_required_hint(model, parent, name),
        )
        return loaded.finding("schema", message, parent)
    if kind == "extra_forbidden":
        parent, name = loc[:-1], str(loc[-1])
        message = say(
            "unknown key `{name}` in {place}{hint}",
            name=name,
            place=_describe(data, parent),
            hint=_unknown_key_hint(name, _allowed_keys(model, parent)),
        )
        return loaded.finding("schema", message, loc, at_key=True)
    if loc and loc[-1] == "[key]":  # a key of a mapping, such as a currency code
        key_loc = loc[:-1]
        message = say("{place}: {problem}", place=_describe(data, key_loc), problem=_explain(error))
        return loaded.finding("schema", message, key_loc, at_key=True)
    message = say("{place}: {problem}", place=_describe(data, loc), problem=_explain(error))
    return loaded.finding("schema", message, loc)


def _unknown_key_hint(name: str, allowed: list[str]) -> Message | str:
    close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
    if close:
        return say(": did you mean `{key}`?", key=close[0])
    if allowed:
        return say(": expected one of {keys}", keys=", ".join(allowed))
    return ""


def _explain(error: ErrorDetails) -> Message | str:
    """What is wrong with a value, in the words of its place in the plan."""
    kind = error["type"]
    value = error.get("input")
    explain = _EXPLAIN.get(kind)
    if explain is not None:
        return explain(value, error.get("ctx") or {})
    expected = _EXPECTED.get(kind)
    if expected is not None:
        return say("expected {kind}, got {value}", kind=expected, value=_type_name(value))
    ctx = error.get("ctx") or {}
    if kind == "number" and "said" in ctx:
        return _said_number(ctx)
    return str(error["msg"]).removeprefix("Value error, ")


def _said_number(ctx: dict[str, Any]) -> Message:
    """A number the model refused (see `plan.model._refused`), in the reader's language."""
    values: dict[str, Value] = {name: str(value) for name, value in ctx.items() if name != "said"}
    values["what"] = Message(str(ctx["what"]))
    return Message(str(ctx["said"]), tuple(values.items()))


def _not_a_choice(value: Any, ctx: dict[str, Any]) -> Message:
    expected = str(ctx.get("expected", "")).replace("'", "")
    choices = [c.strip() for c in expected.replace(" or ", ", ").split(",")]
    close = difflib.get_close_matches(str(value), choices, n=1, cutoff=0.6)
    shown, listed = _show(value), ", ".join(choices)
    if close:
        return say(
            "{value} is not one of {choices}; did you mean {close}?",
            value=shown,
            choices=listed,
            close=close[0],
        )
    return say("{value} is not one of {choices}", value=shown, choices=listed)


def _wrong_form(value: Any, ctx: dict[str, Any]) -> Message:
    pattern = str(ctx.get("pattern", ""))
    shown = _show(value)
    if pattern.startswith("^[A-Za-z0-9"):
        return say("{value} is not a valid id: use letters, digits, '-', '_' and '.'", value=shown)
    if pattern.startswith("^[A-Z]{3}"):
        return say("{value} is not a currency code: use ISO 4217, such as EUR or USD", value=shown)
    if pattern.startswith("^[a-z]{2,3}"):
        return say("{value} is not a locale: write it like fr_FR or en_US", value=shown)
    return say("{value} does not have the expected form", value=shown)


def _empty(value: Any, ctx: dict[str, Any]) -> Message:
    return say("is empty: write what it names")


def _too_long(value: Any, ctx: dict[str, Any]) -> Message:
    return say(
        "{value} is too long: keep it within {n} characters",
        value=_show(value),
        n=str(ctx.get("max_length")),
    )


def _not_text(value: Any, ctx: dict[str, Any]) -> Message:
    if isinstance(value, bool | str | list | dict) or value is None:
        return say("expected text, got {value}", value=_type_name(value))
    # Text fields are text: a number there is what YAML read, maybe not what was meant
    # (`ref: 000123` is 123), and every schema client refuses it.
    text = str(value)
    if len(text) > _SHOWN:  # a number of thousands of digits is cut, not repeated whole
        return say("expected text, got the number {value}: put it in quotes", value=_show(value))
    return say("expected text, got the number {value}: put it in quotes, '{value}'", value=text)


def _not_a_list(value: Any, ctx: dict[str, Any]) -> Message:
    if value is None:
        return say("is empty: list its items under it, write [] for none, or remove the key")
    return say("expected a list, got {value}", value=_type_name(value))


_EXPLAIN: dict[str, Callable[[Any, dict[str, Any]], Message]] = {
    "literal_error": _not_a_choice,
    "string_pattern_mismatch": _wrong_form,
    "string_too_short": _empty,
    "string_too_long": _too_long,
    "string_type": _not_text,
    "list_type": _not_a_list,
}
"""Pydantic's error types that a message of ours explains, from the value and its context."""

_A_MAPPING = say("a mapping of keys")
_A_NUMBER = say("a number")
_EXPECTED = {
    "model_type": _A_MAPPING,
    "dict_type": _A_MAPPING,
    "model_attributes_type": _A_MAPPING,
    "int_type": _A_NUMBER,
    "int_parsing": _A_NUMBER,
    "decimal_type": _A_NUMBER,
    "decimal_parsing": _A_NUMBER,
    "bool_type": say("true or false"),
}
"""Pydantic's error types of a value of the wrong kind, and the kind expected."""


_SHOWN = 60
"""The most characters of a value a message quotes."""


def _show(value: Any) -> str:
    text = str(value)
    # Messages quote what the author wrote; a huge value is cut, not repeated whole.
    if len(text) > _SHOWN:
        text = text[: _SHOWN - 3] + "…"
    return f"'{text}'" if isinstance(value, str) else text


_KIND_OF_LIST = {
    "objectives": "objective",
    "actions": "action",
    "lines": "budget line",
    "team": "team member",
    "kpis": "KPI",
    "segments": "segment",
    "competitors": "competitor",
    "offer": "offer",
    "keep": "practice to keep",
    "drop": "practice to drop",
    "adjust": "adjustment",
    "spend": "spend record",
}
"""The kind of the items of each list, as references name it."""

_ITEM_OF_LIST = {
    "objectives": say("objective '{name}'"),
    "actions": say("action '{name}'"),
    "lines": say("budget line '{name}'"),
    "team": say("team member '{name}'"),
    "kpis": say("KPI '{name}'"),
    "segments": say("segment '{name}'"),
    "competitors": say("competitor '{name}'"),
    "offer": say("offer '{name}'"),
    "keep": say("practice to keep '{name}'"),
    "drop": say("practice to drop '{name}'"),
    "adjust": say("adjustment '{name}'"),
    "spend": say("spend record '{name}'"),
}
"""How an item of each list is named, with its id or name."""


def _describe(data: Any, loc: Sequence[str | int]) -> Message:
    """Name a place the way its author did: `objective 'O1.2' › deadline`."""
    label: Message | None = None
    rest: list[str | int] = []
    node = data
    parent_key: str | int | None = None
    for part in loc:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            node = None
        if isinstance(part, int) and isinstance(parent_key, str):
            found = _item_label(parent_key, node)
            if found is not None:
                label, rest = found, []
                parent_key = part
                continue
        rest.append(part)
        parent_key = part
    tail = format_path(rest)
    if label is not None and tail:
        return say("{item} › {path}", item=label, path=tail)
    if label is not None:
        return label
    return say("`{path}`", path=tail) if tail else say("the file")


def _item_label(list_key: str, node: Any) -> Message | None:
    """`objective 'O1.2'`: an item of a list named by its id or name, when it has one."""
    name = _item_name(node)
    if list_key == "kpis" and name is None and isinstance(node, dict):
        return say(
            "measurement '{kpi} on {date}'", kpi=str(node.get("kpi")), date=str(node.get("date"))
        )
    named = _ITEM_OF_LIST.get(list_key)
    if named is None or name is None:
        return None
    return dataclasses.replace(named, values=(("name", name),))


def _item_name(node: Any) -> str | None:
    if not isinstance(node, dict):
        return None
    for key in ("id", "name", "practice", "label", "line"):
        value = node.get(key)
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            return str(value)
    return None


def _required_hint(model: type[BaseModel], parent: Sequence[str | int], name: str | int) -> Value:
    if name == "version":
        return say(": add `version: {version}` at the top", version=str(FORMAT_VERSION))
    fields = model_at(model, parent)
    if fields is None or not isinstance(name, str):
        return ""
    info = fields.model_fields.get(name)
    if info is not None and info.description:
        return Aside(info.description)
    return ""


def _allowed_keys(model: type[BaseModel], parent: Sequence[str | int]) -> list[str]:
    found = model_at(model, parent)
    if found is None:
        return []
    return [info.alias or name for name, info in found.model_fields.items()]


def refuse_other_plan(
    actuals: Path, display: str, tracked: str, plan: Path, *, fix: Message | None = None
) -> None:
    """Refuse to use an actuals file with a plan other than the one its `plan:` names: its
    records would be read against the wrong lines and KPIs (UsageError, exit 2)."""
    if same_file(actuals.parent / tracked, plan):
        return
    shown = printable(str(Path(display).parent / tracked))
    if fix is None:
        raise UsageError(
            say(
                "{actuals} tracks {tracked}, not {plan}: give the --actuals file of that plan",
                actuals=display,
                tracked=shown,
                plan=str(plan),
            )
        )
    raise UsageError(
        say(
            "{actuals} tracks {tracked}, not {plan}: {fix} give the --actuals file of that plan",
            actuals=display,
            tracked=shown,
            plan=str(plan),
            fix=fix,
        )
    )
