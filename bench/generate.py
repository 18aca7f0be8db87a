"""Write a synthetic, format-valid plan.yaml with N actions and 4 budget lines per action, and
the actuals.yaml beside it: spend against its lines and KPI measurements, in proportion."""

import argparse
import datetime as dt
import sys
import time
from dataclasses import dataclass
from pathlib import Path

LINES_PER_ACTION = 4
ACTIONS_PER_OBJECTIVE = 10
DEADLINE = "2027-12-31"
AS_OF = "2027-09-30"
"""A day inside the plans' period: results to date, with spend and measurements after it."""
# 2027 is not a leap year.
MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
USD_RATE_PERCENT = 92
QUOTE_THRESHOLD_CENTS = 100_000

TEAM = (
    ("ana", "Ana Lopez", "Managing director"),
    ("ben", "Ben Carter", "Marketing manager"),
    ("chloe", "Chloe Martin", "Community manager"),
    ("david", "David Kim", "Sales lead"),
    ("emma", "Emma Rossi", "Shop manager"),
    ("felix", "Felix Wagner", "Graphic designer"),
    ("grace", "Grace Okafor", "Events coordinator"),
    ("hugo", "Hugo Blanc", "Web developer"),
    ("ines", "Ines Duarte", "Customer service"),
    ("pixel", "Pixel Agency", "Web agency (contractor)"),
)
SEGMENTS = (
    ("families", "Families of the district", 1200),
    ("students", "Students of the campus", 3400),
    ("professionals", "Office workers nearby", 2100),
    ("seniors", "Retired residents", 900),
    ("tourists", "Weekend visitors", 5000),
)
CATEGORIES = ("business", "communication", "conversion")
# Per category: (kpi id, what the title calls it, baseline base, decimals of the value).
OBJECTIVE_KPIS: dict[str, tuple[tuple[str, str, int, int], ...]] = {
    "business": (("revenue", "shop revenue", 310_000, 0), ("basket", "average basket", 780, 2)),
    "communication": (
        ("visits", "website visits", 42_000, 0),
        ("followers", "social media followers", 2_300, 0),
        ("subscribers", "newsletter subscribers", 850, 0),
    ),
    "conversion": (
        ("orders", "online orders", 4_100, 0),
        ("conversion", "website conversion rate", 210, 2),
        ("customers", "repeat customers", 1_500, 0),
    ),
}
SWOT_IDS = ("o-organic", "o-online", "o-events", "s-flour", "s-team", "w-online", "t-chain")
CHANNELS = (
    "press",
    "posters",
    "tv",
    "radio",
    "mobile",
    "social_media",
    "email",
    "website",
    "search",
    "events",
    "in_store",
    "partnership",
    "other",
)
MIX = ("product", "price", "place", "promotion", "people", "process", "physical_evidence")
STATUSES = ("planned", "planned", "in_progress", "done", "planned", "cancelled")
STEPS = ("Brief the team", "Write copy", "Shoot photos", "Book slots", "Publish", "Measure results")
HOWS = (
    "Weekly posts and a Saturday in-store highlight, reviewed every Monday",
    "Agency produces the assets, the shop team relays them at the till",
    "Test on one segment first, roll out if the cost per order holds",
)
# Per budget category: the label stem and a vendor when one is named.
LINE_KINDS = (
    ("content", "Photo shoot", "Studio Lumiere"),
    ("media", "Paid social boost", ""),
    ("print", "A5 flyers", "PrintCo"),
    ("tools", "Scheduling tool licence", ""),
    ("events", "Stand rental", "City Fair Ltd"),
    ("fees", "Agency fee", "Pixel Agency"),
)


def spread(i: int, salt: int, low: int, high: int) -> int:
    """A deterministic, well-mixed integer in [low, high] for item i."""
    # Knuth's multiplicative hash: varied figures without random's cross-version guarantees.
    return low + ((i * 2_654_435_761 + salt * 40_503) >> 7) % (high - low + 1)


def ceil_div(a: int, b: int) -> int:
    """a / b rounded up, in integers."""
    return -(-a // b)


def money(cents: int) -> str:
    """Cents as a YAML decimal literal that always shows two decimals, e.g. 125.50."""
    return f"{cents // 100}.{cents % 100:02d}"


def value(amount: int, decimals: int) -> str:
    """A KPI value stored in hundredths when it has decimals."""
    return money(amount) if decimals else str(amount)


@dataclass
class Totals:
    """Budget sums kept in cents per currency so the cap can be set exactly."""

    eur_cents: int = 0
    usd_cents: int = 0

    def eur(self) -> int:
        """The total in whole euros, rounded up."""
        hundredths_of_cents = self.eur_cents * 100 + self.usd_cents * USD_RATE_PERCENT
        return ceil_div(hundredths_of_cents, 10_000)


def header(n_actions: int, budget_cap: int) -> str:
    """The plan block and the team."""
    team = "".join(
        f"  - id: {tid}\n    name: {name}\n    role: {role}\n" for tid, name, role in TEAM
    )
    return (
        f"# Synthetic plan written by bench/generate.py ({n_actions} actions); do not edit.\n"
        "version: 1\n\n"
        "plan:\n"
        f"  name: Northwind Bakery operational marketing plan 2027 ({n_actions} actions)\n"
        "  organization: Northwind Bakery Ltd\n"
        "  period: {start: 2027-01-01, end: 2027-12-31}\n"
        "  currency: EUR\n"
        "  locale: en_US\n"
        "  owner: ana\n"
        f"  budget_cap: {budget_cap}\n"
        "  exchange_rates: {USD: 0.92}\n\n"
        f"team:\n{team}\n"
    )


def audit() -> str:
    """A complete audit: market, competitors, offer, segments, pricing, channels, SWOT, PESTEL."""
    segments = "".join(
        f"    - id: {sid}\n      name: {name}\n      size: {size}\n" for sid, name, size in SEGMENTS
    )
    return (
        "audit:\n"
        "  market: |\n"
        "    Residential district growing by about 4 percent a year.\n"
        "    Two new schools open in September.\n"
        "    Demand for organic and local bread keeps rising; chains compete on price.\n"
        "  competitors:\n"
        "    - name: Maison Paul\n"
        "      strengths: [Brand awareness, Long opening hours]\n"
        "      weaknesses: [Industrial bread, Crowded shop]\n"
        "    - name: Le Petit Four\n"
        "      strengths: [Pastry range]\n"
        "      weaknesses: [No online ordering]\n"
        "    - name: SuperMart bakery corner\n"
        "      strengths: [Low prices, Parking]\n"
        "      weaknesses: [No advice, Frozen dough]\n"
        "  offer:\n"
        "    - name: Sourdough loaf\n"
        "      kind: product\n"
        "      price: 4.20\n"
        "    - name: Viennoiseries\n"
        "      kind: product\n"
        "      price: 1.35\n"
        "    - name: Event catering\n"
        "      kind: service\n"
        "      price: 180.00\n"
        f"  segments:\n{segments}"
        "  pricing: Prices 5 to 10 percent above the chains, justified by organic flour.\n"
        "  channels:\n"
        "    communication: [instagram, flyers, newsletter, website]\n"
        "    distribution: [shop, click_and_collect, markets]\n"
        "  swot:\n"
        "    strengths:\n"
        "      - {id: s-flour, text: Local organic flour}\n"
        "      - {id: s-team, text: Skilled and loyal team}\n"
        "    weaknesses:\n"
        "      - {id: w-online, text: Weak online presence}\n"
        "      - {id: w-hours, text: Closed on Mondays}\n"
        "    opportunities:\n"
        "      - {id: o-organic, text: Growing demand for organic food}\n"
        "      - {id: o-online, text: Customers order online more often}\n"
        "      - {id: o-events, text: New event venue in the district}\n"
        "    threats:\n"
        "      - {id: t-chain, text: A franchise opens 300 m away}\n"
        "      - {id: t-energy, text: Energy prices keep rising}\n"
        "  pestel:\n"
        "    political:\n"
        "      - {id: pe-pol, text: City support for independent shops}\n"
        "    economic:\n"
        "      - {id: pe-eco, text: Higher energy and flour costs}\n"
        "    social:\n"
        "      - {id: pe-soc, text: Return of home-made food}\n"
        "    technological:\n"
        "      - {id: pe-tec, text: Online ordering and payment}\n"
        "    environmental:\n"
        "      - {id: pe-env, text: Preference for short supply chains}\n"
        "    legal:\n"
        "      - {id: pe-leg, text: Allergen labelling rules}\n\n"
    )


def framing() -> str:
    """The review of last year, the 7P, the 5C and the KPIs."""
    return (
        "review:\n"
        "  period: {start: 2026-01-01, end: 2026-12-31}\n"
        "  keep:\n"
        "    - practice: Loyalty card\n"
        "      evidence: 38 percent of weekday sales\n"
        "  drop:\n"
        "    - practice: Ad in the local weekly\n"
        "      evidence: No attributable customer\n"
        "  adjust:\n"
        "    - practice: Flyers\n"
        "      change: Hand them out on Saturday mornings at the market\n\n"
        "mix:\n"
        "  product: Organic breads, pastries and event catering\n"
        "  price: Slightly above the chains, loyalty card for regulars\n"
        "  place: Shop, click and collect, two weekly markets\n"
        "  promotion: Social media, newsletter, flyers and local events\n"
        "  people: A trained team that advises on every product\n"
        "  process: Online orders ready in 15 minutes\n"
        "  physical_evidence: Open bakehouse visible from the shop\n\n"
        "five_c:\n"
        "  company: Family bakery with 12 staff and a strong local name\n"
        "  customers: Families, students, office workers, seniors and visitors\n"
        "  competitors: Two chains and one independent pastry shop\n"
        "  collaborators: Local millers, Pixel Agency, the market organisers\n"
        "  context: Rising costs, growing demand for organic and local food\n\n"
        "kpis:\n"
        "  - {id: revenue, name: Shop revenue, kind: financial, unit: EUR}\n"
        "  - {id: basket, name: Average basket, kind: financial, unit: EUR}\n"
        "  - id: roi\n"
        "    name: Marketing return on investment\n"
        "    kind: financial\n"
        '    unit: "%"\n'
        "    formula: roi\n"
        "    inputs: {revenue: revenue, spend: budget}\n"
        "  - {id: visits, name: Website visits, kind: performance, unit: visits}\n"
        "  - {id: followers, name: Followers, kind: performance, unit: followers}\n"
        "  - {id: subscribers, name: Subscribers, kind: performance, unit: people}\n"
        "  - {id: orders, name: Online orders, kind: performance, unit: orders}\n"
        '  - {id: conversion, name: Conversion rate, kind: performance, unit: "%"}\n'
        "  - {id: customers, name: Repeat customers, kind: performance, unit: customers}\n\n"
    )


def objective(oid: str, seq: int, category: str, indent: str) -> str:
    """One SMART objective, without its sub-objectives."""
    kpis = OBJECTIVE_KPIS[category]
    kpi, label, base, decimals = kpis[seq % len(kpis)]
    baseline = base + spread(seq, 1, 0, base // 5)
    growth = spread(seq, 2, 3, 25)
    target = baseline * (100 + growth) // 100
    segment = SEGMENTS[seq % len(SEGMENTS)][0]
    addresses = SWOT_IDS[seq % len(SWOT_IDS)]
    return (
        f"{indent}- id: {oid}\n"
        f"{indent}  category: {category}\n"
        f"{indent}  title: Raise {label} by {growth} percent (wave {seq})\n"
        f"{indent}  kpi: {kpi}\n"
        f"{indent}  baseline: {value(baseline, decimals)}\n"
        f"{indent}  target: {value(target, decimals)}\n"
        f"{indent}  deadline: {DEADLINE}\n"
        f"{indent}  segment: {segment}\n"
        f"{indent}  rationale: Last year grew {growth + 2} percent with a smaller budget\n"
        f"{indent}  addresses: [{addresses}]\n"
    )


def objectives(n_objectives: int) -> tuple[str, list[str]]:
    """The objectives section and the ids of its leaves, the objectives actions may serve."""
    parts = ["objectives:\n"]
    leaves: list[str] = []
    for j in range(1, n_objectives + 1):
        index = (j - 1) % len(CATEGORIES)
        parts.append(objective(f"O{j}", j, CATEGORIES[index], "  "))
        # One objective in three is split, so the tree has depth as real plans do; the pattern
        # shifts every three objectives so that each category gets split parents.
        if (j + j // 3) % 3 != 2:
            leaves.append(f"O{j}")
            continue
        parts.append("    objectives:\n")
        for k in (1, 2):
            sub = f"O{j}.{k}"
            sub_category = CATEGORIES[(index + k) % len(CATEGORIES)]
            parts.append(objective(sub, j * 10 + k, sub_category, "      "))
            leaves.append(sub)
    parts.append("\n")
    return "".join(parts), leaves


def action_months(i: int) -> tuple[int, int]:
    """First and last month of action i: two to four months inside 2027."""
    start = 1 + (i - 1) % 9
    return start, start + 1 + i % 3


def action(i: int, objective_id: str) -> str:
    """Action i with every field the seed asks for: what, when, who, how, which steps."""
    first, last = action_months(i)
    channel = CHANNELS[i % len(CHANNELS)]
    n_steps = 2 + i % 3
    steps = ", ".join(STEPS[(i + s) % len(STEPS)] for s in range(n_steps))
    segment = SEGMENTS[i % len(SEGMENTS)][0]
    day = 1 if i % 2 else 15
    return (
        f"  - id: A{i}\n"
        f"    objective: {objective_id}\n"
        f"    what: Run the {channel.replace('_', ' ')} campaign number {i} for {segment}\n"
        f"    start: 2027-{first:02d}-{day:02d}\n"
        f"    end: 2027-{last:02d}-{MONTH_DAYS[last - 1]}\n"
        f"    owner: {TEAM[i % len(TEAM)][0]}\n"
        f"    how: {HOWS[i % len(HOWS)]}\n"
        f"    steps: [{steps}]\n"
        f"    channel: {channel}\n"
        f"    mix: {MIX[i % len(MIX)]}\n"
        f"    segment: {segment}\n"
        f"    status: {STATUSES[i % len(STATUSES)]}\n"
    )


def line_head(line_no: int, i: int) -> str:
    """The fields every budget line has: id, action, label, category and sometimes a vendor."""
    category, label, vendor = LINE_KINDS[line_no % len(LINE_KINDS)]
    head = (
        f"    - id: B{line_no}\n"
        f"      action: A{i}\n"
        f"      label: {label} for A{i}\n"
        f"      category: {category}\n"
    )
    return head + (f"      vendor: {vendor}\n" if vendor and line_no % 3 == 0 else "")


@dataclass(frozen=True)
class ActionFigures:
    """The money of action i's four lines, in cents, shared by the plan and its actuals."""

    month: int
    """The month of its dated lines."""
    dated: int
    quantity: int
    unit_cost: int
    recurring_each: int
    recurring_months: tuple[int, ...]
    """The month of each occurrence of its recurring line."""
    usd: int


def action_figures(i: int) -> ActionFigures:
    """The figures of action i's lines: a dated amount, a quantity, a recurring cost, a USD cost."""
    first, last = action_months(i)
    # Every tenth action has a line above the quote threshold, backed by an accepted quote.
    if i % 10 == 0:
        dated = spread(i, 3, QUOTE_THRESHOLD_CENTS, 3 * QUOTE_THRESHOLD_CENTS)
    else:
        dated = spread(i, 3, 5_000, 85_000)
    # At most four occurrences (a four-month action, or a quarterly line over the year).
    months = (1, 4, 7, 10) if i % 7 == 0 else tuple(range(first, last + 1))
    return ActionFigures(
        month=first + i % (last - first + 1),
        dated=dated,
        quantity=1 + i % 10,
        unit_cost=spread(i, 4, 500, 9_000),
        recurring_each=spread(i, 5, 2_000, 24_000),
        recurring_months=months,
        usd=spread(i, 6, 5_000, 90_000),
    )


def budget_lines(i: int, totals: Totals) -> str:
    """The four lines of action i: a dated amount, a quantity, a recurring cost, a USD cost."""
    first, last = action_months(i)
    n = (i - 1) * LINES_PER_ACTION
    f = action_figures(i)
    month = f"2027-{f.month:02d}"
    if i % 10 == 0:
        quote = (
            f"      quote: {{ref: Q-2027-{i:05d}, status: accepted, amount: {money(f.dated)}}}\n"
        )
    else:
        quote = ""
    previous = f"      previous: {money(f.dated - 1_250)}\n" if i % 4 == 0 else ""
    if i % 7 == 0:
        recurring = "{every: quarter, from: 2027-01, to: 2027-12}"
    else:
        recurring = f"{{every: month, from: 2027-{first:02d}, to: 2027-{last:02d}}}"

    occurrences = len(f.recurring_months)
    totals.eur_cents += f.dated + f.quantity * f.unit_cost + f.recurring_each * occurrences
    totals.usd_cents += f.usd
    return (
        f"{line_head(n + 1, i)}      amount: {money(f.dated)}\n      date: {month}\n{quote}"
        f"{previous}"
        f"{line_head(n + 2, i)}      quantity: {f.quantity}\n"
        f"      unit_cost: {money(f.unit_cost)}\n      date: {month}\n"
        f"{line_head(n + 3, i)}      amount: {money(f.recurring_each)}\n"
        f"      recurring: {recurring}\n"
        f"{line_head(n + 4, i)}      amount: {money(f.usd)}\n      currency: USD\n"
        f"      date: {month}\n"
    )


def render_plan(n_actions: int) -> str:
    """The whole plan as YAML text."""
    if n_actions < 1:
        raise ValueError("a plan needs at least one action")
    objective_text, leaves = objectives(max(1, n_actions // ACTIONS_PER_OBJECTIVE))
    totals = Totals()
    actions = ["actions:\n"]
    lines = ["budget:\n  previous_total: 21500\n  quote_threshold: 1000\n  lines:\n"]
    for i in range(1, n_actions + 1):
        actions.append(action(i, leaves[(i - 1) % len(leaves)]))
        lines.append(budget_lines(i, totals))
    actions.append("\n")
    # A real cap leaves some headroom; round it up to a thousand.
    cap = ceil_div(ceil_div(totals.eur() * 11, 10), 1000) * 1000
    return "".join([header(n_actions, cap), audit(), framing(), objective_text, *actions, *lines])


def write_plan(n_actions: int, path: Path) -> None:
    """Write a plan with n_actions actions and 4 budget lines each to path."""
    path.write_text(render_plan(n_actions), encoding="utf-8")


def spend_records(i: int) -> list[str]:
    """What was spent for action i, about three records: its dated line (within 15 percent of
    plan), half of its quantity and USD lines, and every occurrence of one recurring line in
    three. Some fall after any as-of date, as the year's later invoices do."""
    n = (i - 1) * LINES_PER_ACTION
    f = action_figures(i)
    day = 1 + spread(i, 7, 0, 27)
    dated = f.dated * spread(i, 8, 85, 110) // 100
    records = [
        f"  - {{line: B{n + 1}, date: 2027-{f.month:02d}-{day:02d}, amount: {money(dated)}, "
        f"ref: INV-{i:05d}-1}}\n"
    ]
    if i % 2 == 0:
        records.append(
            f"  - {{line: B{n + 2}, date: 2027-{f.month:02d}-{day:02d}, "
            f"amount: {money(f.quantity * f.unit_cost)}}}\n"
        )
    if i % 3 == 0:
        each = money(f.recurring_each)
        records.extend(
            f"  - {{line: B{n + 3}, date: 2027-{month:02d}-28, amount: {each}}}\n"
            for month in f.recurring_months
        )
    if i % 2 == 1:
        usd = f.usd * spread(i, 9, 90, 105) // 100
        records.append(
            f"  - {{line: B{n + 4}, date: 2027-{f.month:02d}-{day:02d}, amount: {money(usd)}, "
            f"currency: USD}}\n"
        )
    return records


MEASURED_KPIS = tuple(kpi for kpis in OBJECTIVE_KPIS.values() for kpi in kpis)
MEASUREMENTS_PER_ACTION = 4
"""One KPI measurement per this many actions."""


def measurements(n_actions: int) -> list[str]:
    """KPI measurements through the year, in date order, each KPI measured at least once; the
    values climb from the objectives' baseline base by up to 30 percent over the year, so that
    objectives come out achieved, on track and behind."""
    count = max(len(MEASURED_KPIS), n_actions // MEASUREMENTS_PER_ACTION)
    dated = []
    for m in range(count):
        kpi, _, base, decimals = MEASURED_KPIS[m % len(MEASURED_KPIS)]
        day = dt.date(2027, 1, 1) + dt.timedelta(days=m * 364 // count)
        growth = 100 + (day.timetuple().tm_yday * 25) // 365 + spread(m, 10, 0, 5)
        text = value(base * growth // 100, decimals)
        dated.append(f"  - {{kpi: {kpi}, date: {day.isoformat()}, value: {text}}}\n")
    return dated


def render_actuals(n_actions: int, plan_name: str) -> str:
    """The actuals file of the plan with n_actions actions, named plan_name beside it."""
    spend = [record for i in range(1, n_actions + 1) for record in spend_records(i)]
    return "".join(
        [
            f"# Synthetic actuals written by bench/generate.py ({n_actions} actions); "
            "do not edit.\n",
            f"version: 1\nplan: {plan_name}\n\nkpis:\n",
            *measurements(n_actions),
            "\nspend:\n",
            *spend,
        ]
    )


def write_actuals(n_actions: int, plan_path: Path) -> Path:
    """Write actuals.yaml beside the plan with n_actions actions; return its path."""
    path = plan_path.parent / "actuals.yaml"
    path.write_text(render_actuals(n_actions, plan_path.name), encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    """Command line: generate.py N OUT.yaml [--no-actuals]."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("n_actions", type=int, metavar="N", help="number of actions")
    parser.add_argument("out", type=Path, metavar="OUT.yaml", help="file to write")
    parser.add_argument(
        "--no-actuals",
        dest="actuals",
        action="store_false",
        help="do not write actuals.yaml beside OUT.yaml (it replaces one that is there)",
    )
    args = parser.parse_args(argv)
    if args.n_actions < 1:
        parser.error("N must be at least 1")
    start = time.perf_counter()
    write_plan(args.n_actions, args.out)
    written = [args.out]
    if args.actuals:
        written.append(write_actuals(args.n_actions, args.out))
    elapsed = time.perf_counter() - start
    sizes = ", ".join(f"{path} {path.stat().st_size / 1e6:.1f} MB" for path in written)
    print(f"wrote {args.n_actions} actions in {elapsed:.2f} s: {sizes}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
