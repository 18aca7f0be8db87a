"""The report's view of the method's first steps: audit, review, marketing mix and 5C,
objectives with their SMART checklist, and the action plan with its timeline.

Each function takes the plan (and what it needs besides) and returns records of report/view.py:
text from the plan is passed as it is written, for the template to escape; words and figures
are already in the report's language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from opmkt.lint.smart import LETTERS, SmartRow
from opmkt.plan.model import Action, AuditEntry, Plan, TeamMember
from opmkt.plan.walk import ObjectiveAt, audit_entries, walk_objectives
from opmkt.report.charts import GanttRow, MermaidTask, gantt, mermaid_gantt
from opmkt.report.format import Fmt, indent_level
from opmkt.report.view import (
    ActionGroup,
    ActionRow,
    Adjustment,
    Audit,
    CategoryCount,
    Channels,
    Competitor,
    Entry,
    GroupObjective,
    Lever,
    Mix,
    ObjectiveRow,
    OfferItem,
    Pestel,
    Practice,
    Quadrant,
    Review,
    SegmentRow,
    SmartLetter,
    Swot,
    Timeline,
    Unscheduled,
)

SWOT = ("strengths", "weaknesses", "opportunities", "threats")
PESTEL = ("political", "economic", "social", "technological", "environmental", "legal")
FOUR_P = ("product", "price", "place", "promotion")
SEVEN_P = ("people", "process", "physical_evidence")
FIVE_C = ("company", "customers", "competitors", "collaborators", "context")
ACTION_STATES = ("planned", "in_progress", "done", "cancelled")


def _items(values: Sequence[str | AuditEntry]) -> list[Entry]:
    return [Entry(v.id, v.text) if isinstance(v, AuditEntry) else Entry(None, v) for v in values]


def audit_view(plan: Plan, fmt: Fmt) -> Audit:
    """The audit's six parts, then SWOT as a 2×2 grid and PESTEL as rows."""
    audit = plan.audit
    if audit is None:
        return Audit(
            present=False,
            market=None,
            competitors=[],
            offer=[],
            segments=[],
            pricing=None,
            channels=Channels([], []),
            swot=Swot(False, [], []),
            pestel=Pestel(False, []),
        )
    offer = [
        OfferItem(
            name=item.name,
            kind=item.kind,
            kind_label=fmt.word(f"offer_kind.{item.kind}") if item.kind else "",
            price=fmt.price(item.price) if item.price is not None else "",
            description=item.description,
        )
        for item in audit.offer or []
    ]
    segments = [
        SegmentRow(
            id=s.id,
            name=s.name or s.id,
            size=fmt.number(s.size) if s.size is not None else "",
            description=s.description,
        )
        for s in audit.segments or []
    ]
    swot = [
        Quadrant(
            key,
            fmt.word(f"swot.{key}"),
            _items(getattr(audit.swot, key)) if audit.swot is not None else [],
        )
        for key in SWOT
    ]
    pestel = [
        Quadrant(
            key,
            fmt.word(f"pestel.{key}"),
            _items(getattr(audit.pestel, key)) if audit.pestel is not None else [],
        )
        for key in PESTEL
    ]
    channels = audit.channels
    return Audit(
        present=True,
        market=audit.market,
        competitors=[
            Competitor(c.name, list(c.strengths), list(c.weaknesses))
            for c in audit.competitors or []
        ],
        offer=offer,
        segments=segments,
        pricing=audit.pricing,
        channels=Channels(
            list(channels.communication) if channels else [],
            list(channels.distribution) if channels else [],
        ),
        swot=Swot(audit.swot is not None, swot, [swot[:2], swot[2:]]),
        pestel=Pestel(audit.pestel is not None, pestel),
    )


def review_view(plan: Plan, fmt: Fmt) -> Review:
    review = plan.review
    if review is None:
        return Review(present=False, period="", keep=[], drop=[], adjust=[])
    period = review.period
    return Review(
        present=True,
        period=fmt.interval(period.start, period.end) if period is not None else "",
        keep=[Practice(p.practice, p.evidence) for p in review.keep],
        drop=[Practice(p.practice, p.evidence) for p in review.drop],
        adjust=[Adjustment(a.practice, a.change, a.evidence) for a in review.adjust],
    )


def mix_view(plan: Plan, fmt: Fmt) -> Mix:
    """The 4P always (a missing one says so), the other three P only where the plan has them."""
    mix = plan.mix

    def lever(key: str) -> Lever:
        text = getattr(mix, key) if mix is not None else None
        return Lever(key, fmt.word(f"mix.{key}"), text)

    return Mix(
        present=mix is not None,
        four_p=[lever(key) for key in FOUR_P],
        extra_p=[lever(key) for key in SEVEN_P if mix is not None and getattr(mix, key)],
    )


def five_c_view(plan: Plan, fmt: Fmt) -> list[Lever]:
    """The 5C that the plan gives, in the method's order."""
    five_c = plan.five_c
    return [
        Lever(key, fmt.word(f"five_c.{key}"), getattr(five_c, key))
        for key in FIVE_C
        if five_c is not None and getattr(five_c, key)
    ]


def objectives_view(
    plan: Plan, fmt: Fmt, smart: Sequence[SmartRow] | None, budget: Mapping[str, str]
) -> tuple[list[ObjectiveRow], list[CategoryCount]]:
    """Every objective, depth first, with its SMART letters (`smart`: smart_rows of the plan,
    in the same order; None: no letters, the check is for the plan's author); and the count
    per category."""
    kpis = {k.id: k for k in reversed(plan.kpis)}
    segments = _segment_names(plan)
    audit_texts = {entry.id: entry.text for _, entry in audit_entries(plan)}
    rows = []
    counts = dict.fromkeys(("business", "communication", "conversion"), 0)
    by_id: dict[str, SmartRow] = {}
    for row in smart or []:
        by_id.setdefault(row.id, row)
    for i, at in enumerate(walk_objectives(plan)):
        o = at.objective
        # In order, two objectives that share an id (a finding of its own) keep their own verdicts.
        verdict = smart[i] if smart and i < len(smart) and smart[i].id == o.id else by_id.get(o.id)
        counts[o.category] = counts.get(o.category, 0) + 1
        kpi = kpis.get(o.kpi) if o.kpi is not None else None
        unit = kpi.unit if kpi is not None else None
        baseline = fmt.kpi_value(o.baseline, unit) if o.baseline is not None else ""
        target = fmt.kpi_value(o.target, unit) if o.target is not None else ""
        letters = [
            SmartLetter(
                key=letter,
                letter=fmt.word(f"smart_letter.{letter}"),
                label=fmt.word(f"smart.{letter}"),
                ok=verdict.ok(letter) if verdict is not None else True,
                reasons=[f.told(fmt.lang) for f in verdict.failures.get(letter, [])]
                if verdict
                else [],
            )
            for letter in (LETTERS if smart is not None else ())
        ]
        rows.append(
            ObjectiveRow(
                id=o.id,
                depth=at.depth,
                level=indent_level(at.depth),
                parent=at.parent.id if at.parent is not None else None,
                category=o.category,
                category_label=fmt.word(f"category.{o.category}"),
                title=o.title,
                kpi=(kpi.name if kpi is not None else o.kpi) or "",
                kpi_id=o.kpi,
                baseline=baseline,
                target=target,
                baseline_target=f"{baseline or '—'} → {target}" if target else baseline,
                deadline=fmt.date(o.deadline),
                deadline_iso=o.deadline.isoformat() if o.deadline else None,
                segment=segments.get(o.segment, o.segment) if o.segment else None,
                rationale=o.rationale,
                addresses=[audit_texts.get(ref, ref) for ref in o.addresses],
                smart=letters,
                smart_ok=all(one.ok for one in letters),
                smart_reasons=[r for one in letters for r in one.reasons],
                budget=budget.get(o.id, ""),
            )
        )
    categories = [
        CategoryCount(key, fmt.word(f"category.{key}"), count) for key, count in counts.items()
    ]
    return rows, categories


def _segment_names(plan: Plan) -> dict[str, str]:
    segments = plan.audit.segments or [] if plan.audit is not None else []
    return {s.id: s.name or s.id for s in reversed(segments)}


def _action_row(
    action: Action,
    fmt: Fmt,
    budget: Mapping[str, str],
    team: Mapping[str, TeamMember],
    segments: Mapping[str, str],
) -> ActionRow:
    member = team.get(action.owner) if action.owner is not None else None
    return ActionRow(
        id=action.id,
        what=action.what,
        when=fmt.interval(action.start, action.end),
        start=action.start.isoformat() if action.start else None,
        end=action.end.isoformat() if action.end else None,
        who=member.name if member is not None else (action.owner or ""),
        who_role=member.role if member is not None else None,
        how=action.how,
        steps=list(action.steps or []),
        channel=action.channel,
        channel_label=fmt.word(f"channel.{action.channel}") if action.channel else "",
        mix=action.mix,
        mix_label=fmt.word(f"mix.{action.mix}") if action.mix else "",
        segment=segments.get(action.segment, action.segment) if action.segment else None,
        status=action.status,
        status_label=fmt.word(f"action_status.{action.status}"),
        budget=budget.get(action.id, ""),
    )


def action_groups(plan: Plan, fmt: Fmt, budget: Mapping[str, str]) -> list[ActionGroup]:
    """The action plan grouped by objective, in the order of the objectives; actions whose
    objective is not in the plan come last, under a heading that says so."""
    objectives: dict[str, ObjectiveAt] = {}
    for at in walk_objectives(plan):
        objectives.setdefault(at.objective.id, at)
    team = {m.id: m for m in reversed(plan.team)}
    segments = _segment_names(plan)

    def rows(actions: list[Action]) -> list[ActionRow]:
        return [_action_row(a, fmt, budget, team, segments) for a in actions]

    grouped: dict[str | None, list[Action]] = {}
    for action in plan.actions:
        key = action.objective if action.objective in objectives else None
        grouped.setdefault(key, []).append(action)
    groups = []
    for objective_id, at in objectives.items():
        if objective_id not in grouped:
            continue
        o = at.objective
        label = fmt.word(f"category.{o.category}")
        objective = GroupObjective(o.id, o.title, label, at.depth)
        groups.append(ActionGroup(objective, rows(grouped[objective_id])))
    if None in grouped:
        unknown = GroupObjective("", fmt.word("unknown_objective"), "", 0)
        groups.append(ActionGroup(unknown, rows(grouped[None])))
    return groups


def _dated(action: Action) -> bool:
    return action.start is not None and action.end is not None and action.start <= action.end


def timeline_view(plan: Plan, fmt: Fmt, as_of: dt.date) -> Timeline:
    """The actions on the calendar: a Mermaid gantt for Markdown, an SVG Gantt for HTML with
    a line on `as_of` and the actions late by then flagged, and the actions that cannot be
    drawn for want of dates."""
    from opmkt.status.compute import action_status

    objectives = {at.objective.id: at.objective for at in walk_objectives(plan)}
    order = list(dict.fromkeys([*objectives, *(a.objective for a in plan.actions)]))
    by_objective: dict[str, list[Action]] = {}
    for action in plan.actions:
        if _dated(action):
            by_objective.setdefault(action.objective, []).append(action)
    period = plan.plan.period
    starts = [a.start for a in plan.actions if _dated(a) and a.start is not None]
    ends = [a.end for a in plan.actions if _dated(a) and a.end is not None]
    first = min([period.start, *starts])
    last = max([period.end, *ends])
    rows: list[GanttRow] = []
    sections: list[tuple[str, list[MermaidTask]]] = []
    spoken: list[str] = []
    for objective_id in order:
        actions = by_objective.get(objective_id, [])
        if not actions:
            continue
        known = objectives.get(objective_id)
        heading = f"{objective_id} {known.title}" if known is not None else objective_id
        rows.append(GanttRow(heading, heading=True))
        tasks = []
        for a in actions:
            assert a.start is not None and a.end is not None
            late = action_status(a, as_of).late
            rows.append(GanttRow(f"{a.id} {a.what}", a.start, a.end, a.status, late=late))
            tasks.append(MermaidTask(f"{a.id} {a.what}", a.start, a.end, a.status))
            flag = f" ({fmt.word('action_flag.late').lower()})" if late else ""
            spoken.append(f"{a.id}{fmt.word('colon')}{fmt.interval(a.start, a.end)}{flag}")
        sections.append((heading, tasks))
    title = fmt.word("timeline")
    today = fmt.word("timeline_as_of").format(date=fmt.date(as_of))
    summary = (
        f"{title}{fmt.word('colon')}{fmt.word('list_separator').join(spoken)}"
        f"{fmt.word('list_separator')}{today}"
    )
    legend = [(state, fmt.word(f"action_status.{state}")) for state in ACTION_STATES]
    legend.append(("late", fmt.word("action_flag.late")))
    ticks = _ticks(first, last, fmt)
    return Timeline(
        mermaid=mermaid_gantt(title, sections, (today, as_of) if sections else None),
        svg=gantt(rows, first, last, ticks, legend, summary, (as_of, today)) if rows else "",
        summary=summary,
        unscheduled=[
            Unscheduled(a.id, a.what, fmt.interval(a.start, a.end))
            for a in plan.actions
            if not _dated(a)
        ],
        empty=not rows,
    )


def _ticks(first: dt.date, last: dt.date, fmt: Fmt) -> list[tuple[dt.date, str]]:
    """A tick on the first of each month (every few months over a long span, so that the
    labels do not overlap), the year said on the first tick and in each January."""
    from babel.dates import format_skeleton

    months = (last.year - first.year) * 12 + last.month - first.month + 1
    step = -(-months // 12)
    origin = first.year * 12 + first.month - 1
    ticks: list[tuple[dt.date, str]] = []
    # Straight to each tick's month: actions dated over centuries (an action-dates error)
    # cost a dozen ticks, not a step per month. The last month is at most December 9999.
    for index in range(0, months, step):
        day = dt.date((origin + index) // 12, (origin + index) % 12 + 1, 1)
        if day >= first:
            with_year = months > 12 and (day.month == 1 or not ticks)
            skeleton = "yMMM" if with_year else "MMM"
            ticks.append((day, str(format_skeleton(skeleton, day, locale=fmt.locale))))
    return ticks
