"""Next year's plan from last year's: `opmkt init --from LAST/plan.yaml [--actuals FILE]`.

The new plan covers the following period (the same length, from the day after the last one
ends) and starts from what last year taught: team, audit, mix, 5C, indicators and rule settings
carried over for revision; a review pre-filled from last year's actions and results; objectives
with the last measured value as baseline; budget lines with last year's spend as `previous`.

Decisions where the issue is silent:

- Dates move by the length of the period: whole months when the period is whole months (a year:
  same month and day, 29 February → 28 February), else days. Month keys (`YYYY-MM`) move by the
  same number of months.
- Results are `opmkt status` as of the date the actuals cover (`--as-of`, default the last day
  of the period): nothing recorded after it counts. Over a partial period, `previous` and the
  baselines are made comparable with a whole one (`rollover/partial.py`).
- Review: each of last year's actions appears once, proposed from the evidence
  (`rollover/review.py`). Text is in the plan's language (French for `fr_*`, else English).
- Budget: cancelled actions are dropped with their lines. `previous` is in the line's currency,
  as `amount` is: the sum of the line's records when they are in that currency, else the spend
  in the plan's currency divided back at the plan's rate. Quotes are dropped: a new year needs new
  quotes. `previous_total` (plan currency) is last year's spend: the exact sum of the carried
  lines' `previous` at the plan's rates, plus what was recorded on the dropped lines.
- The new plan is the old plan's text changed in place and laid out by `opmkt fmt`
  (`fmt/edit.py`): every comment of what is carried stays with it, `# opmkt: ignore[…]`
  included, and each figure carried says beside it where it comes from. The sections it does
  not carry (the old review, scenarios, report settings) go with their comments.
- Money written is exact, or rounded once, half-even, to the currency's digits when it has more.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from pydantic import ValidationError
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from opmkt.errors import BadValue, FileError, NotLoaded, UsageError
from opmkt.findings import say
from opmkt.fmt.edit import Notes, edited
from opmkt.fmt.emit import written
from opmkt.fmt.format import FormatRefused, NotFormattable
from opmkt.io.files import same_file, write_atomic
from opmkt.io.modeline import schema_of
from opmkt.io.yamlio import format_path, parse
from opmkt.plan.lines import rate
from opmkt.plan.loader import require
from opmkt.plan.model import Actuals, BudgetLine, Objective, Plan, Spend
from opmkt.plan.money import EXACT, currency_digits, exact_sum, multiply
from opmkt.rollover.partial import Baseline, Coverage, LineMoney, baseline, line_money
from opmkt.rollover.review import Review, advance_name, schema_modeline
from opmkt.status.compute import status
from opmkt.text.localefmt import money


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


_SECTIONS = frozenset(
    {"version", "plan", "team", "audit", "review", "mix", "five_c", "kpis"}
    | {"objectives", "actions", "budget", "lint"}
)
"""The sections next period's plan carries (its review written anew); the rest are left out."""
_BUDGET = ("previous_total", "quote_threshold", "lines")


def roll_over(
    plan: Plan,
    text: str,
    actuals: Actuals | None,
    *,
    modeline: str | None = None,
    name: str | None = None,
    as_of: dt.date | None = None,
    annualize: bool = False,
) -> str:
    """The text of next period's plan, from last period's plan (its model and the text it
    was loaded from, whose comments stay with what is carried) and what it recorded."""
    old = (plan.plan.period.start, plan.plan.period.end)
    new = next_period(*old)
    coverage = coverage_of(plan, as_of, annualize)
    roll = _Roll(plan, actuals, coverage, Shift.after(*old))
    roll.head = _Head(name or advance_name(plan.plan.name, old, new), new, modeline)
    body = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    try:
        written = edited(body, roll.edit, lambda row: schema_of(row) is not None)
    except (NotFormattable, FormatRefused) as exc:
        raise RolloverError(
            f"its text cannot be laid out with its comments kept ({exc.message}): run "
            "`opmkt fmt` on it to see where"
        ) from None
    _within_bounds(written)
    return written


def coverage_of(plan: Plan, as_of: dt.date | None, annualize: bool) -> Coverage:
    """The part of the period the actuals cover: to `as_of`; without it, to today while the
    period is under way (next year's plan is made in its last quarter), else to its end."""
    start, end = plan.plan.period.start, plan.plan.period.end
    if as_of is None:
        today = dt.date.today()
        as_of = today if start <= today < end else end
    if as_of < start:
        raise BadValue(
            say(
                "{day} is before the plan starts ({start}): nothing to carry",
                day=str(as_of),
                start=str(start),
            ),
            "--as-of",
        )
    return Coverage(start, end, min(as_of, end), annualize)


@dataclass(frozen=True)
class _Head:
    """What next period's plan is called, when it runs, and its editor modeline."""

    name: str
    period: tuple[dt.date, dt.date]
    modeline: str | None


class _Roll:
    """Last period's plan changed, in its own text's tree, into next period's."""

    def __init__(self, plan: Plan, actuals: Actuals | None, coverage: Coverage, shift: Shift):
        self.plan, self.coverage, self.shift = plan, coverage, shift
        self.result = status(plan, actuals, coverage.to)
        self.records: dict[str, list[Spend]] = {}
        for record in actuals.spend if actuals is not None else []:
            if record.date <= coverage.to:
                self.records.setdefault(record.line, []).append(record)
        self.review = Review(plan, self.result, coverage)
        for action in plan.actions:
            self.review.add(action)
        self.words = self.review.words
        self.notes = Notes()
        self.head = _Head(plan.plan.name, (coverage.start, coverage.end), None)

    def edit(self, tree: CommentedMap) -> Notes:
        w, notes, old = self.words, self.notes, (self.coverage.start, self.coverage.end)
        for key in [key for key in tree if key not in _SECTIONS]:
            del tree[key]
        tree["plan"]["name"] = self.head.name
        period = tree["plan"]["period"]
        period["start"], period["end"] = (written(day) for day in self.head.period)
        tree["review"] = self._review()
        if "objectives" in tree:
            for item, model in zip(tree["objectives"], self.plan.objectives, strict=True):
                self._objective(item, model)
        cancelled = self._actions(tree)
        if "budget" in tree and self.plan.budget is not None:
            self._budget(tree["budget"], cancelled)
        start, end = old[0].isoformat(), old[1].isoformat()
        notes.header = [self.head.modeline] if self.head.modeline else []
        notes.header.append("# " + w["header"].format(start=start, end=end))
        for key in ("team", "audit", "mix", "five_c", "kpis", "lint", "actions"):
            if key in tree:
                notes.put_above(tree, key, w[key])
        notes.put_above(tree, "review", w["review"].format(start=start, end=end))
        shown = self._shown()
        if "objectives" in tree:
            partial = "objectives" if self.coverage.whole else "objectives_partial"
            notes.put_above(tree, "objectives", w[partial].format(end=end, **shown))
        if "budget" in tree:
            how = {"whole": "budget"}.get(self.coverage.how, f"budget_{self.coverage.how}")
            notes.put_above(tree, "budget", w[how].format(end=end, **shown))
        return notes

    def _shown(self) -> dict[str, object]:
        c = self.coverage
        return {"to": c.to.isoformat(), "covered": c.covered, "days": c.days}

    def _review(self) -> CommentedMap:
        review = CommentedMap()
        period = CommentedMap(start=written(self.coverage.start), end=written(self.coverage.end))
        period.fa.set_flow_style()
        review["period"] = period
        for key, entries in (
            ("keep", self.review.keep),
            ("drop", self.review.drop),
            ("adjust", self.review.adjust),
        ):
            review[key] = CommentedSeq(CommentedMap(entry) for entry in entries)
        return review

    def _objective(self, item: CommentedMap, model: Objective) -> None:
        """An objective and its sub-objectives: baselines carried, each saying where it comes
        from; deadlines moved."""
        rows = self.review.rows
        found = baseline(model, rows.get(model.id), self.result, self.plan, self.coverage.whole)
        if found is not None:
            item["baseline"] = written(found.value)
            self.notes.put_beside(item, "baseline", self._source(found))
        if model.deadline is not None:
            item["deadline"] = written(self.shift.date(model.deadline))
        for child, sub in zip(item.get("objectives", []), model.objectives, strict=True):
            self._objective(child, sub)

    def _source(self, found: Baseline) -> str:
        w, to = self.words, self.coverage.to.isoformat()
        if found.source == "projected":
            assert found.measured is not None
            return w["projected"].format(
                when=found.when, value=self.review.number(found.measured), on=found.on, to=to
            )
        if found.source in ("measured", "computed"):
            return w[found.source].format(date=found.when)
        return w["kept"].format(to=to)

    def _actions(self, tree: CommentedMap) -> set[str]:
        """Next period's actions: cancelled ones left out, dates moved, status planned; the
        ids of the cancelled ones."""
        cancelled = {a.id for a in self.plan.actions if a.status == "cancelled"}
        if "actions" not in tree:
            return cancelled
        items = tree["actions"]
        for index in reversed(range(len(self.plan.actions))):
            action = self.plan.actions[index]
            if action.id in cancelled:
                del items[index]
                continue
            item = items[index]
            for key in ("start", "end"):
                day = getattr(action, key)
                if day is not None:
                    item[key] = written(self.shift.date(day))
            item["status"] = "planned"
        return cancelled

    def _budget(self, budget: CommentedMap, cancelled: set[str]) -> None:
        assert self.plan.budget is not None
        for key in [key for key in budget if key not in _BUDGET]:
            del budget[key]
        items = budget.get("lines", [])  # `budget: {}` has none
        spent: list[Decimal] = []
        for index in reversed(range(len(self.plan.budget.lines))):
            line = self.plan.budget.lines[index]
            own = self.records.get(line.id, [])
            if line.action in cancelled:
                # Paid for a cancelled action: left out, but what it cost was spent last year.
                spent.extend(
                    multiply(r.amount, f) for r in own if (f := rate(self.plan, r.currency))
                )
                del items[index]
                continue
            spent.append(self._line(items[index], line, own))
        budget["previous_total"] = written(money_out(exact_sum(spent), self.plan.plan.currency))

    def _line(self, item: CommentedMap, line: BudgetLine, own: list[Spend]) -> Decimal:
        """A line carried: dates moved, quote removed, `previous` set and said; what it spent
        in the plan's currency."""
        figures = line_money(self.plan, line, own, self.result, self.coverage)
        item.pop("quote", None)
        if line.date is not None:
            moved = self.shift.day_or_month(line.date)
            item["date"] = moved if len(moved) == 7 else written(dt.date.fromisoformat(moved))
        if line.recurring is not None:
            item["recurring"]["from"] = self.shift.month(line.recurring.from_)
            item["recurring"]["to"] = self.shift.month(line.recurring.to)
        currency = line.currency or self.plan.plan.currency
        item["previous"] = written(money_out(figures.previous, currency))
        self.notes.put_beside(item, "previous", self._line_note(figures, own))
        return figures.in_plan if figures.in_plan is not None else Decimal(0)

    def _line_note(self, figures: LineMoney, own: list[Spend]) -> str:
        w, locale, code = self.words, self.review.locale, self.plan.plan.currency
        if not own:
            return w["line_unrecorded"]
        if figures.spent is None or figures.planned is None:
            return ""
        return w["line"].format(
            spent=money(figures.spent, code, locale),
            planned=money(figures.planned, code, locale),
            to=self.coverage.to.isoformat(),
        )


def _within_bounds(text: str) -> None:
    """Figures carried over (last period's spend as `previous`, a computed KPI value as a
    baseline) may lie beyond what a plan holds (10^15): say which, rather than write a plan
    that does not load. Any other invalid value would be a bug: it is raised as is."""
    doc = parse(text.encode("utf-8"))
    if doc.problems:
        raise AssertionError(f"the new plan does not read back: {doc.problems[0].message}")
    try:
        Plan.model_validate(doc.data)
    except ValidationError as exc:
        errors = exc.errors()
        if any(error["type"] != "number" for error in errors):
            raise
        first = errors[0]
        raise RolloverError(
            f"next period's plan cannot hold {format_path(first['loc'])} = {first['input']}: "
            f"{first['msg']} (last period's figures are out of scale: correct them)"
        ) from None


def write_next_plan(
    source: Path,
    folder: Path,
    *,
    actuals: Path | None = None,
    name: str | None = None,
    force: bool = False,
    as_of: dt.date | None = None,
    annualize: bool = False,
) -> tuple[Path, Path | None, Coverage]:
    """Write `folder/plan.yaml` from `source` and its actuals (default: `actuals.yaml` beside
    it, when there is one) as of a date. Returns the plan written, the actuals file read and
    how much of the period they cover."""
    target = folder / "plan.yaml"
    if same_file(target, source):
        raise UsageError(
            say("{file} is the plan to start from: give another FOLDER", file=str(target))
        )
    if target.exists() and not force:
        raise FileError(say("{file} already exists: use --force to replace it", file=str(target)))
    loaded = require(source, str(source), kind="plan")
    assert loaded.plan is not None
    plan, text = loaded.plan, loaded.doc.text
    modeline = schema_modeline(text, source, folder)
    del loaded  # the source's node tree: a large plan is read back whole before it is written
    coverage = coverage_of(plan, as_of, annualize)
    beside = source.parent / "actuals.yaml"
    path = actuals if actuals is not None else (beside if beside.exists() else None)
    results = None
    if path is not None:
        results = require(path, str(path), kind="actuals").actuals
    try:
        new = roll_over(
            plan,
            text,
            results,
            modeline=modeline,
            name=name,
            as_of=coverage.to,
            annualize=annualize,
        )
    except RolloverError as exc:
        raise RolloverError(f"{source}: {exc.message}") from None
    write_atomic(target, new, force=force)
    return target, path, coverage


__all__ = [
    "RolloverError",
    "Shift",
    "advance_name",
    "coverage_of",
    "money_out",
    "next_period",
    "roll_over",
    "schema_modeline",
    "write_next_plan",
]
