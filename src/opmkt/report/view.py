"""The view every report template receives, as typed records: a renamed or missing field is a
type error in the code that builds it, and a template that names a field the view does not
have is caught by tests/test_report_view.py before anyone renders it.

Templates read fields as `meta.name` (or `meta["name"]`), as they would read a dict's keys:
these names are the ones a custom template folder may use, and they stay as they are. Text
from the plan is as written (templates escape it); figures, dates and words are formatted for
the report's locale; charts are SVG `Markup`, a kind of `str`. Lists stay lists, so that a
template may join two (`mix.four_p + mix.extra_p`).

The records are named tuples: read-only, and made at once when a report starts (a frozen
dataclass costs several times as much to define, and a report defines fifty).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple


class Validation(NamedTuple):
    """validate's counts for the plan, and the sentence that says them."""

    error: int
    warning: int
    info: int
    clean: bool
    text: str


class Meta(NamedTuple):
    """The cover: the plan's name, period, owner and money, the results' date."""

    name: str
    organization: str | None
    period: str
    start: str
    end: str
    currency: str
    owner: str | None
    owner_role: str | None
    total: str
    cap: str
    as_of: str
    """Empty without results."""
    prepared_by: str | None
    date: str
    """The document's date: the date of the results, or the day it was written."""
    date_note: str
    """Which of the two the date is, in words."""
    version: str
    """The plan's version: its git commit, or the day its file was written."""
    logo: str
    """The plan's logo as a `data:` URI, or empty."""
    validation: Validation | None
    """None in a client's report: validate's counts are for the plan's author."""


class ContentsEntry(NamedTuple):
    id: str
    """The section's HTML id."""
    anchor: str
    """The anchor GitHub gives the section's Markdown heading."""
    title: str


# --- Summary ----------------------------------------------------------------------------------


class Figure(NamedTuple):
    """One figure of the summary: `warn` when it is bad news (over the cap, landing over)."""

    key: str
    label: str
    value: str
    warn: bool


class ObjectiveLight(NamedTuple):
    """An objective as a traffic light: `light` is green, amber, red or grey (no data), and
    `light_label` says it in words."""

    id: str
    title: str
    depth: int
    level: int
    light: str
    light_label: str
    progress: str
    expected: str
    status_label: str
    outlook_label: str
    target: str = ""
    original_target: str = ""
    """With a baseline: the target in the plan as first approved (`—` for an objective added
    since), beside the target now; empty without one."""


class Risk(NamedTuple):
    """One of the largest risks: `kind` is objective, line or action; `text` a sentence."""

    kind: str
    text: str


class Summary(NamedTuple):
    """The first page after the cover. Without actuals, the budget only."""

    as_of: str
    budget: list[Figure]
    spend: list[Figure]
    """The date of the results first, then the money as of that date."""
    objectives: list[ObjectiveLight]
    risks: list[Risk]
    baseline: str = ""
    """Where the plan as first approved was read from (`--baseline`); empty without one."""


# --- Audit ------------------------------------------------------------------------------------


class Competitor(NamedTuple):
    name: str
    strengths: list[str]
    weaknesses: list[str]


class OfferItem(NamedTuple):
    name: str
    kind: str | None
    kind_label: str
    price: str
    description: str | None


class SegmentRow(NamedTuple):
    id: str
    name: str
    size: str
    description: str | None


class Channels(NamedTuple):
    communication: list[str]
    distribution: list[str]


class Entry(NamedTuple):
    """An item of SWOT or PESTEL: `id` when the plan gives one (objectives refer to it)."""

    id: str | None
    text: str


class Quadrant(NamedTuple):
    """A quadrant of SWOT or a factor of PESTEL."""

    key: str
    title: str
    entries: list[Entry]


class Swot(NamedTuple):
    present: bool
    quadrants: list[Quadrant]
    rows: list[list[Quadrant]]
    """The quadrants as a 2×2 grid."""


class Pestel(NamedTuple):
    present: bool
    rows: list[Quadrant]


class Audit(NamedTuple):
    """The audit's six parts; `present` is false, and the rest empty, when the plan has none."""

    present: bool
    market: str | None
    competitors: list[Competitor]
    offer: list[OfferItem]
    segments: list[SegmentRow]
    pricing: str | None
    channels: Channels
    swot: Swot
    pestel: Pestel


# --- Review, mix and 5C -----------------------------------------------------------------------


class Practice(NamedTuple):
    practice: str
    evidence: str | None


class Adjustment(NamedTuple):
    practice: str
    change: str | None
    evidence: str | None


class Review(NamedTuple):
    present: bool
    period: str
    keep: list[Practice]
    drop: list[Practice]
    adjust: list[Adjustment]


class Lever(NamedTuple):
    """A P of the marketing mix or one of the 5C: `text` is None when the plan leaves it out."""

    key: str
    label: str
    text: str | None


class Mix(NamedTuple):
    present: bool
    four_p: list[Lever]
    extra_p: list[Lever]
    """The three P of services, only those the plan gives."""


# --- Objectives and actions -------------------------------------------------------------------


class SmartLetter(NamedTuple):
    key: str
    letter: str
    label: str
    ok: bool
    reasons: list[str]


class ObjectiveRow(NamedTuple):
    id: str
    depth: int
    level: int
    """The depth, at most 4: what a CSS class or a heading level can take."""
    parent: str | None
    category: str
    category_label: str
    title: str
    kpi: str
    kpi_id: str | None
    baseline: str
    target: str
    baseline_target: str
    deadline: str
    deadline_iso: str | None
    segment: str | None
    rationale: str | None
    addresses: list[str]
    smart: list[SmartLetter]
    smart_ok: bool
    smart_reasons: list[str]
    budget: str


class CategoryCount(NamedTuple):
    key: str
    label: str
    count: int  # type: ignore[assignment]  # the name templates read; shadows tuple.count


class GroupObjective(NamedTuple):
    """The objective a group of actions serves (`id` empty: objectives not in the plan)."""

    id: str
    title: str
    category_label: str
    depth: int


class ActionRow(NamedTuple):
    id: str
    what: str
    when: str
    start: str | None
    end: str | None
    who: str
    who_role: str | None
    how: str | None
    steps: list[str]
    channel: str | None
    channel_label: str
    mix: str | None
    mix_label: str
    segment: str | None
    status: str
    status_label: str
    budget: str


class ActionGroup(NamedTuple):
    objective: GroupObjective
    actions: list[ActionRow]


class Unscheduled(NamedTuple):
    id: str
    what: str
    when: str


class Timeline(NamedTuple):
    mermaid: str
    svg: str
    summary: str
    unscheduled: list[Unscheduled]
    empty: bool


# --- Budget -----------------------------------------------------------------------------------


class BreakdownRow(NamedTuple):
    key: str
    """Empty on the rows of money no key shows (unspecified, unassigned)."""
    label: str
    depth: int
    level: int
    amount: str
    share: str
    bar: str
    """The row's bar as a percentage of the longest one (`62.5`), for a CSS width."""


class Breakdown(NamedTuple):
    """The budget by one dimension: its rows, its chart and what the chart says."""

    title: str
    rows: list[BreakdownRow]
    chart: str
    summary: str
    note: str


class ComparisonRow(NamedTuple):
    key: str
    label: str
    previous: str
    now: str
    delta: str
    change: str


class QuoteCountRow(NamedTuple):
    state: str
    label: str
    lines: int
    amount: str


class QuoteLine(NamedTuple):
    id: str
    label: str
    vendor: str | None
    total: str
    state: str
    state_label: str
    ref: str | None
    quote_amount: str
    reason: str


class Quotes(NamedTuple):
    summary: list[QuoteCountRow]
    lines: list[QuoteLine]


class LineRow(NamedTuple):
    id: str
    label: str
    action: str | None
    category: str
    vendor: str | None
    when: str
    amount: str
    unit: str
    """The amount as the line gives it, when it is not its total: once of several, or in
    another currency; else empty."""
    total: str
    left_out: bool
    quote: str
    quote_state: str
    """`missing` (an error a reader sees), `waived`, `received`, … or empty: no quote needed."""
    quote_note: str
    """The quote's reason, reference and amount, joined: the printed lines table's quote cell."""


class Budget(NamedTuple):
    currency: str
    total: str
    cap: str
    remaining: str
    over_cap: bool
    previous_total: str
    change_amount: str
    change_percent: str
    unassigned: str
    left_out: list[str]
    threshold: str
    by_objective: Breakdown
    by_category: Breakdown
    by_channel: Breakdown
    by_month: Breakdown
    comparison: list[ComparisonRow]
    quotes: Quotes
    lines: list[LineRow]


# --- Indicators, results, findings ------------------------------------------------------------


class IndicatorRow(NamedTuple):
    id: str
    name: str
    unit: str
    formula: str
    inputs: str
    value: str
    date: str
    trend: str
    """Its measurements over the period against its target line, as SVG; empty without
    measurements."""


class IndicatorGroup(NamedTuple):
    kind: str
    title: str
    entries: list[IndicatorRow]


class SpendRow(NamedTuple):
    key: str
    label: str
    value: str


class MonthRow(NamedTuple):
    key: str
    label: str
    planned: str
    actual: str
    difference: str
    over: bool
    future: bool


class ProgressRow(NamedTuple):
    id: str
    title: str
    projected: str
    outlook: str
    outlook_label: str
    depth: int
    level: int
    kpi: str
    baseline: str
    target: str
    actual: str
    progress: str
    expected: str
    status: str
    status_label: str
    bar: str
    """The progress as text: `█` cells, `┃` where it should be by now."""
    svg: str
    summary: str


class LineResult(NamedTuple):
    id: str
    label: str
    unknown: bool
    """Spend against an id that is no line of the plan."""
    planned: str
    committed: str
    actual: str
    landing: str
    landing_variance: str
    over: bool


class Flag(NamedTuple):
    key: str
    label: str


class WatchedAction(NamedTuple):
    id: str
    what: str
    objective: str
    dates: str
    status: str
    status_label: str
    flags: list[Flag]


class Results(NamedTuple):
    as_of: str
    as_of_iso: str
    spend: list[SpendRow]
    months: list[MonthRow]
    chart: str
    chart_summary: str
    objectives: list[ProgressRow]
    lines: list[LineResult]
    actions: list[WatchedAction]
    unknown_spend: str
    left_out: list[str]
    by_line: dict[str, LineResult]
    """The plan's lines among `lines`, by id: the budget's table of lines shows each line's
    results beside its plan."""


class FindingRow(NamedTuple):
    rule: str
    severity: str
    severity_label: str
    file: str
    where: str
    line: int
    column: int
    path: str
    message: str


class ReportView(NamedTuple):
    """Everything a report template can name, at its top level."""

    t: Mapping[str, str]
    """Every fixed word of the report, in its language (`t.audit`, `t["audit"]`)."""
    format: str
    locale: str
    lang: str
    """The locale as an HTML `lang` value."""
    generator: str
    source: str
    """The plan's file name."""
    accent: str
    """The colour of headings' rules and links (`#rrggbb`), readable on white."""
    audience: str
    """`client` (what the plan says, nothing of how it was checked) or `team`."""
    meta: Meta
    contents: list[ContentsEntry]
    """The sections the report holds, in their order."""
    summary: Summary
    audit: Audit
    review: Review
    mix: Mix
    five_c: list[Lever]
    objectives: list[ObjectiveRow]
    """Depth first."""
    objective_categories: list[CategoryCount]
    action_groups: list[ActionGroup]
    timeline: Timeline
    budget: Budget
    indicators: list[IndicatorGroup]
    results: Results | None
    """None without actuals."""
    findings: list[FindingRow]
    """validate's findings; empty in a client's report."""

    def names(self) -> dict[str, object]:
        """The top-level names a template reads, as Jinja's render takes them."""
        return self._asdict()
