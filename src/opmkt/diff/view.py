"""`opmkt diff` for people: plain text for a terminal or a log, Markdown for a pull request."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from opmkt.diff.compare import FieldChanges, IdChanges, PlanDiff, Value
from opmkt.text.localefmt import money, signed_money
from opmkt.text.words import words

# The command line speaks English, whatever the plan's language.
_W = words(None, "terminal")
_KINDS = (("objectives", "objective"), ("actions", "action"))
_ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class Row:
    """One budget figure as shown: formatted for the locale, `—` where there is none."""

    state: str
    """`total`, `objective`, or for a line `added`, `removed` or `changed`."""
    key: str
    old: str
    new: str
    change: str
    """Empty when it cannot be said (across currencies, or a line with no exchange rate)."""


def budget_rows(d: PlanDiff, locale: str | None) -> list[Row]:
    """The total, the objectives whose budget changed, then the lines added, removed, changed."""

    def row(state: str, key: str, old: Decimal | None, new: Decimal | None) -> Row:
        # A line on one side only changes the budget by all of its amount.
        delta = d.delta(_ZERO if state == "added" else old, _ZERO if state == "removed" else new)
        return Row(
            state,
            key,
            "—" if old is None or state == "added" else money(old, d.old_currency, locale),
            "—" if new is None or state == "removed" else money(new, d.new_currency, locale),
            "" if delta is None else signed_money(delta, d.new_currency, locale),
        )

    rows = [row("total", "", *d.total)]
    rows += [row("objective", key, *pair) for key, pair in d.by_objective.items()]
    for state, keys in (
        ("added", d.lines_added),
        ("removed", d.lines_removed),
        ("changed", d.lines_changed),
    ):
        rows += [row(state, key, *d.lines[key]) for key in keys]
    return rows


def changed_items(changes: IdChanges) -> Iterator[tuple[str, str, FieldChanges]]:
    """(`added`/`removed`/`changed`, id, field changes) in the order a reader meets them."""
    for key in changes.added:
        yield "added", key, {}
    for key in changes.removed:
        yield "removed", key, {}
    for key, fields in changes.changed.items():
        yield "changed", key, fields


def currency_note(d: PlanDiff) -> str:
    """What the amounts are in, when the two plans keep their money in different currencies."""
    if d.same_currency:
        return ""
    return _W["currencies_differ"].format(old=d.old_currency, new=d.new_currency)


def show(value: Value) -> str:
    """A field's value on one line: `—` for none, lists in brackets, text with its line
    breaks and runs of spaces as single spaces."""
    if value is None:
        return "—"
    if isinstance(value, list):
        return "[" + ", ".join(show(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}: {show(item)}" for key, item in value.items()) + "}"
    if isinstance(value, bool):
        return "true" if value else "false"
    return " ".join(str(value).split())


def label(d: PlanDiff, kind: str, key: str, width: int = 48) -> str:
    """What the author calls an objective, action or line, on one line, cut to `width`."""
    text = " ".join(d.labels.get(kind, {}).get(key, "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _others(d: PlanDiff) -> str:
    return "; ".join(f"{name} ({', '.join(keys)})" for name, keys in d.sections.items())


def _fields(fields: FieldChanges, indent: str) -> list[str]:
    return [f"{indent}{name}: {show(old)} → {show(new)}" for name, (old, new) in fields.items()]


def render_text(d: PlanDiff, locale: str | None = None) -> str:
    """The changes as plain text in aligned columns, for a terminal or a CI log."""
    loc = locale or d.locale
    head = _W["changes_from"].format(old=d.old_name, new=d.new_name)
    if not d.differs:
        return _W["no_changes"].format(head=head) + "\n"
    rows = budget_rows(d, loc)
    total = rows[0]
    out = [head, "", _W["budget_total"].format(old=total.old, new=total.new)]
    if total.change:
        out[-1] += f" ({total.change})"
    if not d.same_currency:
        out.append(f"  ({currency_note(d)})")
    objectives = [
        [r.key, label(d, "objective", r.key), r.old, r.new, r.change]
        for r in rows
        if r.state == "objective"
    ]
    if objectives:
        out += ["", f"{_W['budget_by_objective']}:", *_columns(objectives)]
    lines = [
        [_W[f"state.{r.state}"], r.key, label(d, "line", r.key), r.old, r.new, r.change]
        for r in rows
        if r.state in ("added", "removed", "changed")
    ]
    if lines:
        out += ["", f"{_W['budget_lines']}:", *_columns(lines)]
    for attribute, kind in _KINDS:
        changes: IdChanges = getattr(d, attribute)
        if changes:
            out += ["", f"{_W[attribute]}:", *_changed_text(d, kind, changes)]
    if d.plan:
        out += ["", f"{_W['plan']}:", *_fields(d.plan, "  ")]
    if d.sections:
        out += ["", _W["also_changed"].format(sections=_others(d))]
    return "\n".join(out) + "\n"


def _changed_text(d: PlanDiff, kind: str, changes: IdChanges) -> list[str]:
    """What was added, removed or changed of one kind, by id, with the fields that changed."""
    width = max(len(key) for _, key, _ in changed_items(changes))
    # One space more than the longest state: the columns of ids line up, a gap after each.
    said = 1 + max(len(_W[f"state.{state}"]) for state in ("added", "removed", "changed"))
    out = []
    for state, key, fields in changed_items(changes):
        shown = _W[f"state.{state}"]
        out.append(f"  {shown:<{said}} {key:<{width}}  {label(d, kind, key, 72)}".rstrip())
        out += _fields(fields, "      ")
    return out


def _columns(rows: list[list[str]]) -> list[str]:
    """Rows as aligned columns: text left-aligned, the last three (amounts) right-aligned."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    amounts = len(widths) - 3
    return [
        "  "
        + "  ".join(
            cell.rjust(width) if i >= amounts else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    ]


def render_markdown(d: PlanDiff, locale: str | None = None) -> str:
    """The changes as GitHub-flavoured Markdown, to paste as a pull-request comment: the
    budget as tables with differences, then what was added, removed or changed, by id.
    Text from the plan is escaped (a `|` cannot break a table, nor `<b>` become markup)."""
    from opmkt.text.markdown import md_cell

    loc = locale or d.locale
    heading = _W["plan_changes"].format(old=md_cell(d.old_name), new=md_cell(d.new_name))
    out = [f"### {heading}", ""]
    if not d.differs:
        return "\n".join([*out, _W["md_no_changes"]]) + "\n"
    rows = budget_rows(d, loc)
    total = rows[0]
    figures = (total.old, total.new, total.change)
    budget = [[f"**{_W['total']}**", *(f"**{cell}**" if cell else "" for cell in figures)]]
    budget += [
        [md_cell(f"{r.key} {label(d, 'objective', r.key, 80)}"), r.old, r.new, r.change]
        for r in rows
        if r.state == "objective"
    ]
    out += _table([_W[key] for key in ("budget", "old", "new", "change")], budget)
    if not d.same_currency:
        note = currency_note(d)
        out += ["", f"_{md_cell(note[:1].upper() + note[1:])}._"]
    lines = [
        [
            md_cell(f"{r.key} {label(d, 'line', r.key, 80)}"),
            _W[f"state.{r.state}"],
            r.old,
            r.new,
            r.change,
        ]
        for r in rows
        if r.state in ("added", "removed", "changed")
    ]
    if lines:
        header = [_W["budget_line"], "", _W["old"], _W["new"], _W["change"]]
        out += ["", *_table(header, lines)]
    for attribute, kind in _KINDS:
        changes: IdChanges = getattr(d, attribute)
        if changes:
            out += ["", f"#### {_W[attribute]}", ""]
            for state, key, fields in changed_items(changes):
                name = md_cell(label(d, kind, key, 120))
                shown = _W[f"state.{state}"].capitalize()
                out.append(f"- **{shown}** {md_cell(key)}: {name}")
                out += [f"  - `{field}`: {_md_change(a, b)}" for field, (a, b) in fields.items()]
    if d.plan:
        out += ["", f"#### {_W['plan']}", ""]
        out += [f"- `{field}`: {_md_change(a, b)}" for field, (a, b) in d.plan.items()]
    if d.sections:
        out += ["", _W["also_changed"].format(sections=md_cell(_others(d))) + "."]
    return "\n".join(out) + "\n"


def _md_change(old: Value, new: Value) -> str:
    from opmkt.text.markdown import md_cell

    return f"{md_cell(show(old))} → {md_cell(show(new))}"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    """GFM table lines: text columns left-aligned, the three amounts right-aligned."""
    rule = ["---"] * (len(header) - 3) + ["---:"] * 3
    return ["| " + " | ".join(cells) + " |" for cells in (header, rule, *rows)]


def render_printable(d: PlanDiff, locale: str | None = None) -> str:
    """The `text` format: plan text with a bidi override or a zero-width character shows it,
    escaped, since a terminal would act on it."""
    from opmkt.findings import printable

    return printable(render_text(d, locale), lines=True)


def render_json(d: PlanDiff, locale: str | None = None) -> str:
    """The `json` format: the changes with the plan's exact decimals, for any locale."""
    import json

    return json.dumps(d.as_json(), ensure_ascii=False, indent=2) + "\n"
