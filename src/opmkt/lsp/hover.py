"""What hovering shows: an objective's budget, KPI, baseline → target and results; a budget
line's total, months, quote and spend to date; a KPI's latest value; a rule's summary. In the
plan's language, its money and numbers formatted for its locale."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path

from lsprotocol import types as lsp

from opmkt.budget.rollup import rollup
from opmkt.i18n import _
from opmkt.lint.context import Context
from opmkt.lint.ruledocs import help_markdown
from opmkt.lint.rules import RULES
from opmkt.lsp.diagnostics import language_of
from opmkt.lsp.ids import occurrences
from opmkt.lsp.session import Checked, Session
from opmkt.lsp.tree import Lines, Point, spot_at
from opmkt.plan.lines import line_cost
from opmkt.plan.loader import Loaded
from opmkt.plan.model import BudgetLine, Kpi, Objective, Plan
from opmkt.plan.money import fraction_to_decimal
from opmkt.plan.walk import Loc, walk_objectives
from opmkt.status.compute import Status, status
from opmkt.text.localefmt import kpi_number, money, percent
from opmkt.text.words import words

_RULE_WORD = re.compile(r"[a-z]+(?:-[a-z]+)+")


def hover(session: Session, path: Path, lines: Lines, point: Point) -> lsp.Hover | None:
    text = _rule_at(lines, point, language_of(session.current(path))) or _item_at(
        session, path, point
    )
    if text is None:
        return None
    return lsp.Hover(contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=text))


def _rule_at(lines: Lines, point: Point, lang: str) -> str | None:
    """A rule id under the cursor, in `lint:` or in a `# opmkt: ignore[…]` comment: its
    summary in the plan's language (its documentation is English)."""
    line, column = point
    for match in _RULE_WORD.finditer(lines.text(line)):
        if match.start() < column <= match.end() + 1 and match.group() in RULES:
            rule = RULES[match.group()]
            summary = _(rule.SUMMARY, lang)
            return f"**{rule.ID}** ({rule.DEFAULT_SEVERITY.value}): {summary}\n\n" + (
                help_markdown(rule)
            )
    return None


def _item_at(session: Session, path: Path, point: Point) -> str | None:
    checked = session.current(path)
    ctx = checked.context()
    if ctx is None or checked.loaded is None:
        return None
    spot = spot_at(checked.loaded.doc, point)
    if spot is None:
        return None
    plan = ctx.plan
    loc = spot.loc
    # On a reference, what it names.
    named = next((o for o in occurrences(ctx) if o.loc == loc and not o.definition), None)
    family = session.family(path)
    results = _results(plan, family, session.as_of or dt.date.today())
    t = words(plan.plan.locale)
    if named is not None:
        item = _named(ctx, named.kind, named.value)
    elif ctx.actuals is None:
        item = _innermost(ctx.loaded, plan, loc)
    else:
        item = None
    if isinstance(item, Objective):
        return _objective(plan, item, results, t)
    if isinstance(item, BudgetLine):
        return _line(plan, item, results, t)
    if isinstance(item, Kpi):
        return _kpi(plan, item, results, t)
    return None


def _named(ctx: Context, kind: str, value: str) -> Objective | BudgetLine | Kpi | None:
    """The objective, budget line or KPI a reference names, if it names one."""
    if kind == "objective" and value in ctx.index.objectives:
        return ctx.index.objectives[value].objective
    if kind == "budget line":
        return _line_by_id(ctx.plan, value)
    if kind == "KPI":
        return next((k for k in ctx.plan.kpis if k.id == value), None)
    return None


def _innermost(loaded: Loaded, plan: Plan, loc: Loc) -> Objective | BudgetLine | Kpi | None:
    """The objective, budget line or KPI whose item holds `loc` (a place in the file)."""
    index_of = {loaded.original(at_loc): item for at_loc, item in _items(plan)}
    for end in range(len(loc), 0, -1):
        found = index_of.get(loc[:end])
        if found is not None:
            return found
    return None


def _items(plan: Plan) -> list[tuple[Loc, Objective | BudgetLine | Kpi]]:
    out: list[tuple[Loc, Objective | BudgetLine | Kpi]] = [
        (at.loc, at.objective) for at in walk_objectives(plan)
    ]
    out += [(("kpis", i), kpi) for i, kpi in enumerate(plan.kpis)]
    lines = plan.budget.lines if plan.budget else []
    out += [(("budget", "lines", i), line) for i, line in enumerate(lines)]
    return out


def _line_by_id(plan: Plan, line_id: str) -> BudgetLine | None:
    lines = plan.budget.lines if plan.budget else []
    return next((line for line in lines if line.id == line_id), None)


def _results(plan: Plan, family: list[Checked], day: dt.date) -> Status | None:
    """The plan's results on `day`, from its actuals file, when it has one that loads."""
    for checked in family:
        if checked.loaded is not None and checked.loaded.kind == "actuals" and checked.actuals:
            return status(plan, checked.actuals, day)
    return None


def _objective(
    plan: Plan, objective: Objective, results: Status | None, t: Mapping[str, str]
) -> str:
    locale = plan.plan.locale
    out = [f"**{objective.id}** — {objective.title}", ""]
    budget = rollup(plan).by.get("objective", {}).get(objective.id)
    if budget is not None:
        out.append(f"- {t['budget']}: {money(budget, plan.plan.currency, locale)}")
    if objective.kpi is not None:
        unit = next((k.unit for k in plan.kpis if k.id == objective.kpi), None)
        out.append(f"- {t['kpi']}: `{objective.kpi}`")
        if objective.baseline is not None or objective.target is not None:
            start = (
                "?" if objective.baseline is None else kpi_number(objective.baseline, unit, locale)
            )
            end = "?" if objective.target is None else kpi_number(objective.target, unit, locale)
            out.append(f"- {t['baseline_target']}: {start} → {end}")
    if objective.deadline is not None:
        out.append(f"- {t['deadline']}: {objective.deadline.isoformat()}")
    found = (
        next((o for o in results.objectives if o.objective is objective), None)
        if results is not None
        else None
    )
    if found is not None:
        out.append(f"- {t['status']}: {t.get('objective_status.' + found.status, found.status)}")
        if found.progress is not None:
            out.append(
                f"- {t['progress']}: {percent(fraction_to_decimal(found.progress), locale)} "
                f"({t['expected']}: {percent(fraction_to_decimal(found.expected), locale)})"
            )
    return "\n".join(out)


def _line(plan: Plan, line: BudgetLine, results: Status | None, t: Mapping[str, str]) -> str:
    locale = plan.plan.locale
    currency = plan.plan.currency
    out = [f"**{line.id}** — {line.label}", ""]
    cost = line_cost(plan, line)
    if cost is not None:
        out.append(f"- {t['total']}: {money(cost.total, currency, locale)}")
        months = [m for m in cost.months if m[:1].isdigit()]
        if months:
            out.append(f"- {t['schedule']}: {', '.join(months)}")
    if line.quote is not None:
        quote = t.get(f"quote.{line.quote.status}", line.quote.status)
        amount = line.quote.amount
        shown = "" if amount is None else f", {money(amount, line.currency or currency, locale)}"
        out.append(f"- {t['quote']}: {quote}{shown}")
    spent = results.lines.get(line.id) if results is not None else None
    if spent is not None:
        out.append(f"- {t['actual']}: {money(spent.actual, currency, locale)}")
        out.append(f"- {t['planned_to_date']}: {money(spent.planned_to_date, currency, locale)}")
    return "\n".join(out)


def _kpi(plan: Plan, kpi: Kpi, results: Status | None, t: Mapping[str, str]) -> str:
    locale = plan.plan.locale
    out = [f"**{kpi.id}** — {kpi.name}", ""]
    if kpi.unit:
        out.append(f"- {t['unit']}: {kpi.unit}")
    latest = results.kpis.get(kpi.id) if results is not None else None
    if latest is not None and latest.value is not None:
        day = "" if latest.date is None else f" ({latest.date.isoformat()})"
        out.append(f"- {t['value']}: {kpi_number(latest.value, kpi.unit, locale)}{day}")
    return "\n".join(out)
