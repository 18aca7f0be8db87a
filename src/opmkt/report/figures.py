"""The report's view of the figures: budget roll-ups with their charts, quotes, last period's
comparison, the indicators, and validate's findings (results as of a date: report_results).

Every amount comes from `rollup` and `status` (exact), and is rounded and formatted once
here, for the report's locale; templates receive the strings and the charts.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Sequence
from decimal import Decimal
from pathlib import PurePath

from opmkt.budget.rollup import QUOTE_STATES, LineItem, QuoteCount, Rollup, change, share
from opmkt.budget.rows import nested, other_rows
from opmkt.findings import Finding
from opmkt.plan.model import BUDGET_INPUT, Actuals, Kpi, Plan, ScopedSpend
from opmkt.plan.money import EXACT, exact_sum, round_money
from opmkt.report.charts import (
    PRIMARY,
    Bar,
    Series,
    TargetLine,
    bar_chart,
    column_chart,
    trend,
)
from opmkt.report.format import Fmt, indent_level
from opmkt.report.view import (
    Breakdown,
    BreakdownRow,
    Budget,
    ComparisonRow,
    FindingRow,
    IndicatorGroup,
    IndicatorRow,
    LineRow,
    QuoteCountRow,
    QuoteLine,
    Quotes,
)
from opmkt.status.compute import Status


def _key_label(one: Rollup, by: str, key: str, fmt: Fmt) -> str:
    if by == "channel":
        return fmt.word(f"channel.{key}", key)
    if by == "month":
        return fmt.month(key)
    if by == "category":
        return one.labels.get(by, {}).get(key) or humanised(key)
    name = one.labels.get(by, {}).get(key)
    return f"{key} {' '.join(name.split())}" if name else key


def humanised(word: str) -> str:
    """A key written for a file as a reader writes it: `social_media` -> `Social media`."""
    text = " ".join(re.split(r"[_\-.]+", word)).strip()
    return text[:1].upper() + text[1:] if text else word


def _dimension(one: Rollup, by: str, title_key: str, fmt: Fmt) -> Breakdown:
    entries = [
        (
            key,
            _key_label(one, by, key, fmt),
            one.depth.get(key, 0) if by == "objective" else 0,
            amount,
        )
        for key, amount in one.by.get(by, {}).items()
    ]
    # The money the keys do not show, so that the rows add up to the total.
    entries += [("", fmt.word(other.kind), 0, other.amount) for other in other_rows(one, by)]
    longest = max((amount for *_, amount in entries), default=Decimal(0))
    rows = []
    bars = []
    for key, label, depth, amount in entries:
        text = fmt.money(amount)
        rows.append(
            BreakdownRow(
                key,
                label,
                depth,
                indent_level(depth) if key else 0,
                text,
                fmt.share(share(amount, one.total)),
                _bar_width(amount, longest),
            )
        )
        bars.append(Bar(label, float(amount), text, depth))
    title = fmt.word(title_key)
    spoken = fmt.word("list_separator").join(f"{b.label} {b.text}" for b in bars)
    summary = f"{fmt.word('budget')}, {title.lower()}{fmt.word('colon')}{spoken}"
    return Breakdown(
        title=title,
        rows=rows,
        chart=bar_chart(bars, summary) if bars else "",
        summary=summary,
        # Indented rows are already in their parents': only the top level adds up.
        note=fmt.word("objective_includes") if nested(one, by) else "",
    )


def _bar_width(amount: Decimal, longest: Decimal) -> str:
    """A row's bar as a percentage of the longest bar, as a CSS width (`62.5`)."""
    if longest <= 0 or amount <= 0:
        return "0"
    return f"{amount * 100 / longest:.1f}"


def budget_view(
    one: Rollup, plan: Plan, fmt: Fmt, silenced: Collection[str] = frozenset()
) -> Budget:
    """Totals, the four breakdowns, last period's comparison, quotes and the lines.

    `silenced`: ids of lines with no quote whose `quote-missing` finding the plan silences;
    they are shown as waived (the plan's word), not as missing."""
    delta, ratio = (
        change(one.total, one.previous_total) if one.previous_total is not None else (None, None)
    )
    comparison = []
    previous = one.previous_by.get("category", {})
    for key, before in previous.items():
        now = one.comparable_by.get("category", {}).get(key, Decimal(0))
        moved, moved_ratio = change(now, before)
        comparison.append(
            ComparisonRow(
                key=key,
                label=_key_label(one, "category", key, fmt),
                previous=fmt.money(before),
                now=fmt.money(now),
                delta=fmt.signed_money(moved),
                change=fmt.change(moved_ratio),
            )
        )
    for other in other_rows(one, "category"):
        if other.previous is not None and other.comparable is not None:
            moved, moved_ratio = change(other.comparable, other.previous)
            comparison.append(
                ComparisonRow(
                    key="",
                    label=fmt.word(other.kind),
                    previous=fmt.money(other.previous),
                    now=fmt.money(other.comparable),
                    delta=fmt.signed_money(moved),
                    change=fmt.change(moved_ratio),
                )
            )
    remaining = one.remaining
    return Budget(
        currency=one.currency,
        total=fmt.money(one.total),
        cap=fmt.money(one.cap) if one.cap is not None else "",
        remaining=fmt.money(remaining) if remaining is not None else "",
        over_cap=remaining is not None and remaining < 0,
        previous_total=fmt.money(one.previous_total) if one.previous_total is not None else "",
        change_amount=fmt.signed_money(delta) if delta is not None else "",
        change_percent=fmt.change(ratio),
        unassigned=fmt.money(one.unassigned) if one.unassigned else "",
        left_out=list(one.left_out),
        threshold=fmt.money(one.threshold) if one.threshold is not None else "",
        by_objective=_dimension(one, "objective", "by_objective", fmt),
        by_category=_dimension(one, "category", "by_category", fmt),
        by_channel=_dimension(one, "channel", "by_channel", fmt),
        by_month=_month_dimension(one, fmt),
        comparison=comparison,
        quotes=_quotes(one, fmt, silenced),
        lines=_lines(one, fmt, silenced),
    )


def _month_dimension(one: Rollup, fmt: Fmt) -> Breakdown:
    """The budget by month, drawn as columns in the months' order rather than as bars."""
    view = _dimension(one, "month", "by_month", fmt)
    months = [(key, amount) for key, amount in one.by.get("month", {}).items()]
    if not months:
        return view
    top = max(amount for _, amount in months)
    chart = column_chart(
        fmt.month_labels([key for key, _ in months]),
        [Series(fmt.word("planned"), [float(a) for _, a in months], PRIMARY)],
        view.summary,
        top_label=fmt.money(top),
    )
    return view._replace(chart=chart)


def _quote_state(one: Rollup, item: LineItem, silenced: Collection[str]) -> str | None:
    state = item.quote_state(one.threshold)
    return "waived" if state == "missing" and item.line.id in silenced else state


def _quote_reason(item: LineItem, silenced: Collection[str], fmt: Fmt) -> str:
    quote = item.line.quote
    if quote is not None:
        return quote.reason or ""
    return fmt.word("quote_silenced") if item.line.id in silenced else ""


def _quote_counts(one: Rollup, silenced: Collection[str]) -> dict[str, QuoteCount]:
    """The rollup's count of lines by quote state, with the silenced lines moved from
    missing to waived."""
    moved = [
        item.total
        for item in one.items
        if item.line.id in silenced and item.quote_state(one.threshold) == "missing"
    ]
    counts = dict(one.quotes)
    if moved and "missing" in counts and "waived" in counts:
        amount = exact_sum(moved)
        missing, waived = counts["missing"], counts["waived"]
        counts["missing"] = QuoteCount(
            missing.lines - len(moved), EXACT.subtract(missing.amount, amount)
        )
        counts["waived"] = QuoteCount(waived.lines + len(moved), EXACT.add(waived.amount, amount))
    return counts


def _quotes(one: Rollup, fmt: Fmt, silenced: Collection[str]) -> Quotes:
    counts = _quote_counts(one, silenced)
    summary = [
        QuoteCountRow(
            state=state,
            label=fmt.word(f"quote.{state}"),
            lines=counts[state].lines,
            amount=fmt.money(counts[state].amount),
        )
        for state in QUOTE_STATES
        if state in counts
    ]
    lines = []
    for item in one.items:
        state = _quote_state(one, item, silenced)
        if state is None:
            continue
        quote = item.line.quote
        lines.append(
            QuoteLine(
                id=item.line.id,
                label=item.line.label,
                vendor=item.line.vendor,
                total=fmt.money(item.total) if item.cost is not None else "",
                state=state,
                state_label=fmt.word(f"quote.{state}"),
                ref=quote.ref if quote is not None else None,
                quote_amount=_quote_amount(one, item, fmt),
                reason=_quote_reason(item, silenced, fmt),
            )
        )
    return Quotes(summary, lines)


def _quote_amount(one: Rollup, item: LineItem, fmt: Fmt) -> str:
    quote = item.line.quote
    if quote is None or quote.amount is None:
        return ""
    own = item.line.currency or one.currency
    return fmt.price(round_money(quote.amount, own), own)


def _quote_note(one: Rollup, item: LineItem, silenced: Collection[str], fmt: Fmt) -> str:
    """Why a quote is waived, its reference and amount, in the order the quotes table shows them."""
    quote, line = item.line.quote, item.line
    # A quote for exactly the line's one amount says nothing the line does not.
    same = quote is not None and quote.amount == line.unit_amount and line.recurring is None
    parts = [
        _quote_reason(item, silenced, fmt),
        (quote.ref or "") if quote is not None else "",
        "" if same else _quote_amount(one, item, fmt),
    ]
    return " · ".join(part for part in parts if part)


def _lines(one: Rollup, fmt: Fmt, silenced: Collection[str]) -> list[LineRow]:
    rows = []
    for item in one.items:
        line = item.line
        own = line.currency or one.currency
        if line.recurring is not None:
            every = fmt.word(f"recurring.{line.recurring.every}")
            when = f"{every}, {fmt.month_range(line.recurring.from_, line.recurring.to)}"
        elif line.date is not None and len(line.date) == 10:
            when = fmt.date(dt.date.fromisoformat(line.date))
        elif line.date is not None:
            when = fmt.month(line.date)
        else:
            when = fmt.word("unscheduled")
        state = _quote_state(one, item, silenced)
        rows.append(
            LineRow(
                id=line.id,
                label=line.label,
                action=line.action,
                category=(
                    _key_label(one, "category", line.category, fmt)
                    if line.category
                    else fmt.word("unspecified")
                ),
                vendor=line.vendor,
                when=when,
                amount=fmt.price(round_money(line.unit_amount, own), own),
                unit=(
                    fmt.price(round_money(line.unit_amount, own), own)
                    if line.recurring is not None or own != one.currency
                    else ""
                ),
                total=fmt.money(item.total) if item.cost is not None else "",
                left_out=item.cost is None,
                quote=fmt.word(f"quote.{state}") if state is not None else "",
                quote_state=state or "",
                quote_note=_quote_note(one, item, silenced, fmt) if state is not None else "",
            )
        )
    return rows


def indicators_view(
    plan: Plan, fmt: Fmt, state: Status | None, actuals: Actuals | None = None
) -> list[IndicatorGroup]:
    """The indicators, financial then performance, with their value as of the results date
    and their trend when there are results."""
    groups = []
    for kind in ("financial", "performance"):
        items = [_kpi_row(k, plan, fmt, state, actuals) for k in plan.kpis if k.kind == kind]
        groups.append(IndicatorGroup(kind, fmt.word(f"kpi_kind.{kind}"), items))
    return groups


def _kpi_row(
    kpi: Kpi, plan: Plan, fmt: Fmt, state: Status | None, actuals: Actuals | None
) -> IndicatorRow:
    inputs = ", ".join(_input_label(source, fmt) for source in (kpi.inputs or {}).values())
    measured = state.kpis.get(kpi.id) if state is not None else None
    return IndicatorRow(
        id=kpi.id,
        name=kpi.name,
        unit=kpi.unit or "",
        formula=fmt.word(f"formula.{kpi.formula}") if kpi.formula else "",
        inputs=inputs,
        value=fmt.kpi_value(measured.value, kpi.unit, measured=True) if measured else "",
        date=fmt.date(measured.date) if measured is not None and measured.date else "",
        trend=_trend(kpi, plan, fmt, state, actuals) if state is not None else "",
    )


def _trend(kpi: Kpi, plan: Plan, fmt: Fmt, state: Status, actuals: Actuals | None) -> str:
    """The indicator's measurements up to the results date against the target line of the
    first objective it measures: the chart, with what it shows in words."""
    points = sorted(
        (m.date, m.value)
        for m in (actuals.kpis if actuals is not None else [])
        if m.kpi == kpi.id and m.date <= state.as_of
    )
    if not points:
        return ""
    period = plan.plan.period
    aim = next(
        (
            o
            for o in state.objectives
            if o.objective.kpi == kpi.id
            and o.objective.baseline is not None
            and o.objective.target is not None
        ),
        None,
    )
    line = None
    spoken = fmt.word("list_separator").join(
        f"{fmt.date(day)} {fmt.kpi_value(value, kpi.unit)}" for day, value in points
    )
    summary = f"{kpi.name}{fmt.word('colon')}{spoken}"
    if aim is not None:
        baseline, target = aim.objective.baseline, aim.objective.target
        assert baseline is not None and target is not None
        deadline = aim.deadline.day
        line = TargetLine(period.start, float(baseline), deadline, float(target))
        summary += fmt.word("list_separator") + fmt.word("trend_target").format(
            target=fmt.kpi_value(target, kpi.unit), deadline=fmt.date(deadline)
        )
    drawn = [(day, float(value)) for day, value in points]
    return trend(drawn, line, (period.start, period.end), summary)


def _input_label(source: str | ScopedSpend, fmt: Fmt) -> str:
    if isinstance(source, ScopedSpend) and source.scope_text():
        # The scope's keys and values are the plan's own words: shown as written.
        return f"{fmt.word('spend_input')} ({source.scope_text()})"
    if isinstance(source, ScopedSpend):
        return fmt.word("spend_input")
    return fmt.word("spend_input") if source == BUDGET_INPUT else source


def findings_view(findings: Sequence[Finding], fmt: Fmt) -> list[FindingRow]:
    return [
        FindingRow(
            rule=f.rule,
            severity=f.severity.value,
            severity_label=fmt.word(f"severity.{f.severity.value}"),
            file=f.file,
            where=f"{PurePath(f.file).name}:{f.line}",
            line=f.line,
            column=f.column,
            path=f.path,
            message=f.told(fmt.lang),
        )
        for f in findings
    ]
