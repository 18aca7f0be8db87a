"""Helpers shared by the `opmkt report` tests: render a report, read its HTML as a tree,
split Markdown tables into cells."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from opmkt.cli import run
from tests.conftest import EXAMPLES, ROOT

AS_OF = "2027-09-30"
"""The examples are 2027 plans: their results are shown as of a date inside that year."""

PLANS = {name: EXAMPLES / name / "plan.yaml" for name in ("fournil-dupont", "northwind-studio")}
LANGUAGE = {"fournil-dupont": "fr", "northwind-studio": "en"}
DATA = ROOT / "tests" / "data" / "report"
HOSTILE = DATA / "hostile.yaml"
HOSTILE_ACTUALS = DATA / "hostile-actuals.yaml"

# Elements that never have an end tag in HTML.
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)


def render(plan: Path, out: Path, *extra: str | Path) -> str:
    """Run `opmkt report PLAN -o OUT --as-of AS_OF EXTRA...` in this process; its text."""
    args = ["report", str(plan), "-o", str(out), "--as-of", AS_OF, *map(str, extra)]
    code = run(args)
    assert code == 0, f"opmkt {' '.join(args)} exited {code}"
    return out.read_text(encoding="utf-8")


@dataclass
class Node:
    """An element of a parsed HTML page: its tag, attributes, children and source line."""

    tag: str
    attrs: dict[str, str | None]
    line: int
    children: list[Node | str] = field(default_factory=list)

    def iter(self, *tags: str) -> Iterator[Node]:
        """This element and every element under it, in document order (only `tags` if given)."""
        if not tags or self.tag in tags:
            yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter(*tags)

    def text(self) -> str:
        """The text content, as a reader sees it (entities decoded, `<br>` a line break)."""
        if self.tag == "br":
            return "\n"
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def elements(self) -> list[Node]:
        return [c for c in self.children if isinstance(c, Node)]


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {}, 0)
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, dict(attrs), self.getpos()[0])
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, dict(attrs), self.getpos()[0]))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse_html(text: str) -> Node:
    """The page as a tree of Nodes (a lenient parse: an unmatched end tag is ignored)."""
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    return builder.root


def is_escaped(text: str, index: int) -> bool:
    """Whether the character at `index` follows an odd number of backslashes."""
    count = 0
    while index - count - 1 >= 0 and text[index - count - 1] == "\\":
        count += 1
    return count % 2 == 1


def cells(row: str) -> list[str]:
    """A Markdown table row split at its unescaped `|` (GitHub's rule: a `\\|` is text)."""
    bounds = [i for i, ch in enumerate(row) if ch == "|" and not is_escaped(row, i)]
    return [row[a + 1 : b].strip() for a, b in itertools.pairwise(bounds)]


def tables(markdown: str) -> list[list[str]]:
    """Each Markdown table: its consecutive lines that start with `|`."""
    found: list[list[str]] = []
    current: list[str] = []
    for line in [*markdown.splitlines(), ""]:
        if line.startswith("|"):
            current.append(line)
        elif current:
            found.append(current)
            current = []
    return found


DELIMITER_ROW = re.compile(r"\|(?: *:?-{3,}:? *\|)+")
"""The row under a Markdown table's header: `|---|---:|`."""
