"""Next period's review, proposed from last period's evidence, and the plan's name and editor
modeline.

Each of last period's actions is reviewed once, in the plan's language (text/rollover_words.py),
from its objective's status and outlook as of the date the actuals cover, the KPI it moves and
its spend against what its lines planned to that date:

- `drop`: cancelled; or never started while its objective is behind, off course or missed;
- `keep`: its objective achieved, on track or on course, and its spend within what it planned;
- `adjust`: every other case (over its budget, run without moving its objective, no figures),
  saying what to look at.

An action whose objective is achieved or on course is never dropped. Each proposal carries one
line of reasons the consultant edits: `evidence` for keep and drop, `change` for adjust.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from decimal import Decimal
from pathlib import Path

from opmkt.io.modeline import modeline, schema_of
from opmkt.plan.model import Action, Plan
from opmkt.plan.money import exact_sum
from opmkt.rollover.partial import Coverage, two
from opmkt.status.compute import ObjectiveStatus, Status
from opmkt.text.localefmt import DEFAULT_LOCALE, money, percent
from opmkt.text.words import words

_YEAR = re.compile(r"(?<![0-9])[0-9]{4}(?![0-9])")
_GOOD = frozenset({"achieved", "on_track", "on_course"})
"""An objective in one of these (status or outlook) keeps its actions."""
_LEEWAY = Decimal("1.1")
"""Spend up to 10 % over what was planned to date is within plan."""


def advance_name(name: str, old: tuple[dt.date, dt.date], new: tuple[dt.date, dt.date]) -> str:
    """The years of the last period in `name` moved on; the new year appended when none is."""
    years = range(old[0].year, old[1].year + 1)
    delta = new[0].year - old[0].year

    def moved(match: re.Match[str]) -> str:
        year = int(match.group())
        return str(year + delta) if year in years else match.group()

    if any(int(m.group()) in years for m in _YEAR.finditer(name)):
        return _YEAR.sub(moved, name)
    span = str(new[0].year) if new[0].year == new[1].year else f"{new[0].year}–{new[1].year}"
    return f"{name} {span}"


def schema_modeline(text: str, source: Path, folder: Path) -> str | None:
    """The old plan's editor modeline, its relative schema path made relative to `folder`."""
    ref = schema_of(text)
    if ref is None:
        return None
    if "://" not in ref and not Path(ref).is_absolute():
        schema = source.parent.resolve() / ref
        try:
            ref = Path(os.path.relpath(schema, folder.resolve())).as_posix()
        except ValueError:  # another drive (Windows): no relative path leads there
            ref = schema.as_posix()
    return modeline(ref)


class Review:
    """The review's entries, in the plan's language, with its numbers."""

    def __init__(self, plan: Plan, result: Status, coverage: Coverage) -> None:
        self.locale = plan.plan.locale or DEFAULT_LOCALE
        self.currency = plan.plan.currency
        self.words = words(self.locale, "rollover")
        self.rows: dict[str, ObjectiveStatus] = {}
        for row in result.objectives:
            self.rows.setdefault(row.objective.id, row)
        self.result = result
        self.to = coverage.to
        self.lines: dict[str, list[str]] = {}
        for line in plan.budget.lines if plan.budget else []:
            if line.action is not None:
                self.lines.setdefault(line.action, []).append(line.id)
        self.keep: list[dict[str, str]] = []
        self.drop: list[dict[str, str]] = []
        self.adjust: list[dict[str, str]] = []

    def number(self, value: Decimal) -> str:
        from babel.numbers import format_decimal

        return str(format_decimal(two(value), format="0.##", locale=self.locale))

    def objective(self, objective_id: str) -> tuple[set[str], str]:
        """The objective's status and outlook as of the date covered, and its figures."""
        w, row = self.words, self.rows.get(objective_id)
        if row is None or row.status == "no_data":
            kpi = row.objective.kpi if row is not None else None
            if row is None or kpi is None or None in (row.objective.baseline, row.objective.target):
                return {"no_data"}, w["no_kpi"].format(o=objective_id)
            return {"no_data"}, w["no_value"].format(o=objective_id, kpi=kpi, end=self.to)
        assert row.value is not None and row.progress is not None
        assert row.objective.target is not None
        progress = Decimal(row.progress.numerator) / Decimal(row.progress.denominator)
        figures = w["figures"].format(
            o=objective_id,
            status=w[row.status],
            kpi=row.objective.kpi,
            value=self.number(row.value),
            target=self.number(row.objective.target),
            progress=percent(progress, self.locale, digits=0),
        )
        verdicts = {row.status}
        if row.outlook in ("on_course", "off_course") and row.projected is not None:
            verdicts.add(row.outlook)
            projected = self.number(two(row.projected))
            figures += w["outlook"].format(projected=projected, outlook=w[row.outlook])
        return verdicts, figures

    def spend(self, action: Action) -> tuple[bool | None, str]:
        """Whether the action's lines spent within what they planned to date (None: it has no
        line), and the figures."""
        ids = [i for i in self.lines.get(action.id, []) if i in self.result.lines]
        if not ids:
            return None, ""
        spent = exact_sum(self.result.lines[i].actual for i in ids)
        planned = exact_sum(self.result.lines[i].planned_to_date for i in ids)
        within = spent <= planned * _LEEWAY
        return within, self.words["spend"].format(
            spent=money(spent, self.currency, self.locale),
            planned=money(planned, self.currency, self.locale),
            to=self.to,
        )

    def add(self, action: Action) -> None:
        w = self.words
        practice = f"{action.what} ({action.id})"
        if action.status == "cancelled":
            self.drop.append({"practice": practice, "evidence": f"{action.id} {w['cancelled']}"})
            return
        verdicts, figures = self.objective(action.objective)
        within, spend = self.spend(action)
        evidence = w["evidence"].format(
            a=action.id, status=w[action.status], spend=spend, objective=figures
        )
        good = bool(verdicts & _GOOD) or "achieved" in verdicts
        if good and within is not False and action.status != "planned":
            reason = w["reason"].format(why=w["keep_why"], evidence=evidence)
            self.keep.append({"practice": practice, "evidence": reason})
        elif not good and action.status == "planned" and "no_data" not in verdicts:
            reason = w["reason"].format(why=w["drop_why"], evidence=evidence)
            self.drop.append({"practice": practice, "evidence": reason})
        else:
            why = (
                "over_budget"
                if within is False
                else "no_figures"
                if "no_data" in verdicts
                else "not_started"
                if action.status == "planned"
                else "not_moving"
            )
            reason = w["reason"].format(why=w[why], evidence=evidence)
            self.adjust.append({"practice": practice, "change": reason})
