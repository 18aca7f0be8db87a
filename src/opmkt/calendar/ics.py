"""The plan's actions and objective deadlines as an iCalendar (RFC 5545) file to import.

Every event is an all-day event: an action from its `start` to its `end` included (iCalendar's
DTEND is the day after, being exclusive; an event ending on 9999-12-31, the last day a date can
be, has a DURATION instead), an objective's deadline on its day. The file is a pure function
of the plan, so that exporting an unchanged plan twice gives the same bytes (clean diffs, no
churn in a repository that keeps the export):

- UIDs are `action.<id>.<key>@opmkt` and `deadline.<id>.<key>@opmkt`, where `<key>` is the
  first 16 hex digits of the SHA-1 of the plan's name and the first day of its period. They
  depend on nothing an author edits in an item, so a re-import after a change of dates, text
  or status updates the events already in the calendar instead of adding new ones; and next
  year's plan (another name, another period) adds its own events beside last year's. Renaming
  the plan, or moving the start of its period, starts a new series of UIDs.
- DTSTAMP, which RFC 5545 requires on every event, is the first day of the plan's period at
  00:00 UTC, not the time of the export.

Events are transparent (TRANSP:TRANSPARENT): an action that runs for months must not mark its
owner busy for months in free/busy lookups. Fixed words (description labels, the deadline's
summary, category names) are in the plan's language, as in `opmkt report`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, TypeVar

from opmkt.plan.walk import walk_objectives
from opmkt.text.localefmt import unit_word
from opmkt.text.words import words

if TYPE_CHECKING:
    from icalendar import Calendar, Event

    from opmkt.plan.model import Action, Kpi, Objective, Plan

STATUS = {
    "planned": "TENTATIVE",
    "in_progress": "CONFIRMED",
    "done": "CONFIRMED",
    "cancelled": "CANCELLED",
}
"""An action's status as the event's STATUS: a planned action may still move."""

UID_DOMAIN = "opmkt"
_ONE_DAY = dt.timedelta(days=1)
_Item = TypeVar("_Item", "Action", "Objective")


@dataclass
class Export:
    """The calendar file, and the actions that could not become events, by id."""

    content: bytes
    events: int = 0
    undated: list[str] = field(default_factory=list)
    """Actions with neither start nor end: left out."""
    one_day: list[str] = field(default_factory=list)
    """Actions with only one of start and end: an event on that day."""
    misordered: list[str] = field(default_factory=list)
    """Actions that end before they start: left out (`action-dates` reports them)."""
    duplicates: list[str] = field(default_factory=list)
    """Ids given to a second action or objective: only the first is exported."""


def plan_key(plan: Plan) -> str:
    """The part of every UID that identifies the plan: its name and the start of its period."""
    identity = f"{plan.plan.name}\n{plan.plan.period.start.isoformat()}"
    return hashlib.sha1(identity.encode("utf-8")).hexdigest()[:16]


def _uid(kind: str, item_id: str, key: str) -> str:
    """The UID of the event of an item (`action` or `deadline`) of the plan with this key."""
    return f"{kind}.{item_id}.{key}@{UID_DOMAIN}"


def to_ics(plan: Plan, *, locale: str | None = None) -> Export:
    """The plan's calendar, with its fixed words in `locale` (default: the plan's)."""
    key = plan_key(plan)
    stamp = dt.datetime.combine(plan.plan.period.start, dt.time(), tzinfo=dt.UTC)
    calendar = _calendar(plan)
    export = Export(b"")
    objectives = _first_by_id((at.objective for at in walk_objectives(plan)), export.duplicates)
    team = {member.id: member.name for member in reversed(plan.team)}
    kpis = {kpi.id: kpi for kpi in reversed(plan.kpis)}
    shown_locale = locale or plan.plan.locale
    t = words(shown_locale)
    for action in _first_by_id(plan.actions, export.duplicates).values():
        span = _span(action, export)
        if span is None:
            continue
        event = _event(_uid("action", action.id, key), *span, stamp)
        event.add("summary", f"{action.id} · {action.what}")
        event.add("description", _action_text(action, objectives, team, t))
        event.add("status", STATUS[action.status])
        goal = objectives.get(action.objective)
        if goal is not None:
            event.add("categories", [t[f"category.{goal.category}"]])
        calendar.add_component(event)
        export.events += 1
    for objective in objectives.values():
        if objective.deadline is None:
            continue
        day = objective.deadline
        event = _event(_uid("deadline", objective.id, key), day, day, stamp)
        event.add("summary", f"{t['deadline']} {objective.id} · {objective.title}")
        event.add("description", _deadline_text(objective, kpis, shown_locale, t))
        event.add("status", "CONFIRMED")
        event.add("categories", [t[f"category.{objective.category}"]])
        calendar.add_component(event)
        export.events += 1
    export.content = refold(calendar.to_ical())
    return export


def _calendar(plan: Plan) -> Calendar:
    """An empty calendar named after the plan."""
    from icalendar import Calendar, vText

    from opmkt import __version__

    calendar = Calendar()
    calendar.add("prodid", f"-//opmkt//opmkt {__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # Both are TEXT: icalendar knows neither, and would write a line break in the name raw
    # (an invalid file), and a comma or semicolon unescaped.
    calendar.add("x-wr-calname", vText(plan.plan.name))
    calendar.add("name", vText(plan.plan.name))  # RFC 7986's name for X-WR-CALNAME
    return calendar


def _first_by_id(items: Iterable[_Item], duplicates: list[str]) -> dict[str, _Item]:
    """The first item of each id, in order; the ids given again go to `duplicates`."""
    first: dict[str, _Item] = {}
    for item in items:
        if item.id in first:
            duplicates.append(item.id)
        else:
            first[item.id] = item
    return first


def _span(action: Action, export: Export) -> tuple[dt.date, dt.date] | None:
    """The first and last day of an action's event, or None (said in `export`) for none."""
    first, last = action.start or action.end, action.end or action.start
    if first is None or last is None:
        export.undated.append(action.id)
        return None
    if last < first:
        export.misordered.append(action.id)
        return None
    if action.start is None or action.end is None:
        export.one_day.append(action.id)
    return first, last


def refold(content: bytes) -> bytes:
    """Lines folded at 75 octets (RFC 5545 3.1), never inside a UTF-8 character nor between a
    backslash and the character it escapes: some calendars drop an event whose escape a fold
    splits, and icalendar can still split `\\\\`."""
    unfolded = content.replace(b"\r\n ", b"").split(b"\r\n")
    out: list[bytes] = []
    for line in unfolded:
        parts: list[bytes] = []
        while len(line) > 75:
            cut = 75 if not parts else 74  # continuation lines start with a space
            # Back up over UTF-8 continuation bytes, then off a pending backslash escape.
            while cut > 1 and (line[cut] & 0xC0) == 0x80:
                cut -= 1
            escapes = len(line[:cut]) - len(line[:cut].rstrip(b"\\"))
            if escapes % 2 == 1:
                cut -= 1
            parts.append(line[:cut])
            line = line[cut:]
        parts.append(line)
        out.append(b"\r\n ".join(parts))
    return b"\r\n".join(out)


def _event(event_uid: str, first: dt.date, last: dt.date, stamp: dt.datetime) -> Event:
    from icalendar import Event

    event = Event()
    event.add("uid", event_uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", first)
    if last < dt.date.max:
        event.add("dtend", last + _ONE_DAY)
    else:  # the day after the last day of the calendar cannot be written: say how long instead
        event.add("duration", last - first + _ONE_DAY)
    event.add("transp", "TRANSPARENT")
    return event


def _action_text(
    action: Action,
    objectives: Mapping[str, Objective],
    team: Mapping[str, str],
    t: Mapping[str, str],
) -> str:
    lines = []
    if action.how:
        lines.append(_labelled(t, "how", action.how))
    if action.steps:
        lines.append(_labelled(t, "steps", "").rstrip())
        lines.extend(f"{n}. {step}" for n, step in enumerate(action.steps, 1))
    if action.owner:
        lines.append(_labelled(t, "owner", team.get(action.owner, action.owner)))
    goal = objectives.get(action.objective)
    title = f" · {goal.title}" if goal is not None else ""
    lines.append(_labelled(t, "objective", f"{action.objective}{title}"))
    if action.channel:
        lines.append(_labelled(t, "channel", t[f"channel.{action.channel}"]))
    lines.append(_labelled(t, "status", t[f"action_status.{action.status}"]))
    return "\n".join(lines)


def _deadline_text(
    objective: Objective, kpis: Mapping[str, Kpi], locale: str | None, t: Mapping[str, str]
) -> str:
    lines = [_labelled(t, "objective", f"{objective.id} · {objective.title}")]
    lines.append(_labelled(t, "category", t[f"category.{objective.category}"]))
    if objective.target is not None:
        kpi = kpis.get(objective.kpi) if objective.kpi is not None else None
        name = kpi.name if kpi is not None else objective.kpi
        unit = kpi.unit if kpi is not None and kpi.unit else ""

        def shown(value: Decimal) -> str:
            return (
                f"{_number(value, locale)} {unit_word(value, unit, locale)}"
                if unit
                else _number(value, locale)
            )

        span = shown(objective.target)
        if objective.baseline is not None:
            span = f"{shown(objective.baseline)} → {span}"
        lines.append(f"{name}{t['colon']}{span}" if name else span)
    return "\n".join(lines)


def _labelled(t: Mapping[str, str], label: str, value: str) -> str:
    # French labels of the method are questions ("Comment ?"): they take no colon after them.
    word = t[label]
    return f"{word} {value}" if word.endswith("?") else f"{word}{t['colon']}{value}"


def _number(value: Decimal, locale: str | None) -> str:
    """A KPI value as the author wrote it (7.80 keeps its 0), in the locale's digits."""
    from babel.numbers import format_decimal

    return str(format_decimal(value, locale=locale or "en_US", decimal_quantization=False))
