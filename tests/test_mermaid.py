"""The Markdown report's gantt, read by Mermaid's own parser: every section and task shows the
plan's text as written (on one line), with its dates.

Mermaid runs in node from tests/mermaid (`make mermaid-deps`, which `make test` runs when npm
is there); without node, or before the install, these tests are skipped and say why.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from opmkt.plan.loader import load_plan
from opmkt.report.charts import MermaidTask, mermaid_gantt
from tests.conftest import ROOT
from tests.report_support import AS_OF, HOSTILE, HOSTILE_ACTUALS, PLANS, render

MERMAID = ROOT / "tests" / "mermaid"


def _skip_reason() -> str | None:
    if shutil.which("node") is None:
        return "node is not installed: Mermaid's parser runs in node"
    if not (MERMAID / "node_modules" / "mermaid").is_dir():
        return "Mermaid is not installed in tests/mermaid: run `make mermaid-deps` (needs npm)"
    return None


pytestmark = pytest.mark.skipif(_skip_reason() is not None, reason=str(_skip_reason()))


def mermaid_reads(texts: list[str]) -> list[dict[str, Any]]:
    """What Mermaid's parser reads in each text: its tasks (section, name, start, end) as the
    chart shows them, or the parse error."""
    proc = subprocess.run(
        ["node", str(MERMAID / "parse_gantt.mjs")],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "TZ": "UTC"},
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    results: list[dict[str, Any]] = json.loads(proc.stdout)
    return results


HOSTILE_NAMES = [
    "Recover 12% of lapsed customers",
    "50%% off: the %%{init}%% directive",
    "100 %% sure",
    "Bread & butter & jam",
    "Ratio 3:1, then 2:1",
    "Campaign #1 and #2",
    "Use &#35; or #x; or #58; literally",
    "Lifestyle:#1; shoot",
    "classDef a:#fff;",
    "Step one; step two;",
    "Say \"hello\" and 'bye'",
    "Quotes “curly” ‘too’ «guillemets»",
    "A <b>bold</b> <script>alert(1)</script> plan",
    "Braces {x} [y] (z) | pipes \\ backslash `tick`",
    "Two\nlines\r\nand a\ttab",
    "Crème brûlée, 日本語, emoji 🎉, Ünïcödé",
    "title in the name",
    "Section two",
    "dateFormat YYYY",
    "click here",
    "Excludes weekends",
    "weekday monday",
    "2027-03-01 kick-off",
    "after a1",
    "done",
    "x :done, 2027-01-01, 1d",
]


def _shown(text: str, width: int) -> str:
    """The text a chart should show: on one line, cut as the report cuts it."""
    plain = " ".join(text.split())
    return plain if len(plain) <= width else plain[: width - 1].rstrip() + "…"


def test_mermaid_reads_every_hostile_name_as_written() -> None:
    start, end = dt.date(2027, 3, 1), dt.date(2027, 4, 30)
    sections = [
        (name, [MermaidTask(name, start, end, state)])
        for name, state in zip(
            HOSTILE_NAMES, ["planned", "done", "in_progress"] * len(HOSTILE_NAMES), strict=False
        )
    ]
    text = mermaid_gantt("Timeline: 100% & more", sections)
    [read] = mermaid_reads([text])
    assert "error" not in read, f"{read['error']}\n{text}"
    assert read["tasks"] == [
        {
            "section": _shown(name, 40),
            "name": _shown(name, 60),
            "start": "2027-03-01",
            "end": "2027-04-30",
        }
        for name in HOSTILE_NAMES
    ]


def _gantt(markdown: str) -> str:
    return markdown.split("```mermaid\n", 1)[1].split("\n```\n", 1)[0]


def test_mermaid_reads_each_dated_action_of_every_report(tmp_path: Path) -> None:
    plans = [*PLANS.values(), HOSTILE]
    texts = []
    expected = []
    for number, plan in enumerate(plans):
        extra = ("--actuals", HOSTILE_ACTUALS) if plan == HOSTILE else ()
        markdown = render(plan, tmp_path / f"r{number}.md", "--as-of", AS_OF, *extra)
        texts.append(_gantt(markdown))
        loaded = load_plan(plan, str(plan)).plan
        assert loaded is not None
        expected.append(
            sorted(
                (_shown(f"{a.id} {a.what}", 60), str(a.start), str(a.end))
                for a in loaded.actions
                if a.start is not None and a.end is not None and a.start <= a.end
            )
        )
    for plan, read, wanted, text in zip(plans, mermaid_reads(texts), expected, texts, strict=True):
        assert "error" not in read, f"{plan}: {read['error']}\n{text}"
        *tasks, marker = read["tasks"]
        got = sorted((task["name"], task["start"], task["end"]) for task in tasks)
        assert got == wanted, plan
        # The date of the results, a milestone in a last section of its own.
        assert marker["section"] == marker["name"] and "2027" in marker["name"]
        assert marker["start"] == AS_OF, plan
