"""`opmkt fmt` reads a file with libyaml (ruamel.yaml's C parser) under ruamel's composer and
constructor. Its layout is, to the byte, the one it made when ruamel's reader, written in
Python, read the file, wherever that reader reads it; where it does not, fmt now reads the
file as validate does, and what it writes loads to the same data and is laid out for good."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opmkt.fmt import emit
from opmkt.fmt.format import FormatRefused, NotFormattable, format_bytes, format_text
from opmkt.io.yamlio import parse
from tests.conftest import EXAMPLES, ROOT
from tests.fuzz_support import file_contents

SCALE = int(os.environ.get("OPMKT_FUZZ_SCALE", "1"))
"""How many times more folded scalars to try (as in tests/test_fuzz.py)."""

FILES = sorted(
    [
        *(ROOT / "tests" / "golden" / "fmt").glob("*.yaml"),
        *EXAMPLES.glob("*/*.yaml"),
        *(ROOT / "tests" / "cases").glob("*/*.yaml"),
    ]
)


def _outcome(data: bytes) -> tuple[str, str]:
    """What fmt makes of a file's content: its layout, or why it leaves it alone."""
    try:
        return ("laid out", format_bytes(data).formatted)
    except NotFormattable as exc:
        return ("not formattable", exc.message)
    except FormatRefused as exc:
        return ("refused", exc.message)


def _assert_laid_out_as_ruamel_read_it(data: bytes) -> None:
    fast = _outcome(data)
    # A refusal is fmt failing its own check: `opmkt fmt` ends in exit 3, "a bug".
    assert fast[0] != "refused", fast[1]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(emit, "read_libyaml", emit.read_ruamel)
        slow = _outcome(data)
    if slow[0] == "laid out":
        assert fast == slow
    elif fast[0] == "laid out":
        # ruamel's reader stopped, or read the file otherwise than libyaml does.
        assert parse(fast[1].encode("utf-8")).data == parse(data).data
        assert format_bytes(fast[1].encode("utf-8")).formatted == fast[1]


def test_the_files_to_compare_are_there() -> None:
    names = {path.name for path in FILES}
    assert {"messy.in.yaml", "anchors.in.yaml", "plan.yaml", "actuals.yaml"} <= names
    assert len(FILES) > 50


@pytest.mark.parametrize("path", FILES, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_a_file_is_laid_out_as_when_ruamel_read_it(path: Path) -> None:
    _assert_laid_out_as_ruamel_read_it(path.read_bytes())


@settings(
    max_examples=80,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.one_of(file_contents("plan"), file_contents("actuals")))
def test_any_file_is_laid_out_as_when_ruamel_read_it(data: bytes) -> None:
    _assert_laid_out_as_ruamel_read_it(data)


# Folded scalars (`>`): only ruamel's reader records where their lines were broken, and fmt
# writes them back broken there. Every way to hold one, every header, any lines.

LINES = st.lists(
    st.one_of(
        st.sampled_from(["Prints and planners", "10–15% above", "#h", "- li", "q:", "a  b"]),
        st.sampled_from(["", " ", "   "]),  # blank lines, or spaces only
        st.sampled_from(["  more indented", "\tx", "x\u2028y", "x\x85y", "tail  "]),
        # a line break of YAML 1.1 only, and a comment after it
        st.sampled_from(["d\u2028#h", "x\u2028", "\u2029", "d d q: #h", "\tx\ty"]),
    ),
    max_size=6,
)


@st.composite
def folded_plans(draw: st.DrawFn) -> str:
    """A small plan holding one folded scalar, in a mapping, a list, a list in a list, a
    mapping in a list, at any indentation, with any header and any lines."""
    step = draw(st.sampled_from([1, 2, 3, 4]))
    indicator = draw(st.sampled_from(["", "", "1", "2"]))
    chomping = draw(st.sampled_from(["", "-", "+"]))
    header = (
        draw(st.sampled_from(["", "&f ", "!!str "]))
        + ">"
        + draw(st.sampled_from([indicator + chomping, chomping + indicator]))
    )
    header += draw(st.sampled_from(["", "  # note"]))
    where = draw(st.sampled_from(["mapping", "list", "indentless", "list in list", "item"]))
    lines = ["version: 1", "plan:", " " * step + "name: P"]
    if where == "mapping":
        column = step
        lines.append(" " * column + "organization: " + header)
    elif where in ("list", "indentless"):
        column = 0 if where == "indentless" else step
        lines += ["team:", " " * column + "- " + header]
    elif where == "list in list":
        column = step + 2
        lines += ["audit:", " " * step + "market:", " " * step + "- - " + header]
    else:
        column = step + 2
        lines += ["team:", " " * step + "- id: a", " " * column + "role: " + header]
    indent = column + (int(indicator) if indicator else draw(st.integers(1, 3)))
    for line in draw(LINES):
        lines.append(" " * indent + line if line.strip() else line)
    lines += draw(
        st.sampled_from(
            [[], ["  currency: EUR"], ["kpis: []"], ["version2: 1", "kpis: []"], ["# c", "x: 1"]]
        )
    )
    return "\n".join(lines) + "\n"


@settings(max_examples=150 * SCALE, deadline=None, derandomize=True)
@given(text=folded_plans())
def test_a_folded_scalar_is_laid_out_as_when_ruamel_read_it(text: str) -> None:
    _assert_laid_out_as_ruamel_read_it(text.encode("utf-8"))


# Block scalars fmt once refused to write (exit 3) or crashed on, and their layout now: where
# ruamel's emitter would write a text wrong in its style, fmt asks it for one that keeps it.
WRITTEN_ANEW = [
    pytest.param(
        "version: 1\nplan:\n name: P\naudit:\n swot:\n  strengths:\n   - id: s1\n"
        "     text: >\n       d d q: #h\n       d\u2028#h\nversion2: 1\nkpis: []\n",
        "version: 1\n\nplan:\n  name: P\n\naudit:\n  swot:\n    strengths:\n      - id: s1\n"
        '        text: "d d q: #h d\\L" #h\n\nkpis: []\nversion2: 1\n',
        id="U+2028 in a folded scalar, then a comment",
    ),
    pytest.param(
        "version: 1\nplan:\n  name: 'a\u2028b'\n  currency: EUR  # c\n",
        'version: 1\n\nplan:\n  name: "a\\Lb"\n  currency: EUR  # c\n',
        id="U+2028 in single quotes",
    ),
    pytest.param(
        "version: 1\nteam:\n- &f >+\n\nkpis: []\n",
        "version: 1\n\nteam:\n  - &f >2+\n\nkpis: []\n",
        id="kept line breaks only, then a section",
    ),
    pytest.param(
        "version: 1\nteam:\n- |+\n  x\n\n# c\n\nkpis: []\n",
        "version: 1\n\nteam:\n  - |+\n    x\n\n# c\nkpis: []\n",
        id="kept line breaks, then a comment",
    ),
    pytest.param(
        "version: 1\nplan:\n  a: |+\n    x\n\n\n  name: P\n\n  # trailing\nkpis: []\n",
        "version: 1\n\nplan:\n  name: P\n  a: |+\n    x\n\n\n  # trailing\n\nkpis: []\n",
        id="kept line breaks moved last, then a blank line",
    ),
    pytest.param(
        "version: 1\nplan:\n  name: P\n  organization: !!str >  # note\n",
        "version: 1\n\nplan:\n  name: P\n  organization: !!str >  # note\n",
        id="a comment after a tagged empty folded scalar",
    ),
    pytest.param(
        "version: 1\nteam:\n- >1-\n \tx\n",
        'version: 1\n\nteam:\n  - "\\tx"\n',
        id="a folded scalar starting with a tab",
    ),
    pytest.param(
        "version: 1\nplan:\n  name: >\n    a\n    \tb\n",
        "version: 1\n\nplan:\n  name: |\n    a\n    \tb\n",
        id="a folded line starting with a tab",
    ),
]


@pytest.mark.parametrize(("text", "laid_out"), WRITTEN_ANEW)
def test_a_block_scalar_ruamel_writes_wrong_is_written_in_another_style(
    text: str, laid_out: str
) -> None:
    data = text.encode("utf-8")
    _assert_laid_out_as_ruamel_read_it(data)
    assert _outcome(data) == ("laid out", laid_out)
    assert parse(laid_out.encode("utf-8")).data == parse(data).data
    assert format_text(laid_out) == laid_out


# Anchors: libyaml's nodes do not carry their names; fmt reads them where each node starts.

ANCHORED = [
    "plan: &p\n  name: P\nother: *p\n",
    "plan:\n  &k name: P\n  currency: *k\n",  # the first key's anchor, not the mapping's
    "plan:\n  &k name: &v P\n  org: *v\n  cur: *k\n",
    "x: &a\n  &b k: &c v\ny: [*a, *b, *c]\n",
    "team:\n  - &m id: a\n    name: *m\n",
    "team:\n  - &m\n    id: a\n  - *m\n",
    "team: &t\n- &i {id: a}\n- *i\nx: *t\n",
    "plan: &p {name: &n P, currency: *n}\n",
    "x: &a [&b 1, *b]\ny: *a\n",
    'x: &a-b_1 "q"\ny: *a-b_1\n',
]


@pytest.mark.parametrize("text", ANCHORED)
def test_anchors_are_laid_out_as_when_ruamel_read_them(text: str) -> None:
    data = ("version: 1\n" + text).encode("utf-8")
    _assert_laid_out_as_ruamel_read_it(data)
    assert _outcome(data)[0] == "laid out"


def test_a_folded_scalar_keeps_its_line_breaks() -> None:
    text = (
        "version: 1\n"
        "audit:\n"
        "    pricing: >-\n"
        "        Premium but accessible: prints and planners 10–15% above mass brands,\n"
        "        keystone wholesale pricing.\n"
    )
    assert format_text(text) == (
        "version: 1\n"
        "\n"
        "audit:\n"
        "  pricing: >-\n"
        "    Premium but accessible: prints and planners 10–15% above mass brands,\n"
        "    keystone wholesale pricing.\n"
    )


def test_a_tag_is_written_as_it_was() -> None:
    # libyaml says what a tag means, not how it was written: such a file is read by ruamel.
    text = "plan:\n  name: !!str 12\n  currency: EUR\nversion: 1\n"
    assert format_text(text) == "version: 1\n\nplan:\n  name: !!str 12\n  currency: EUR\n"


def test_a_version_directive_no_longer_stops_fmt() -> None:
    # ruamel's reader read `yes` as true under `%YAML 1.1`, and fmt refused its own layout
    # (exit 3). Plans are read by YAML 1.2 rules, whatever the directive says.
    text = "%YAML 1.1\n---\nplan:\n  name: yes\nversion: 1\n"
    out = format_text(text)
    assert out.endswith("version: 1\n\nplan:\n  name: yes\n")
    assert parse(out.encode("utf-8")).data == parse(text.encode("utf-8")).data
