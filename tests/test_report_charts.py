"""The charts a reader looks at: the timeline with a line on the date of the results and the
late actions flagged, each indicator's measurements against its target line, and spending
month by month with what is still to come and where it lands. Each says in words what it
draws."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import yaml

from tests.conftest import Result
from tests.report_support import AS_OF, PLANS, Node, parse_html, render

Cli = Callable[..., Result]
NORTHWIND = PLANS["northwind-studio"]


def charts(page: Node, section: str) -> list[tuple[Node, str]]:
    """The SVG charts of a section, each with its text alternative."""
    found = next(n for n in page.iter("section") if n.attrs.get("id") == section)
    return [(svg, next(svg.iter("title")).text()) for svg in found.iter("svg")]


def test_the_timeline_marks_the_date_of_the_results_and_flags_late_actions(
    tmp_path: Path,
) -> None:
    for name in ("plan.yaml", "actuals.yaml", "logo.svg"):
        shutil.copy(NORTHWIND.with_name(name), tmp_path / name)
    plan = tmp_path / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    # A4 was to end in August and is still in progress at the end of September.
    late = text.replace(
        "    end: 2027-10-31\n    owner: priya", "    end: 2027-08-31\n    owner: priya"
    )
    assert late != text
    plan.write_text(late, encoding="utf-8")
    page = parse_html(render(plan, tmp_path / "report.html"))
    [(gantt, said)] = charts(page, "actions")
    assert said.endswith("as of Sep 30, 2027")
    assert "A4: Mar 1 – Aug 31, 2027 (late)" in said.replace("\u2009", " ")
    assert said.count("(late)") == 1
    # Drawn: the dashed line of the day, the word for it, and one flag.
    assert [t.text() for t in gantt.iter("text") if t.text() == "as of Sep 30, 2027"]
    assert [t.text() for t in gantt.iter("text")].count("!") == 1
    assert "Late" in [t.text() for t in gantt.iter("text")]


def test_each_measured_indicator_is_drawn_against_its_target_line(tmp_path: Path) -> None:
    page = parse_html(render(NORTHWIND, tmp_path / "report.html"))
    actuals = yaml.safe_load(NORTHWIND.with_name("actuals.yaml").read_text(encoding="utf-8"))
    plan = yaml.safe_load(NORTHWIND.read_text(encoding="utf-8"))
    measured = {m["kpi"] for m in actuals["kpis"] if str(m["date"]) <= AS_OF}
    drawn = {said.partition(":")[0]: (svg, said) for svg, said in charts(page, "indicators")}
    names = {k["id"]: k["name"] for k in plan["kpis"]}
    assert set(drawn) == {names[k] for k in measured}
    svg, said = drawn["Total revenue (trailing 12 months)"]
    dates = [m["date"] for m in actuals["kpis"] if m["kpi"] == "revenue"]
    dates = [day for day in dates if str(day) <= AS_OF]  # none after the date of the results
    # Every measurement, said and drawn as a point of the line, and the target line.
    assert said.count(";") == len(dates)
    assert said.endswith("target $1,150,000 by Dec 31, 2027")
    lines = [n.attrs.get("points") or "" for n in svg.iter("polyline")]
    assert sorted(len(points.split()) for points in lines) == [2, len(dates)]


def test_spending_month_by_month_shows_what_is_to_come_and_where_it_lands(
    cli: Cli, tmp_path: Path
) -> None:
    page = parse_html(render(NORTHWIND, tmp_path / "report.html"))
    status = cli("status", NORTHWIND, "--as-of", AS_OF, "--format", "json")
    landing = json.loads(status.out)["spend"]["landing"]
    [(chart, said)] = [c for c in charts(page, "results") if "month by month" in c[1]]
    figure = f"${float(landing):,.2f}"
    assert said.endswith(f"landing {figure}")
    # The months still to come are drawn as outlines: October to December, and what
    # September still lacks.
    outlined = [r for r in chart.iter("rect") if r.attrs.get("stroke-dasharray") == "4 2"]
    assert len(outlined) == 1 + 4  # the legend's swatch, then September to December
