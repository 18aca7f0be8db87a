"""The budgets of the plans a command is given, and all of them as one: exchange rates from
the command line, and when plans in several currencies can be added up exactly."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from opmkt.budget.rollup import Rollup, consolidate, rollup
from opmkt.errors import BadValue, UsageError
from opmkt.findings import say
from opmkt.plan.lines import outside_note
from opmkt.plan.loader import require_plans
from opmkt.plan.model import Plan
from opmkt.plan.scenarios import ALL, scenario_names, with_scenario


def plan_rollups(
    files: Sequence[Path], note: Callable[[str], None], scenario: str | None = None
) -> list[Rollup]:
    """Each plan's roll-up, once every file loads (see `plan.loader.require_plans`), with
    `scenario` applied (`all`: one plan's roll-up in each of its scenarios); budget lines
    that fall outside a plan's period are told to `note`."""
    if scenario == ALL and len(files) != 1:
        raise BadValue(
            say("all shows one plan's scenarios side by side: give one PLAN"), "--scenario"
        )

    def use(plan: Plan, path: Path) -> tuple[list[Rollup], str | None]:
        names = scenario_names(plan) if scenario == ALL else [scenario]
        return [_rollup(plan, str(path), name) for name in names], outside_note(plan, str(path))

    used = require_plans(files, use)
    for _, outside in used:
        if outside is not None:
            note(outside)
    return [one for ones, _ in used for one in ones]


def _rollup(plan: Plan, name: str, scenario: str | None) -> Rollup:
    if scenario is None:
        return rollup(plan, name)
    one = rollup(with_scenario(plan, scenario), f"{name} [{scenario}]")
    one.scenario = scenario
    return one


def parse_rates(values: Sequence[str]) -> dict[str, Decimal]:
    """`--rate CODE=VALUE` options as rates by currency code (a BadValue names a bad one)."""
    rates = {}
    for value in values:
        code, _, number = value.partition("=")
        try:
            rate = Decimal(number)
        except InvalidOperation:
            rate = Decimal(0)
        if len(code) != 3 or not code.isalpha() or not rate.is_finite() or rate <= 0:
            raise BadValue(
                say("{value} is not CODE=VALUE, such as USD=0.92", value=repr(value)), "--rate"
            )
        rates[code.upper()] = rate
    return rates


@dataclass(frozen=True)
class Together:
    """All plans as one (None when that is not asked for or cannot be done), and a note for
    the user when plans in several currencies are shown apart."""

    rollup: Rollup | None
    note: str | None = None


def together(
    rollups: Sequence[Rollup], currency: str | None, rates: dict[str, Decimal]
) -> Together:
    """All plans as one, when that can be done exactly; nothing for a single plan.

    Plans in one currency need nothing. Across currencies, `currency` (--currency) names the
    target and each other currency needs a rate, from `rates` (--rate) or from the exchange
    rates of a plan kept in the target currency. What is missing is a usage error that says
    what to give.
    """
    if len(rollups) < 2 and currency is None:
        return Together(None)
    if any(one.scenario is not None for one in rollups[1:]):
        return Together(None)  # a plan's scenarios are alternatives: never added up
    codes = sorted({one.currency for one in rollups})
    if currency is None:
        if len(codes) == 1:
            return Together(consolidate(rollups, codes[0], {}))
        return Together(
            None,
            f"note: the plans are in {', '.join(codes)}: to see them together, give "
            f"--currency {codes[0]} and a rate for each other currency "
            f"(--rate {codes[1]}=…)",
        )
    target = currency.upper()
    known = dict(rates)
    for one in rollups:
        if one.currency == target:
            for code, value in one.rates.items():
                known.setdefault(code, value)
    missing = [code for code in codes if code != target and code not in known]
    if missing:
        raise UsageError(
            say(
                "no exchange rate into {currency} for {codes}: give {options}",
                currency=target,
                codes=", ".join(missing),
                options=" ".join(f"--rate {code}=…" for code in missing),
            )
        )
    return Together(consolidate(rollups, target, known))


def beside_original(rollups: Sequence[Rollup], baseline: Plan, source: str) -> None:
    """Set the baseline's roll-up beside the one plan's (`--baseline` compares one plan)."""
    if len(rollups) != 1:
        raise BadValue(say("compares one plan with its baseline: give one PLAN"), "--baseline")
    same_currency(rollups[0].currency, baseline, source)
    rollups[0].original = rollup(baseline, source)


def same_currency(currency: str, baseline: Plan, source: str) -> None:
    """A baseline in another currency cannot be compared: no rate says what it is worth."""
    if baseline.plan.currency != currency:
        raise BadValue(
            say(
                "{file} is in {currency}, the plan in {plan_currency}: give a version of the plan "
                "in the same currency",
                file=source,
                currency=baseline.plan.currency,
                plan_currency=currency,
            ),
            "--baseline",
        )
