"""Plan text is inert in every Markdown output, as GitHub renders it: a plan whose every text
field holds bare URLs, `www.` names, e-mail addresses, links, images and raw HTML is rendered
by cmark-gfm (GitHub's own renderer, with raw HTML let through) and nothing of it becomes a
link, an image or an element; the text still reads as written."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options

from opmkt.text.markdown import md_cell, md_text
from tests.conftest import Result

Cli = Callable[..., Result]

URLS = (
    "http://evil.example/a",
    "https://evil.example/b?c=d",
    "ftp://evil.example/f",
    "www.evil.example",
    "WWW.Evil.Example/x",
    "someone@evil.example",
    "mailto:boss@evil.example",
)
PAYLOAD = (
    " ".join(URLS) + " [click](https://evil.example/l) ![img](https://evil.example/i.png)"
    ' <img src="https://evil.example/p.png"> <meta http-equiv="refresh" content="0;url=x">'
    " <script>alert(1)</script> <https://evil.example/auto> [ref]\n\n[ref]: https://e.example"
)
# Ids are plan text too: dots are allowed in them, so `www.` names.
OBJECTIVE, KPI, LINE, ACTION = "www.o1.example", "www.kpi.example", "www.b1.example", "www.a1"


def q(text: str) -> str:
    return json.dumps(text)


def plan_text(name: str, extra: str = "") -> str:
    """A plan with PAYLOAD (and `extra`) in every text field that an output shows."""
    p = q(PAYLOAD + extra)
    return f"""version: 1
plan:
  name: {q(name + " " + PAYLOAD)}
  organization: {p}
  period: {{start: 2027-01-01, end: 2027-12-31}}
  owner: m
  budget_cap: 10000
  currency: EUR
  locale: en_US
team:
  - {{id: m, name: {p}, role: {p}}}
audit:
  market: {p}
  competitors:
    - {{name: {p}, strengths: [{p}], weaknesses: [{p}]}}
  offer:
    - {{name: {p}, kind: service, price: 3, description: {p}}}
  segments:
    - {{id: s, name: {p}, description: {p}}}
  pricing: {p}
  channels: {{communication: [{p}], distribution: [{p}]}}
  swot:
    strengths: [{p}]
    weaknesses: [{{id: w, text: {p}}}]
    opportunities: [{p}]
    threats: [{p}]
  pestel: {{legal: [{p}]}}
review:
  keep: [{{practice: {p}, evidence: {p}}}]
mix: {{product: {p}, price: {p}, place: {p}, promotion: {p}}}
five_c: {{context: {p}}}
kpis:
  - {{id: {KPI}, name: {p}, kind: financial, unit: {p}}}
objectives:
  - id: {OBJECTIVE}
    category: business
    title: {p}
    kpi: {KPI}
    baseline: 1
    target: 2
    deadline: 2027-12-31
    segment: s
    rationale: {p}
    addresses: [w]
    objectives:
      - {{id: O1.1, category: communication, title: {p}}}
actions:
  - id: {ACTION}
    objective: {OBJECTIVE}
    what: {p}
    start: 2027-02-01
    end: 2027-03-01
    owner: m
    how: {p}
    steps: [{p}]
    channel: social_media
  - {{id: A2, objective: O1.1, what: {p}}}
budget:
  quote_threshold: 100
  lines:
    - id: {LINE}
      action: {ACTION}
      label: {p}
      category: {p}
      amount: 500
      vendor: {p}
      date: 2027-02
      quote: {{status: received, ref: {p}, amount: 500}}
      previous: 400
    - {{id: B2, action: A2, label: {p}, category: {p}, amount: 700, date: 2027-04-15}}
"""


ACTUALS = f"""version: 1
plan: plan.yaml
kpis:
  - {{kpi: {KPI}, date: 2027-06-30, value: 1.5, note: {q(PAYLOAD)}}}
spend:
  - {{line: {LINE}, date: 2027-02-10, amount: 450, ref: {q(PAYLOAD)}}}
"""

# What cmark-gfm makes of Markdown itself; anything else in its HTML is raw HTML let through.
MARKDOWN_ELEMENTS = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td",
    "ul", "ol", "li", "strong", "em", "code", "pre", "br", "hr", "del", "a", "blockquote",
}  # fmt: skip


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def github_html(markdown: str) -> _Elements:
    """The Markdown as GitHub renders it (cmark-gfm, its extensions, raw HTML kept)."""
    rendered = cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)
    parsed = _Elements()
    parsed.feed(rendered)
    return parsed


def assert_inert(markdown: str, *, whole: bool) -> None:
    """No element but Markdown's own, no link out; with `whole`, where the output shows plan
    text in full (not only ids), every URL of it reads as written."""
    parsed = github_html(markdown)
    raw = sorted({tag for tag, _ in parsed.tags} - MARKDOWN_ELEMENTS)
    assert not raw, f"raw HTML elements from plan text: {raw}"
    # The report's contents link to its own headings: `#anchor` is the only link there may be.
    out = [attrs.get("href") for tag, attrs in parsed.tags if tag == "a"]
    assert all((href or "").startswith("#") for href in out), f"links out: {out}"
    text = " ".join("".join(parsed.text).replace("\u2060", "").split())
    missing = [url for url in (*URLS, "[click](https://evil.example/l)") if url not in text]
    assert not (whole and missing), f"plan text that no longer reads as written: {missing}"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "plan.yaml").write_text(plan_text("Old"), encoding="utf-8")
    new = plan_text("New", " changed").replace("amount: 500", "amount: 650")
    (tmp_path / "new.yaml").write_text(new, encoding="utf-8")
    (tmp_path / "actuals.yaml").write_text(ACTUALS, encoding="utf-8")
    return tmp_path


OUTPUTS = {
    "report": ("report", "plan.yaml", "-f", "md", "-o", "report.md", "--as-of", "2027-09-30"),
    "diff": ("diff", "plan.yaml", "new.yaml", "-f", "markdown"),
    "status": ("status", "plan.yaml", "-f", "markdown", "--as-of", "2027-09-30"),
    "smart": ("smart", "plan.yaml", "-f", "markdown"),
    **{
        f"budget-{by}": ("budget", "plan.yaml", "-b", by, "-f", "markdown")
        for by in ("objective", "action", "category")
    },
}


@pytest.mark.parametrize("output", OUTPUTS)
def test_plan_text_in_markdown_links_and_embeds_nothing_on_github(
    cli: Cli, folder: Path, output: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(folder)
    result = cli(*OUTPUTS[output])
    assert result.code in (0, 1), result.err
    markdown = (folder / "report.md").read_text("utf-8") if output == "report" else result.out
    assert ".example" in markdown, "the output shows no plan text: the test tests nothing"
    # Budget rows cut their labels to a width: only the start of the text is there to read.
    assert_inert(markdown, whole="evil.example" in markdown and output[:6] != "budget")


def test_the_mermaid_gantt_keeps_plan_text_as_plain_task_names(cli: Cli, folder: Path) -> None:
    # Plan text in the gantt is inside a code block, where Markdown escapes would show: it is
    # escaped for Mermaid instead (its `:` as `#58;`; tests/test_mermaid.py runs its parser),
    # and none of the Markdown escaping reaches it.
    result = cli("report", folder / "plan.yaml", "-o", folder / "r.md", "--as-of", "2027-09-30")
    assert result.code == 0, result.err
    block = (folder / "r.md").read_text("utf-8").split("```mermaid\n", 1)[1].split("\n```", 1)[0]
    # Each action a task with its dates; the results' date a milestone.
    task = re.compile(
        r"    [^:\n]+ :(?:(?:active, |done, )?\d{4}-\d\d-\d\d, \d{4}-\d\d-\d\d"
        r"|milestone, \d{4}-\d\d-\d\d, 0d)"
    )
    tasks = [line for line in block.splitlines()[5:] if not line.startswith("    section ")]
    assert tasks and all(task.fullmatch(line) for line in tasks), tasks
    assert "\\" not in block and "&#" not in block


@pytest.mark.parametrize("text", [PAYLOAD, *URLS, "a@b.co", "x (www.evil.example)", "*www.e.x*"])
def test_escaped_text_is_inert_and_reads_as_written(text: str) -> None:
    for markdown in (md_cell(text), md_text(text), f"| |\n|---|\n| {md_cell(text)} |"):
        parsed = github_html(markdown)
        assert not [tag for tag, _ in parsed.tags if tag in ("a", "img", "script", "meta")]
        shown = html.unescape("".join(parsed.text)).replace("\u2060", "")
        assert "".join(shown.split()) == "".join(text.split())
