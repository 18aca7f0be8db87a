"""The HTML report is accessible: its scrollable tables can be reached and named from the
keyboard, and every data cell is tied to its headers. The markup is checked here in every
run; axe-core and HTML_CodeSniffer check the rendered page in headless Chromium, at a phone's,
a tablet's and a desktop's width (`make browser-check`)."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.report_support import HOSTILE, HOSTILE_ACTUALS, PLANS, Node, parse_html, render
from tests.test_report_html import chromium

A11Y = ROOT / "tests" / "a11y" / "node_modules"


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Node]:
    """The HTML reports of both examples and of the hostile plan, as trees."""
    folder = tmp_path_factory.mktemp("a11y")
    found = {
        name: parse_html(render(plan, folder / f"{name}.html")) for name, plan in PLANS.items()
    }
    hostile = render(HOSTILE, folder / "hostile.html", "--actuals", HOSTILE_ACTUALS)
    found["hostile"] = parse_html(hostile)
    return found


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("name", [*PLANS, "hostile"])
def test_every_scrollable_table_is_focusable_and_named_by_its_caption(
    pages: dict[str, Node], name: str
) -> None:
    wraps = [node for node in pages[name].iter("div") if node.attrs.get("class") == "table-wrap"]
    assert len(wraps) >= 10
    for wrap in wraps:
        # axe-core's scrollable-region-focusable: a region that scrolls is reached by Tab.
        assert wrap.attrs.get("tabindex") == "0", wrap.line
        # Focused, it needs a role and a name to be announced; a group, not a landmark: the
        # page would have a landmark per table.
        assert wrap.attrs.get("role") == "group", wrap.line
        [caption] = list(wrap.iter("caption"))
        label = wrap.attrs.get("aria-label")
        assert label and _flat(label) == _flat(caption.text()), wrap.line


@pytest.mark.parametrize("name", [*PLANS, "hostile"])
def test_every_data_cell_is_tied_to_its_headers_by_scope(pages: dict[str, Node], name: str) -> None:
    tables = list(pages[name].iter("table"))
    footers = 0
    for table in tables:
        for th in table.iter("th"):
            # HTML_CodeSniffer H43: a header spanning columns or rows makes the table one whose
            # every cell needs `headers`; with one header per row and column, scope is enough.
            assert th.attrs.get("colspan", "1") == "1", th.line
            assert th.attrs.get("rowspan", "1") == "1", th.line
            assert th.attrs.get("scope") in ("row", "col"), th.line
        for tfoot in table.iter("tfoot"):
            for row in tfoot.iter("tr"):
                footers += 1
                first = next(child for child in row.children if isinstance(child, Node))
                assert first.tag == "th" and first.attrs.get("scope") == "row", row.line
    assert footers >= 1


# --- In a browser ---------------------------------------------------------------------------

_RUNNER = """
<pre id="a11y-results"></pre>
<script>
(async () => {
  const out = document.getElementById("a11y-results");
  try {
    const found = await axe.run(document, { resultTypes: ["violations"] });
    const axeFound = found.violations.map((v) => ({
      rule: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(" ")),
    }));
    const sniffed = await new Promise((done) =>
      HTMLCS.process("WCAG2AA", document, () => done(
        HTMLCS.getMessages().filter((m) => m.type === HTMLCS.ERROR)
          .map((m) => ({ rule: m.code, node: m.element.outerHTML.slice(0, 160) })))));
    out.textContent = JSON.stringify({ axe: axeFound, htmlcs: sniffed });
  } catch (error) {
    out.textContent = JSON.stringify({ error: String(error) });
  }
})();
</script>
"""


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 780, 1280])
@pytest.mark.parametrize("name", list(PLANS))
def test_axe_core_and_html_codesniffer_find_nothing(tmp_path: Path, name: str, width: int) -> None:
    scripts = [A11Y / "axe-core" / "axe.min.js", A11Y / "html_codesniffer" / "build" / "HTMLCS.js"]
    if not all(script.is_file() for script in scripts):
        pytest.fail("axe-core is not installed in tests/a11y: `make browser-check` installs it")
    page = render(PLANS[name], tmp_path / "report.html")
    tags = "".join(f'<script src="{script.as_uri()}"></script>' for script in scripts)
    checked = tmp_path / "checked.html"
    checked.write_text(page.replace("</body>", f"{tags}{_RUNNER}</body>"), encoding="utf-8")
    dom = chromium(
        tmp_path / "profile",
        f"--window-size={width},2000",
        "--virtual-time-budget=60000",  # the checkers' promises settle before the DOM is read
        "--dump-dom",
        checked.as_uri(),
    )
    found = re.search(r'<pre id="a11y-results">(.*?)</pre>', dom, re.S)
    assert found and found.group(1), "the checkers did not run"
    results = json.loads(html.unescape(found.group(1)))
    assert results == {"axe": [], "htmlcs": []}
