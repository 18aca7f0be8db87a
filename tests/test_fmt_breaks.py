"""`opmkt fmt` on texts with a tag or a YAML 1.1 line break (U+2028, U+2029, U+0085), which it
reads with ruamel.yaml's own reader: a block scalar whose blank first lines end before the
indentation of its text (`|` then `  U+2028`, then `    text`) is read as validate reads it,
and written so that it loads to the same data; where ruamel.yaml still reads it otherwise,
fmt says where and how to write it, never a file that loads to other data, never exit 3."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opmkt.fmt.format import FormatRefused, NotFormattable, format_bytes
from opmkt.io.yamlio import parse
from tests.conftest import Result

SCALE = int(os.environ.get("OPMKT_FUZZ_SCALE", "1"))

HEAD = "version: 1\nplan:\n  name: P\n  organization: "
TAIL = "  period: {start: 2027-01-01, end: 2027-12-31}\n"


@st.composite
def block_scalars(draw: st.DrawFn) -> str:
    """A plan whose `organization` is a block scalar with blank leading lines of any width,
    broken at LF or at a YAML 1.1 line break, then lines of text more indented."""
    tag = draw(st.sampled_from(["", "!!str "]))
    header = draw(st.sampled_from(["|", ">", "|-", ">+", "|2", ">-"]))
    blanks = draw(
        st.lists(
            st.tuples(st.integers(0, 6), st.sampled_from(["\n", "\u2028", "\u2029", "\x85"])),
            min_size=1,
            max_size=3,
        )
    )
    lines = draw(
        st.lists(
            st.tuples(st.integers(4, 7), st.sampled_from(["x", "a b", "d\u2028e", "#h"])),
            min_size=1,
            max_size=3,
        )
    )
    leading = "".join(" " * width + end for width, end in blanks)
    if not leading.endswith("\n"):
        leading += "\n"
    body = "".join(" " * width + text + "\n" for width, text in lines)
    return HEAD + tag + header + "\n" + leading + body + TAIL


@settings(max_examples=300 * SCALE, deadline=None, derandomize=True, database=None)
@given(text=block_scalars())
def test_a_block_scalar_validate_reads_is_laid_out_to_the_same_data(text: str) -> None:
    data = text.encode("utf-8")
    read = parse(data)
    try:
        laid_out = format_bytes(data).formatted.encode("utf-8")
    except NotFormattable as exc:
        # Left alone: what validate does not read either, or, located on the text, what
        # fmt's reader would read otherwise, with how to write it.
        if not read.problems:
            assert "line break of YAML 1.1 only" in exc.message
            assert "write that text in double quotes" in exc.message
            assert 3 <= exc.problem.line <= text.count("\n")
        return
    except FormatRefused as exc:  # exit 3, "a bug in opmkt fmt"
        raise AssertionError(exc.message) from None
    assert not read.problems
    again = parse(laid_out)
    assert again.problems == [] and again.data == read.data
    assert format_bytes(laid_out).formatted.encode("utf-8") == laid_out


CASES = [
    HEAD + "!!str |\n    \u2028\n      x\n" + TAIL,
    HEAD + ">\n   \u2028 \n     x\n" + TAIL,
    HEAD + "|\n  \x85\n      a b\n" + TAIL,
    # ruamel.yaml reads this one as "\u2028    \nx\n", libyaml as "\u2028\nx\n" (was exit 3)
    HEAD + "|2\n\u2028    \n    x\n" + TAIL,
]


def test_what_ruamel_called_a_more_indented_follow_up_line_is_formatted(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    files = []
    for number, text in enumerate(CASES):
        path = tmp_path / f"p{number}.yaml"
        path.write_text(text, encoding="utf-8")
        files.append(path)
    result = cli("fmt", *files)
    assert result.code == 0, result.err
    for path, text in zip(files, CASES, strict=True):
        assert parse(path.read_bytes()).data == parse(text.encode("utf-8")).data
        assert f"reformatted {path}" in result.err


# Several files in one run

MESSY = "plan:\n    name: P\n    period: {start: 2027-01-01, end: 2027-12-31}\nversion: 1\n"
MISREAD = HEAD + "|\n\u2028    \n    x\n" + TAIL
"""A block scalar ruamel.yaml reads otherwise than libyaml: fmt says where, and leaves it."""


def test_a_file_that_cannot_be_formatted_does_not_stop_the_others(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    names = ["a", "broken", "b", "misread", "folder", "c", "missing", "d"]
    paths = [tmp_path / f"{name}.yaml" for name in names]
    for path in paths:
        if path.stem in ("a", "b", "c", "d"):
            path.write_text(MESSY, encoding="utf-8")
    (tmp_path / "broken.yaml").write_text("version: 1\nplan: [\n", encoding="utf-8")
    (tmp_path / "misread.yaml").write_text(MISREAD, encoding="utf-8")
    (tmp_path / "folder.yaml").mkdir()
    result = cli("fmt", *paths)
    assert result.code == 2  # the worst: a file that cannot be read
    for name in "abcd":
        path = tmp_path / f"{name}.yaml"
        assert f"reformatted {path}\n" in result.err
        assert path.read_text(encoding="utf-8").startswith("version: 1\n\nplan:\n  name: P\n")
    err = result.err
    assert re.search(rf"{re.escape(str(tmp_path / 'broken.yaml'))}:3:1: error syntax ", err)
    assert f"{tmp_path / 'misread.yaml'}:5:1: error syntax a text here holds a line break" in err
    assert f"error: {tmp_path / 'folder.yaml'}" in err
    assert f"error: {tmp_path / 'missing.yaml'}: no such file" in err
    assert (tmp_path / "misread.yaml").read_text(encoding="utf-8") == MISREAD
    assert err.endswith("4 files reformatted, 0 files already formatted, 4 files not formatted\n")


def test_a_bug_met_on_one_file_is_reported_and_the_others_are_formatted(
    cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever goes wrong inside fmt on one file (here its writer, made to fail on that file's
    text) is that file's internal error: exit 3 at the end, the other files formatted."""
    from opmkt.fmt.emit import dump

    def failing(tree: Any) -> str:
        if tree["plan"]["name"] == "Bug":
            raise IndexError("string index out of range")
        return dump(tree)

    monkeypatch.setattr("opmkt.fmt.format.dump", failing)
    good, bad = tmp_path / "good.yaml", tmp_path / "bad.yaml"
    good.write_text(MESSY, encoding="utf-8")
    bad.write_text(MESSY.replace("name: P", "name: Bug"), encoding="utf-8")
    result = cli("fmt", bad, good)
    assert result.code == 3
    assert result.err.startswith(
        f"error: {bad}: opmkt: internal error: IndexError: string index out of range; the file "
        "is left as it was"
    )
    assert f"reformatted {good}\n" in result.err
    assert bad.read_text(encoding="utf-8") == MESSY.replace("name: P", "name: Bug")
