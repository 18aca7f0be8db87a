"""Budget roll-ups: the plan's costs by objective, action, category, channel, mix, segment,
month and quarter, exact to the last digit (rounded only when printed)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from opmkt.plan.lines import UNSCHEDULED, LineCost, line_cost, quarter_of, rate
from opmkt.plan.model import Action, BudgetLine, Period, Plan
from opmkt.plan.money import EXACT, exact_sum, multiply, round_money
from opmkt.plan.walk import walk_objectives
from opmkt.text.words import words

DIMENSIONS = ("objective", "action", "category", "channel", "mix", "segment", "month", "quarter")
"""What a budget can be broken down by, in the order of the plan format."""

UNDATED = ("month", "quarter")
"""Dimensions without last period's figures (those amounts have no date)."""

SPECIFIED = ("category", "channel", "mix", "segment")
"""The dimensions whose value a line (category) or its action (channel, mix, segment) may leave
out: that money is `unspecified`, never under a key of `by`, where a real category or segment
may be called anything, `unspecified` included."""

UNASSIGNED = ("objective", "action", "channel", "mix", "segment")
"""The dimensions a line with no action is in none of: its money is `unassigned` there."""

QUOTE_STATES = ("accepted", "received", "requested", "waived", "missing")

_ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class LineItem:
    """One budget line with everything it is rolled up by."""

    line: BudgetLine
    period: Period
    """The plan's period: only the occurrences within it count."""
    cost: LineCost | None
    """None when the line's currency has no exchange rate: it is left out of every figure."""
    action: Action | None
    objectives: tuple[str, ...]
    """The ids of the action's objective and of its ancestors, the objective itself first."""
    keys: Mapping[str, str]
    """The line's key in each dimension it has a value for, but objective, month and quarter
    (no `category` key: the line gives none; no `channel`: its action gives none, or it has
    no action)."""
    previous: Decimal | None
    """Last period's comparable amount, in the plan's currency."""

    @property
    def total(self) -> Decimal:
        return self.cost.total if self.cost is not None else _ZERO

    @property
    def unspecified(self) -> tuple[str, ...]:
        """The dimensions the line's money is unspecified in: category when it gives none;
        channel, mix and segment when its action gives none (with no action: unassigned)."""
        if self.action is None:
            return () if "category" in self.keys else ("category",)
        return tuple(dimension for dimension in SPECIFIED if dimension not in self.keys)

    def quote_state(self, threshold: Decimal | None) -> str | None:
        """The quote's status; `missing` when the line needs a quote (its total reaches the
        threshold) and has none; None when it needs none."""
        if self.line.quote is not None:
            return self.line.quote.status
        needed = threshold is not None and self.cost is not None and self.total >= threshold
        return "missing" if needed else None

    def by_month(self) -> dict[str, Decimal]:
        """What the line costs in each month it falls in (several occurrences may share one)."""
        if self.cost is None:
            return {}
        months: dict[str, Decimal] = {}
        for month in self.cost.months:
            months[month] = EXACT.add(months.get(month, _ZERO), self.cost.each)
        return months


@dataclass(frozen=True, slots=True)
class QuoteCount:
    lines: int
    amount: Decimal


@dataclass
class Rollup:
    """A plan's budget, rolled up. Amounts are exact Decimals in `currency`."""

    name: str
    """Where the plan comes from (its file, as given)."""
    currency: str
    locale: str | None
    total: Decimal
    cap: Decimal | None
    previous_total: Decimal | None
    unassigned: Decimal
    """What the lines with no action cost."""
    by: dict[str, dict[str, Decimal]]
    """Each dimension's keys (and `line`: each counted line's total)."""
    previous_by: dict[str, dict[str, Decimal]]
    """Last period's amounts from the lines' `previous`, for every dimension but month and
    quarter (last period's amounts have no date)."""
    comparable_by: dict[str, dict[str, Decimal]] = field(default_factory=dict)
    """This period's amounts of the lines that give a `previous`: what `previous_by` is
    compared with, like for like."""
    items: list[LineItem] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)
    """Ids of the lines whose currency has no exchange rate."""
    quotes: dict[str, QuoteCount] = field(default_factory=dict)
    """Lines that need a quote (total at or above the threshold), by the state of their quote."""
    threshold: Decimal | None = Decimal(1000)
    """The plan's quote threshold (None for several plans, which each have their own)."""
    depth: dict[str, int] = field(default_factory=dict)
    """Each objective's depth in the tree (0 for top-level), in the plan's order."""
    rates: dict[str, Decimal] = field(default_factory=dict)
    """The plan's exchange rates: 1 unit of the key currency in `currency`."""
    title: str = ""
    """The plan's name."""
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    """What the author calls each objective (title), action (what) and segment (name)."""
    unspecified: dict[str, Decimal] = field(default_factory=dict)
    """Per dimension of SPECIFIED, the money of the lines that give it no value (lines with no
    action are `unassigned` instead, but for category)."""
    previous_unspecified: dict[str, Decimal] = field(default_factory=dict)
    """Last period's amounts of that money, where its lines give one."""
    comparable_unspecified: dict[str, Decimal] = field(default_factory=dict)
    """This period's amounts of the lines behind `previous_unspecified`."""
    scenario: str | None = None
    """The scenario applied (`--scenario`), None for the plan as written."""
    original: Rollup | None = None
    """The plan as first approved (`--baseline`), rolled up alike, to show beside this one;
    its `name` says where it was read from."""

    @property
    def remaining(self) -> Decimal | None:
        return None if self.cap is None else EXACT.subtract(self.cap, self.total)

    def as_json(self) -> dict[str, object]:
        """The contract's JSON shape: every amount a decimal string rounded once."""

        def money(value: Decimal | None) -> str | None:
            return None if value is None else f"{round_money(value, self.currency):f}"

        original = self.original
        return {
            "currency": self.currency,
            "total": money(self.total),
            "cap": money(self.cap),
            "remaining": money(self.remaining),
            "previous_total": money(self.previous_total),
            **({"baseline": original.as_baseline_json()} if original is not None else {}),
            "by": {
                dimension: {key: money(amount) for key, amount in amounts.items()}
                for dimension, amounts in self.by.items()
            },
            "unassigned": money(self.unassigned),
            "unspecified": {
                dimension: money(self.unspecified.get(dimension, _ZERO)) for dimension in SPECIFIED
            },
            "quotes": {
                state: {"lines": count.lines, "amount": money(count.amount)}
                for state, count in self.quotes.items()
            },
        }

    def as_baseline_json(self) -> dict[str, object]:
        """As the baseline of another roll-up: where it was read from, its total and its
        amounts by every dimension."""
        document = self.as_json()
        return {"source": self.name, "total": document["total"], "by": document["by"]}


def rollup(plan: Plan, name: str = "") -> Rollup:
    """Roll a plan's budget up by every dimension."""
    items = line_items(plan)
    depth = {at.objective.id: at.depth for at in walk_objectives(plan)}
    by: dict[str, dict[str, Decimal]] = {
        "objective": dict.fromkeys(depth, _ZERO),
        "action": {action.id: _ZERO for action in plan.actions},
    }
    previous_by: dict[str, dict[str, Decimal]] = {dimension: {} for dimension in DIMENSIONS[:6]}
    comparable_by: dict[str, dict[str, Decimal]] = {dimension: {} for dimension in DIMENSIONS[:6]}
    for dimension in DIMENSIONS[2:]:
        by.setdefault(dimension, {})
    # Every line that counts is listed, even at zero; one left out for want of a rate is not.
    by["line"] = {item.line.id: _ZERO for item in items if item.cost is not None}
    unspecified = dict.fromkeys(SPECIFIED, _ZERO)
    previous_unspecified: dict[str, Decimal] = {}
    comparable_unspecified: dict[str, Decimal] = {}
    unassigned = _ZERO
    for item in items:
        if item.cost is None:
            continue  # no exchange rate for its currency: left out of every figure
        total = item.total
        _add(by["line"], item.line.id, total)
        if item.action is None:
            unassigned = EXACT.add(unassigned, total)
        keys = [*item.keys.items(), *(("objective", o) for o in item.objectives)]
        for dimension, key in keys:
            _add_like_for_like(
                item, key, by[dimension], previous_by[dimension], comparable_by[dimension]
            )
        for dimension in item.unspecified:
            _add_like_for_like(
                item, dimension, unspecified, previous_unspecified, comparable_unspecified
            )
        for month, amount in item.by_month().items():
            _add(by["month"], month, amount)
    # A quarter is the exact sum of its months.
    for month, amount in by["month"].items():
        _add(by["quarter"], quarter_of(month), amount)
    _order(by)
    budget = plan.budget
    threshold = budget.quote_threshold if budget is not None else Decimal(1000)
    return Rollup(
        name=name,
        currency=plan.plan.currency,
        locale=plan.plan.locale,
        total=exact_sum(item.total for item in items),
        cap=plan.plan.budget_cap,
        previous_total=budget.previous_total if budget is not None else None,
        unassigned=unassigned,
        by=by,
        previous_by=previous_by,
        comparable_by=comparable_by,
        items=items,
        left_out=[item.line.id for item in items if item.cost is None],
        quotes=_quotes(items, threshold),
        threshold=threshold,
        depth=depth,
        rates=dict(plan.plan.exchange_rates),
        title=plan.plan.name,
        labels=_labels(plan),
        unspecified=unspecified,
        previous_unspecified=previous_unspecified,
        comparable_unspecified=comparable_unspecified,
    )


def _add(bucket: dict[str, Decimal], key: str, amount: Decimal) -> None:
    bucket[key] = EXACT.add(bucket.get(key, _ZERO), amount)


def _add_like_for_like(
    item: LineItem,
    key: str,
    bucket: dict[str, Decimal],
    previous: dict[str, Decimal],
    comparable: dict[str, Decimal],
) -> None:
    """Add a line's total to `key`; for a line that gives last period's amount, also that
    amount to `previous` and its total to `comparable`, so that a change compares the same
    lines."""
    _add(bucket, key, item.total)
    if item.previous is not None:
        _add(previous, key, item.previous)
        _add(comparable, key, item.total)


def _labels(plan: Plan) -> dict[str, dict[str, str]]:
    segments = plan.audit.segments if plan.audit is not None and plan.audit.segments else []
    return {
        "objective": {at.objective.id: at.objective.title for at in walk_objectives(plan)},
        "action": {action.id: action.what for action in plan.actions},
        "segment": {segment.id: segment.name for segment in segments if segment.name},
        "category": {c.id: c.name for c in plan.budget.categories} if plan.budget else {},
    }


def row_label(one: Rollup, by: str, key: str, width: int = 48) -> str:
    """A key as people read it: its id and, for objectives, actions, segments and named
    categories, what the author calls it, cut to `width` characters."""
    name = one.labels.get(by, {}).get(key)
    text = f"{key} {' '.join(name.split())}" if name else key
    return text if len(text) <= width else text[: width - 1] + "…"


def share(part: Decimal, whole: Decimal) -> Decimal | None:
    """`part` as a fraction of `whole` (None when there is no whole to share)."""
    return part / whole if whole != 0 else None


def change(now: Decimal, before: Decimal) -> tuple[Decimal, Decimal | None]:
    """The change from `before` to `now`, in amount and as a fraction of `before`."""
    delta = EXACT.subtract(now, before)
    return delta, (delta / before if before != 0 else None)


def line_items(plan: Plan) -> list[LineItem]:
    """Every budget line, resolved against the plan's actions and objectives once."""
    if plan.budget is None:
        return []
    actions: dict[str, Action] = {}
    for each in plan.actions:
        actions.setdefault(each.id, each)
    ancestry: dict[str, tuple[str, ...]] = {}
    for at in walk_objectives(plan):
        parent = at.parent.id if at.parent is not None else None
        chain = (at.objective.id, *(ancestry.get(parent, ()) if parent else ()))
        ancestry.setdefault(at.objective.id, chain)
    items = []
    for line in plan.budget.lines:
        action: Action | None = actions.get(line.action) if line.action is not None else None
        keys = {"category": line.category} if line.category else {}
        if action is not None:
            keys["action"] = action.id
            given = {"channel": action.channel, "mix": action.mix, "segment": action.segment}
            keys |= {dimension: value for dimension, value in given.items() if value}
        factor = rate(plan, line.currency)
        previous = (
            multiply(line.previous, factor)
            if line.previous is not None and factor is not None
            else None
        )
        items.append(
            LineItem(
                line=line,
                period=plan.plan.period,
                cost=line_cost(plan, line),
                action=action,
                objectives=ancestry.get(action.objective, ()) if action is not None else (),
                keys=keys,
                previous=previous,
            )
        )
    return items


def _quotes(items: Iterable[LineItem], threshold: Decimal) -> dict[str, QuoteCount]:
    needing: dict[str, list[Decimal]] = {state: [] for state in QUOTE_STATES}
    for item in items:
        if item.cost is not None and item.total >= threshold:
            state = item.line.quote.status if item.line.quote is not None else "missing"
            needing[state].append(item.total)
    return {state: QuoteCount(len(totals), exact_sum(totals)) for state, totals in needing.items()}


def _order(by: dict[str, dict[str, Decimal]]) -> None:
    """Keys in the order a reader expects: objectives, actions and lines as in the plan, words
    alphabetically, months and quarters by date (`unscheduled` last)."""
    for dimension in ("category", "channel", "mix", "segment"):
        by[dimension] = _sorted_keys(by[dimension])
    for dimension in ("month", "quarter"):
        by[dimension] = dict(sorted(by[dimension].items(), key=lambda kv: _calendar(kv[0])))


def _sorted_keys(amounts: dict[str, Decimal]) -> dict[str, Decimal]:
    """Alphabetical as a reader expects (`événements` among the e's)."""
    return dict(sorted(amounts.items(), key=lambda kv: _collate(kv[0])))


def _collate(text: str) -> tuple[str, str]:
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return (plain.casefold(), text)


def _calendar(key: str) -> tuple[bool, str]:
    return (key == UNSCHEDULED, key)


_PLAN_OWN = ("objective", "action", "segment", "line")
"""Dimensions whose keys are ids of one plan: consolidated, they are prefixed by its name."""


def consolidate(rollups: Sequence[Rollup], currency: str, rates: Mapping[str, Decimal]) -> Rollup:
    """Several plans as one, in `currency`: each plan's exact figures converted at `rates`
    (1 unit of a plan's currency = rates[code] units of `currency`). Objective, action,
    segment and line keys are prefixed by the plan's name, since ids are only unique within a
    plan; `unspecified` and `unassigned` add up across plans, so the invariants still hold."""

    def convert(amount: Decimal, source: str) -> Decimal:
        return amount if source == currency else multiply(amount, rates[source])

    by: dict[str, dict[str, Decimal]] = {dimension: {} for dimension in (*DIMENSIONS, "line")}
    previous_by: dict[str, dict[str, Decimal]] = {dimension: {} for dimension in DIMENSIONS[:6]}
    comparable_by: dict[str, dict[str, Decimal]] = {dimension: {} for dimension in DIMENSIONS[:6]}
    unspecified = dict.fromkeys(SPECIFIED, _ZERO)
    previous_unspecified: dict[str, Decimal] = {}
    comparable_unspecified: dict[str, Decimal] = {}
    total = unassigned = _ZERO
    cap: Decimal | None = _ZERO
    previous_total: Decimal | None = _ZERO
    for one in rollups:
        own = one.currency
        total = EXACT.add(total, convert(one.total, own))
        unassigned = EXACT.add(unassigned, convert(one.unassigned, own))
        cap = None if cap is None or one.cap is None else EXACT.add(cap, convert(one.cap, own))
        previous_total = (
            None
            if previous_total is None or one.previous_total is None
            else EXACT.add(previous_total, convert(one.previous_total, own))
        )
        pairs = ((by, one.by), (previous_by, one.previous_by), (comparable_by, one.comparable_by))
        for target, source in pairs:
            for dimension, amounts in source.items():
                bucket = target[dimension]
                for key, amount in amounts.items():
                    if dimension in _PLAN_OWN:
                        key = f"{one.name}:{key}"
                    bucket[key] = EXACT.add(bucket.get(key, _ZERO), convert(amount, own))
        pairs_unspecified = (
            (unspecified, one.unspecified),
            (previous_unspecified, one.previous_unspecified),
            (comparable_unspecified, one.comparable_unspecified),
        )
        for sums, own_sums in pairs_unspecified:
            for dimension, amount in own_sums.items():
                sums[dimension] = EXACT.add(sums.get(dimension, _ZERO), convert(amount, own))
    _order(by)
    quotes = {
        state: QuoteCount(
            sum(one.quotes[state].lines for one in rollups),
            exact_sum(convert(one.quotes[state].amount, one.currency) for one in rollups),
        )
        for state in QUOTE_STATES
    }
    depth = {f"{one.name}:{key}": level for one in rollups for key, level in one.depth.items()}
    return Rollup(
        name="consolidated",
        currency=currency,
        locale=rollups[0].locale if rollups else None,
        total=total,
        cap=cap,
        previous_total=previous_total,
        unassigned=unassigned,
        by=by,
        previous_by=previous_by,
        comparable_by=comparable_by,
        items=[item for one in rollups for item in one.items],
        left_out=[f"{one.name}:{line}" for one in rollups for line in one.left_out],
        quotes=quotes,
        threshold=None,
        depth=depth,
        title=words(None, "terminal")["all_plans"],
        labels={
            dimension: {
                f"{one.name}:{key}": label
                for one in rollups
                for key, label in one.labels.get(dimension, {}).items()
            }
            for dimension in ("objective", "action", "segment")
        },
        unspecified=unspecified,
        previous_unspecified=previous_unspecified,
        comparable_unspecified=comparable_unspecified,
    )
