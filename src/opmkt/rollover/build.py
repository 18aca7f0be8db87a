"""Next year's plan from last year's: `opmkt init --from LAST/plan.yaml [--actuals FILE]`.

The new plan covers the following period (the same length, from the day after the last one
ends) and starts from what last year taught: team, audit, mix, 5C, indicators and rule settings
carried over for revision; a review pre-filled from last year's actions and results; objectives
with the last measured value as baseline; budget lines with last year's spend as `previous`.

Decisions where the issue is silent:

- Dates move by the length of the period: whole months when the period is whole months (a year:
  same month and day, 29 February → 28 February), else days. Month keys (`YYYY-MM`) move by the
  same number of months.
- Results are `opmkt status` as of the last day of the period: nothing recorded after it counts.
- Review: each of last year's actions appears once. `keep`: done, and its objective achieved.
  `drop`: cancelled, or not done while its objective is behind or missed. `adjust`: every
  other case (done but the objective not achieved or without figures; not done although the
  objective was achieved or has no figures), its `change` saying why with the figures. Text is
  in the plan's language (French for `fr_*`, else English).
- Objectives: baseline = the KPI's value at the period end (a formula KPI's computed value,
  rounded to 2 decimals as `opmkt status` prints it); the old baseline when there is none.
- Budget: cancelled actions are dropped with their lines. `previous` is in the line's currency,
  as `amount` is: the sum of the line's records when they are in that currency, else the spend
  in the plan's currency divided back at the plan's rate. Quotes are dropped: a new year needs new
  quotes. `previous_total` (plan currency) is last year's spend: the exact sum of the carried
  lines' `previous` at the plan's rates, plus what was recorded on the dropped lines.
- Money written is exact, or rounded once, half-even, to the currency's digits when it has more.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from opmkt.errors import FileError, NotLoaded, UsageError
from opmkt.io.files import same_file, write_atomic
from opmkt.io.yamlio import format_path, parse
from opmkt.plan.lines import occurrence_count, rate
from opmkt.plan.loader import require
from opmkt.plan.model import Action, Actuals, BudgetLine, Objective, Plan, Spend
from opmkt.plan.money import EXACT, RATIO, currency_digits, exact_sum, multiply
from opmkt.rollover.review import advance_name, render, schema_modeline
from opmkt.status.compute import ObjectiveStatus, status
from opmkt.text.localefmt import DEFAULT_LOCALE, percent
from opmkt.text.words import words


class RolloverError(NotLoaded):
    """The last plan loads, but its dates or figures cannot be moved on a period: it is not a
    plan `init --from` can use, and fails as one that does not load (exit 1)."""


@dataclass(frozen=True)
class Shift:
    """How the new period relates to the last: whole months, or days."""

    months: int | None
    days: int
    month_keys: int

    @classmethod
    def after(cls, start: dt.date, end: dt.date) -> Shift:
        if end == dt.date.max:
            raise RolloverError(
                f"the plan ends on {end}, the last day a date can be: there is no next period "
                "(correct the end of its period)"
            )
        following = end + dt.timedelta(days=1)
        months = (following.year - start.year) * 12 + following.month - start.month
        whole = _add_months(start, months) == following
        return cls(months if whole else None, (following - start).days, months)

    def date(self, day: dt.date) -> dt.date:
        try:
            if self.months is None:
                return day + dt.timedelta(days=self.days)
            return _add_months(day, self.months)
        except (OverflowError, ValueError):
            raise _past_the_calendar(day.isoformat()) from None

    def month(self, key: str) -> str:
        index = int(key[:4]) * 12 + int(key[5:7]) - 1 + self.month_keys
        if index // 12 > dt.MAXYEAR:
            raise _past_the_calendar(key)
        return f"{index // 12:04d}-{index % 12 + 1:02d}"

    def day_or_month(self, text: str) -> str:
        return (
            self.month(text)
            if len(text) == 7
            else self.date(dt.date.fromisoformat(text)).isoformat()
        )


def _past_the_calendar(when: str) -> RolloverError:
    return RolloverError(
        f"{when} cannot move to the next period: it would fall after {dt.date.max}, the last "
        "day a date can be (correct it in the plan)"
    )


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_period(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """The period after `start..end`, of the same length."""
    shift = Shift.after(start, end)
    first = end + dt.timedelta(days=1)
    try:
        return first, shift.date(first) - dt.timedelta(days=1)
    except RolloverError:
        raise RolloverError(
            f"the next period, as long as {start}..{end}, would end after {dt.date.max}, the "
            "last day a date can be (correct the period)"
        ) from None


def money_out(value: Decimal | Fraction, currency: str) -> Decimal:
    """Exact when it has at most the currency's digits, else rounded once, half-even, to them."""
    digits = currency_digits(currency)
    if isinstance(value, Decimal) and int(value.as_tuple().exponent) >= -digits:
        return Decimal(value)
    rounded = round(Fraction(value), digits)  # exact half-even rounding of the exact value
    return EXACT.scaleb(Decimal(rounded.numerator * (10**digits // rounded.denominator)), -digits)


@dataclass(frozen=True)
class _Money:
    previous: Decimal | Fraction
    """In the line's currency."""
    in_plan: Decimal | None
    """The same spend in the plan's currency, exact (None: the line's currency has no rate)."""


def _line_money(plan: Plan, line: BudgetLine, records: list[Spend]) -> _Money:
    own = line.currency or plan.plan.currency
    factor = rate(plan, line.currency)
    if not records:  # no record: its planned total, as the issue says
        planned = multiply(line.unit_amount, Decimal(occurrence_count(line, plan.plan.period)))
        return _Money(planned, None if factor is None else multiply(planned, factor))
    same = exact_sum(r.amount for r in records if (r.currency or plan.plan.currency) == own)
    converted = [
        multiply(r.amount, f)
        for r in records
        if (r.currency or plan.plan.currency) != own and (f := rate(plan, r.currency)) is not None
    ]
    if factor is None:  # nothing converts into a currency without a rate: validate says so
        return _Money(same, None)
    others = exact_sum(converted)
    in_plan = EXACT.add(multiply(same, factor), others)
    previous = Fraction(same) + Fraction(others) / Fraction(factor) if converted else same
    return _Money(previous, in_plan)


class _Review:
    """Phrases of the review, in the plan's language, with its numbers."""

    def __init__(self, plan: Plan, results: dict[str, ObjectiveStatus]) -> None:
        self.locale = plan.plan.locale or DEFAULT_LOCALE
        self.words = words(self.locale, "rollover")
        self.results = results
        self.end = plan.plan.period.end
        self.keep: list[dict[str, str]] = []
        self.drop: list[dict[str, str]] = []
        self.adjust: list[dict[str, str]] = []

    def number(self, value: Decimal) -> str:
        from babel.numbers import format_decimal

        return str(format_decimal(_two(value), format="0.##", locale=self.locale))

    def objective(self, objective_id: str) -> tuple[str, str]:
        """The objective's status at the period end and its figures as a phrase."""
        w, row = self.words, self.results.get(objective_id)
        if row is None or row.status == "no_data":
            kpi = row.objective.kpi if row is not None else None
            if row is None or kpi is None or None in (row.objective.baseline, row.objective.target):
                return "no_data", w["no_kpi"].format(o=objective_id)
            return "no_data", w["no_value"].format(o=objective_id, kpi=kpi, end=self.end)
        assert row.value is not None and row.progress is not None
        assert row.objective.target is not None
        progress = Decimal(row.progress.numerator) / Decimal(row.progress.denominator)
        return row.status, w["figures"].format(
            o=objective_id,
            status=w[row.status],
            kpi=row.objective.kpi,
            value=self.number(row.value),
            target=self.number(row.objective.target),
            progress=percent(progress, self.locale, digits=0),
        )

    def add(self, action: Action) -> None:
        w = self.words
        practice = f"{action.what} ({action.id})"
        if action.status == "cancelled":
            self.drop.append({"practice": practice, "evidence": f"{action.id} {w['cancelled']}"})
            return
        verdict, figures = self.objective(action.objective)
        evidence = w["evidence"].format(a=action.id, status=w[action.status], objective=figures)
        done = action.status == "done"
        if done and verdict == "achieved":
            self.keep.append({"practice": practice, "evidence": evidence})
        elif not done and verdict in ("behind", "missed"):
            self.drop.append({"practice": practice, "evidence": evidence})
        else:
            self.adjust.append(
                {"practice": practice, "change": w["adjust"].format(evidence=evidence)}
            )


def _dump(model: Any) -> Any:
    """What the author wrote of a model (or list of models), in the file's spelling of keys."""
    if isinstance(model, list):
        return [_dump(item) for item in model]
    # The audit's text-or-entry items make pydantic warn about a union it serializes well.
    return model.model_dump(mode="python", exclude_unset=True, by_alias=True, warnings=False)


def _ordered(item: dict[str, Any], model: type[BaseModel]) -> dict[str, Any]:
    """Keys in the contract's order, whatever order they were set in."""
    return {name: item[name] for name in _field_names(model) if name in item}


@functools.cache
def _field_names(model: type[BaseModel]) -> tuple[str, ...]:
    return tuple(f.alias or name for name, f in model.model_fields.items())


def _two(value: Decimal) -> Decimal:
    """Rounded half-even to 2 decimals, as `opmkt status` prints a KPI value (never -0.00)."""
    rounded = value.quantize(Decimal("0.01"), context=RATIO)
    return rounded.copy_abs() if rounded.is_zero() else rounded


def _baselines(plan: Plan, values: dict[str, Decimal | None]) -> dict[str, Decimal]:
    """Each KPI's value at the period end, as a baseline to write."""
    computed = {kpi.id for kpi in plan.kpis if kpi.formula is not None}
    result = {}
    for kpi_id, value in values.items():
        if value is None:
            continue
        # A computed value has far more digits than anyone measures: written as status prints it.
        result[kpi_id] = _two(value) if kpi_id in computed else Decimal(value)
    return result


def roll_over(
    plan: Plan,
    actuals: Actuals | None,
    *,
    modeline: str | None = None,
    name: str | None = None,
) -> str:
    """The text of next period's plan, from last period's plan and what it recorded."""
    old = (plan.plan.period.start, plan.plan.period.end)
    new = next_period(*old)
    shift = Shift.after(*old)
    results = status(plan, actuals, old[1])
    by_objective: dict[str, ObjectiveStatus] = {}
    for row in results.objectives:
        by_objective.setdefault(row.objective.id, row)
    baselines = _baselines(plan, {k: v.value for k, v in results.kpis.items()})
    review = _Review(plan, by_objective)
    for action in plan.actions:
        review.add(action)
    w = review.words

    info = _dump(plan.plan)
    info["name"] = name or advance_name(plan.plan.name, old, new)
    info["period"] = {"start": new[0], "end": new[1]}
    data: dict[str, Any] = {"version": 1, "plan": info, **_carried(plan, ("team", "audit"))}
    data["review"] = {
        "period": {"start": old[0], "end": old[1]},
        "keep": review.keep,
        "drop": review.drop,
        "adjust": review.adjust,
    }
    data |= _carried(plan, ("mix", "five_c", "kpis"))
    if plan.objectives:
        data["objectives"] = [_objective(_dump(o), o, baselines, shift) for o in plan.objectives]
    kept = [a for a in plan.actions if a.status != "cancelled"]
    if "actions" in plan.model_fields_set:
        data["actions"] = [_action(_dump(a), a, shift) for a in kept]
    if plan.budget is not None:
        cancelled = {a.id for a in plan.actions} - {a.id for a in kept}
        data["budget"] = _budget(plan, actuals, shift, cancelled)
    if "lint" in plan.model_fields_set:
        data["lint"] = _dump(plan.lint)

    head = [modeline] if modeline else []
    head.append(w["header"].format(start=old[0].isoformat(), end=old[1].isoformat()))
    _within_bounds(data)
    text = render(data, head, _comments(w, old))
    _check(text, data)
    return text


def _carried(plan: Plan, sections: tuple[str, ...]) -> dict[str, Any]:
    """The sections the plan writes, carried over as they are."""
    return {
        section: _dump(getattr(plan, section))
        for section in sections
        if section in plan.model_fields_set and getattr(plan, section) is not None
    }


def _objective(
    item: dict[str, Any], model: Objective, baselines: dict[str, Decimal], shift: Shift
) -> dict[str, Any]:
    """An objective and its sub-objectives for next period: the last values measured as
    baselines, the deadlines moved."""
    if model.kpi in baselines:
        item["baseline"] = baselines[model.kpi]
    if model.deadline is not None:
        item["deadline"] = shift.date(model.deadline)
    if model.objectives:
        item["objectives"] = [
            _objective(i, m, baselines, shift)
            for i, m in zip(item["objectives"], model.objectives, strict=True)
        ]
    return _ordered(item, Objective)


def _comments(w: Mapping[str, str], old: tuple[dt.date, dt.date]) -> dict[str, str]:
    """The comment above each section of next period's plan."""
    comments = {key: w[key] for key in ("team", "audit", "mix", "five_c", "kpis", "lint")}
    start, end = old[0].isoformat(), old[1].isoformat()
    return comments | {
        "review": w["review"].format(start=start, end=end),
        "objectives": w["objectives"].format(end=end),
        "actions": w["actions"],
        "budget": w["budget"].format(end=end),
    }


def _action(item: dict[str, Any], action: Action, shift: Shift) -> dict[str, Any]:
    for key in ("start", "end"):
        day = getattr(action, key)
        if day is not None:
            item[key] = shift.date(day)
    item["status"] = "planned"
    return _ordered(item, Action)


def _budget(
    plan: Plan, actuals: Actuals | None, shift: Shift, cancelled: set[str]
) -> dict[str, Any]:
    assert plan.budget is not None
    end = plan.plan.period.end
    records: dict[str, list[Spend]] = {}
    for record in actuals.spend if actuals is not None else []:
        if record.date <= end:
            records.setdefault(record.line, []).append(record)
    item = _dump(plan.budget)
    lines: list[dict[str, Any]] = []
    spent: list[Decimal] = []
    for line in plan.budget.lines:
        own = records.get(line.id, [])
        if line.action in cancelled:
            # Paid for a cancelled action: left out, but what it cost was spent last year.
            spent.extend(multiply(r.amount, f) for r in own if (f := rate(plan, r.currency)))
            continue
        money = _line_money(plan, line, own)
        if money.in_plan is not None:
            spent.append(money.in_plan)
        entry = _dump(line)
        entry.pop("quote", None)
        if line.date is not None:
            entry["date"] = shift.day_or_month(line.date)
        if line.recurring is not None:
            entry["recurring"] |= {
                "from": shift.month(line.recurring.from_),
                "to": shift.month(line.recurring.to),
            }
        entry["previous"] = money_out(money.previous, line.currency or plan.plan.currency)
        lines.append(_ordered(entry, BudgetLine))
    item["previous_total"] = money_out(exact_sum(spent), plan.plan.currency)
    item["lines"] = lines
    return {key: item[key] for key in ("previous_total", "quote_threshold", "lines") if key in item}


def _within_bounds(data: dict[str, Any]) -> None:
    """Figures carried over (last period's spend as `previous`, a computed KPI value as a
    baseline) may lie beyond what a plan holds (10^15): say which, rather than write a plan
    that does not load. Any other invalid value would be a bug: it is raised as is."""
    try:
        Plan.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
        if any(error["type"] != "number" for error in errors):
            raise
        first = errors[0]
        raise RolloverError(
            f"next period's plan cannot hold {format_path(first['loc'])} = {first['input']}: "
            f"{first['msg']} (last period's figures are out of scale: correct them)"
        ) from None


def _check(text: str, data: dict[str, Any]) -> None:
    """The text must read back as the plan it was rendered from: a mismatch is a bug."""
    doc = parse(text.encode("utf-8"))
    if doc.problems or Plan.model_validate(doc.data) != Plan.model_validate(data):
        raise AssertionError("the new plan does not read back as built")


def write_next_plan(
    source: Path,
    folder: Path,
    *,
    actuals: Path | None = None,
    name: str | None = None,
    force: bool = False,
) -> tuple[Path, Path | None]:
    """Write `folder/plan.yaml` from `source` and its actuals (default: `actuals.yaml` beside
    it, when there is one). Returns the plan written and the actuals file read."""
    target = folder / "plan.yaml"
    if same_file(target, source):
        raise UsageError(f"{target} is the plan to start from: give another FOLDER")
    if target.exists() and not force:
        raise FileError(f"{target} already exists: use --force to replace it")
    loaded = require(source, str(source), kind="plan")
    assert loaded.plan is not None
    plan, modeline = loaded.plan, schema_modeline(loaded.doc.text, source, folder)
    del loaded  # the source's node tree: a large plan is read back whole before it is written
    beside = source.parent / "actuals.yaml"
    path = actuals if actuals is not None else (beside if beside.exists() else None)
    results = None
    if path is not None:
        results = require(path, str(path), kind="actuals").actuals
    try:
        text = roll_over(plan, results, modeline=modeline, name=name)
    except RolloverError as exc:
        raise RolloverError(f"{source}: {exc.message}") from None
    write_atomic(target, text, force=force)
    return target, path


__all__ = [
    "RolloverError",
    "Shift",
    "advance_name",
    "money_out",
    "next_period",
    "roll_over",
    "schema_modeline",
    "write_next_plan",
]
