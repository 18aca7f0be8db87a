"""`opmkt fmt`: one canonical layout that keeps every comment, spelling and byte that matters."""

from __future__ import annotations

import json
import random
import re
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opmkt.fmt.format import format_bytes, format_text
from opmkt.io.yamlio import parse
from tests.conftest import EXAMPLES, MINIMAL_PLAN, ROOT, Result, run_installed

GOLDEN = ROOT / "tests" / "golden" / "fmt"
CASES = sorted(path.name.removesuffix(".in.yaml") for path in GOLDEN.glob("*.in.yaml"))

MESSY = """\
# yaml-language-server: $schema=plan.schema.json
plan:
    period: {start: 2027-01-01, end: 2027-12-31}
    name: Messy
version: 1
"""
TIDY = """\
# yaml-language-server: $schema=plan.schema.json
version: 1

plan:
  name: Messy
  period: {start: 2027-01-01, end: 2027-12-31}
"""


def _lines(text: str) -> list[str]:
    return text.split("\n")


def _key_line(text: str, *path: str | int) -> int:
    """The 1-based line of the key (or item) at `path` in `text`."""
    return parse(text.encode()).position(path, at_key=isinstance(path[-1], str))[0]


# The golden pairs: tests/golden/fmt/NAME.in.yaml formats to NAME.out.yaml, byte for byte.


def test_there_are_golden_pairs_for_each_concern() -> None:
    assert set(CASES) >= {
        "messy",
        "comments",
        "crlf",
        "anchors",
        "quoting",
        "numbers",
        "flow",
        "actuals",
    }
    # A checkout that turned CRLF into LF would test nothing: say so.
    crlf = (GOLDEN / "crlf.in.yaml").read_bytes()
    assert crlf.count(b"\r\n") == crlf.count(b"\n") > 10


@pytest.mark.parametrize("case", CASES)
def test_golden_pair(case: str, request: pytest.FixtureRequest) -> None:
    source = (GOLDEN / f"{case}.in.yaml").read_bytes()
    expected = GOLDEN / f"{case}.out.yaml"
    produced = format_bytes(source).formatted.encode("utf-8")
    if request.config.getoption("--update-golden") or not expected.exists():
        expected.write_bytes(produced)
        if not request.config.getoption("--update-golden"):
            pytest.fail(f"golden file {expected.name} was missing and has been written: review it")
    assert produced == expected.read_bytes()
    assert produced != source, "each pair shows a change"
    # Formatting a formatted file changes nothing, and it is the same data as the original.
    assert format_bytes(produced).formatted.encode("utf-8") == produced
    assert parse(produced).data == parse(source).data


# What the layout keeps, each on a small plan.


def test_sections_and_keys_follow_the_contract() -> None:
    assert format_text(MESSY) == TIDY


def test_end_of_line_comments_stay_on_their_key_after_reordering() -> None:
    text = MINIMAL_PLAN + (
        "team:\n"
        "  - role: Gérante      # the role\n"
        "    name: Marie        # the name\n"
        "    id: marie          # the id\n"
    )
    out = format_text(text)
    lines = _lines(out)
    for key, comment in (("id", "# the id"), ("name", "# the name"), ("role", "# the role")):
        line = lines[_key_line(out, "team", 0, key) - 1]
        assert line.strip().startswith(("- " + key, key)), line
        assert line.endswith(comment)


def test_a_full_line_comment_moves_with_the_key_below_it() -> None:
    text = (
        "plan:\n"
        "  # when the plan runs\n"
        "  period: {start: 2027-01-01, end: 2027-12-31}\n"
        "  # what it is called\n"
        "  name: Plan\n"
        "# the format version\n"
        "version: 1\n"
    )
    out = format_text(text)
    lines = _lines(out)
    assert lines[_key_line(out, "version") - 2] == "# the format version"
    assert lines[_key_line(out, "plan", "name") - 2] == "  # what it is called"
    assert lines[_key_line(out, "plan", "period") - 2] == "  # when the plan runs"


def test_a_commented_out_last_item_stays_in_its_list() -> None:
    text = (
        "version: 1\n"
        "plan: {name: P, period: {start: 2027-01-01, end: 2027-12-31}}\n"
        "kpis:\n"
        "  - {id: ca, name: CA, kind: financial}\n"
        "  # - {id: visits, name: Visits, kind: performance}\n"
        "team:\n"
        "  - {id: marie, name: Marie}\n"
    )
    out = format_text(text)
    assert "kpis:\n  - {id: ca, name: CA, kind: financial}\n  # - {id: visits" in out
    assert out.index("team:") < out.index("kpis:"), "team moved above, without the comment"


def test_the_modeline_stays_on_the_first_line() -> None:
    out = format_text("# yaml-language-server: $schema=x.json\nplan: {}\nversion: 1\n")
    assert out.startswith("# yaml-language-server: $schema=x.json\nversion: 1\n")


def test_numbers_dates_and_nulls_keep_their_spelling() -> None:
    text = MINIMAL_PLAN + (
        "budget:\n"
        "  lines:\n"
        "    - {amount: 1_000.50, id: B1, label: L, previous: 012.50, date: 2027-2}\n"
        "  quote_threshold: 1e3\n"
        "lint: {max_growth: 1., disable: ~}\n"
    )
    out = format_text(text)
    assert "{id: B1, label: L, amount: 1_000.50, date: 2027-2, previous: 012.50}" in out
    assert "01000.50" not in out
    assert "quote_threshold: 1e3" in out
    assert "lint: {disable: ~, max_growth: 1.}" in out


def test_quoting_escapes_and_unicode_stay_as_written() -> None:
    text = (
        "version: 1\n"
        "plan:\n"
        "  period: {start: '2027-01-01', end: \"2027-12-31\"}\n"
        '  name: "Caf\\u00e9 \\"Le Fournil\\""\n'
        "  organization: 'L''atelier — 東京 😀'\n"
    )
    out = format_text(text)
    assert '  name: "Caf\\u00e9 \\"Le Fournil\\""\n' in out
    assert "  organization: 'L''atelier — 東京 😀'\n" in out
    assert "{start: '2027-01-01', end: \"2027-12-31\"}" in out


def test_long_lines_are_never_wrapped() -> None:
    name = " ".join(["mot"] * 120)
    out = format_text(f"plan:\n  name: {name}\n  period: {{start: 2027-01-01, end: 2027-12-31}}\n")
    assert f"  name: {name}\n" in out


def test_crlf_stays_crlf_and_a_byte_order_mark_stays() -> None:
    text = "\ufeff" + MESSY.replace("\n", "\r\n")
    out = format_bytes(text.encode("utf-8")).formatted
    assert out == "\ufeff" + TIDY.replace("\n", "\r\n")


def test_exactly_one_blank_line_between_sections() -> None:
    text = (
        "version: 1\n\n\n\nplan:\n  name: P\n  period: {start: 2027-01-01, end: 2027-12-31}\n"
        "team:\n  - {id: a, name: A}\n"
    )
    out = format_text(text)
    assert out == (
        "version: 1\n\nplan:\n  name: P\n  period: {start: 2027-01-01, end: 2027-12-31}\n\n"
        "team:\n  - {id: a, name: A}\n"
    )


def test_anchors_and_aliases_are_kept_even_when_the_alias_moves_first() -> None:
    text = MINIMAL_PLAN + (
        "budget:\n"
        "  lines:\n"
        "    - {id: B1, label: L, amount: 5, quote: &q {status: accepted, amount: 5}}\n"
        "actions:\n"
        "  - {id: A1, objective: O1, what: W, quote_ref: *q}\n"
    )
    out = format_text(text)
    assert "quote_ref: &q {status: accepted, amount: 5}" in out
    assert "quote: *q" in out
    assert parse(out.encode()).data == parse(text.encode()).data


def test_an_actuals_file_follows_the_actuals_contract() -> None:
    text = "spend:\n  - {amount: 5, line: B1, date: 2027-01-02}\nplan: plan.yaml\nversion: 1\n"
    out = format_text(text)
    assert (
        out
        == "version: 1\nplan: plan.yaml\n\nspend:\n  - {line: B1, date: 2027-01-02, amount: 5}\n"
    )


def test_the_shipped_examples_and_init_output_are_already_formatted(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    assert cli("init", tmp_path / "fr", "--no-input", "--locale", "fr_FR").code == 0
    assert cli("init", tmp_path / "en", "--no-input", "--locale", "en_US").code == 0
    files = [
        *sorted(EXAMPLES.glob("*/*.yaml")),
        tmp_path / "fr/plan.yaml",
        tmp_path / "en/plan.yaml",
    ]
    result = cli("fmt", "--check", *files)
    assert result.code == 0, result.err
    assert f"{len(files)} files already formatted" in result.err


# Properties: any key order, any indentation, comments anywhere.


def _example() -> dict[str, Any]:
    """The French example, with at most two items in each list, as plain data."""

    def trim(node: Any) -> Any:
        if isinstance(node, dict):
            return {key: trim(value) for key, value in node.items()}
        if isinstance(node, list):
            return [trim(value) for value in node[:2]]
        return node

    data = parse((EXAMPLES / "fournil-dupont" / "plan.yaml").read_bytes()).data
    return dict(trim(data))


EXAMPLE = _example()


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # JSON strings are YAML double-quoted
    return str(value)  # numbers as written


class _Writer:
    """Writes data as messy YAML: random key order, indentation and styles, with numbered
    comments whose key or item is recorded, to check where they end up."""

    def __init__(self, rnd: random.Random) -> None:
        self.rnd = rnd
        self.step = rnd.choice([2, 3, 4])
        self.lines: list[str] = []
        self.eol: dict[str, tuple[str | int, ...]] = {}
        self.above: dict[str, tuple[str | int, ...]] = {}

    def comment(self, path: tuple[str | int, ...], *, above: bool) -> str:
        label = f"{'above' if above else 'eol'}-{len(self.eol) + len(self.above)}"
        if self.rnd.random() < 0.3:
            (self.above if above else self.eol)[label] = path
            return f"# {label}"
        return ""

    def flat(self, value: Any) -> str | None:
        """A one-line flow form for a small collection of scalars, sometimes."""
        if not isinstance(value, (list, dict)) or not value or self.rnd.random() < 0.5:
            return None
        items = list(value.items()) if isinstance(value, dict) else list(enumerate(value))
        if any(isinstance(v, (dict, list)) for _, v in items):
            return None
        if isinstance(value, list):
            return "[" + ", ".join(_scalar(v) for _, v in items) + "]"
        self.rnd.shuffle(items)
        return "{" + ", ".join(f"{k}: {_scalar(v)}" for k, v in items) + "}"

    def mapping(
        self, node: dict[str, Any], indent: int, path: tuple[str | int, ...], lead: str
    ) -> None:
        keys = list(node)
        self.rnd.shuffle(keys)
        for index, key in enumerate(keys):
            here = (*path, key)
            prefix = lead if index == 0 else " " * indent
            if index and self.rnd.random() < 0.1:
                self.lines.extend([""] * self.rnd.choice([1, 2]))
            # (Comments above the first key of the file are its header: they stay on top.)
            if not (index == 0 and (lead.strip() or not path)):
                above = self.comment(here, above=True)
                if above:
                    self.lines.append(" " * indent + above)
            value = node[key]
            eol = self.comment(here, above=False)
            tail = f"  {eol}" if eol else ""
            flat = self.flat(value)
            if isinstance(value, dict) and value:
                self.lines.append(f"{prefix}{key}:{tail}")
                self.mapping(value, indent + self.step, here, " " * (indent + self.step))
            elif isinstance(value, list) and value and flat is None:
                self.lines.append(f"{prefix}{key}:{tail}")
                self.sequence(value, indent + self.rnd.choice([0, self.step]), here)
            else:
                shown = flat or ("[]" if value == [] else "{}" if value == {} else _scalar(value))
                self.lines.append(f"{prefix}{key}: {shown}{tail}")

    def sequence(self, node: list[Any], indent: int, path: tuple[str | int, ...]) -> None:
        for index, value in enumerate(node):
            here = (*path, index)
            lead = " " * indent + "- "
            if isinstance(value, dict) and value:
                self.mapping(value, indent + 2, here, lead)
            else:
                eol = self.comment(here, above=False)
                tail = f"  {eol}" if eol else ""
                self.lines.append(f"{lead}{self.flat(value) or _scalar(value)}{tail}")
        if self.rnd.random() < 0.2:  # a commented-out item after the last one
            self.lines.append(" " * indent + "# - commented out")


@settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_any_layout_formats_to_the_same_data_with_comments_on_their_keys(seed: int) -> None:
    writer = _Writer(random.Random(seed))
    writer.mapping(EXAMPLE, 0, (), "")
    text = "\n".join(writer.lines) + "\n"
    out = format_text(text)
    assert format_text(out) == out, "formatting is idempotent"
    doc = parse(out.encode())
    assert doc.data == parse(text.encode()).data
    assert list(doc.data)[:3] == ["version", "plan", "team"]
    lines = _lines(out)
    for label, path in writer.eol.items():
        line = doc.position(path, at_key=isinstance(path[-1], str))[0]
        assert lines[line - 1].endswith(f"# {label}"), (label, path, out)
    for label, path in writer.above.items():
        line = doc.position(path, at_key=True)[0]
        assert lines[line - 2].strip() == f"# {label}", (label, path, out)


# The command: --check, --diff, writing, exit codes.


def test_check_names_the_files_that_would_change_and_writes_nothing(
    cli: Callable[..., Result], write: Callable[..., Path]
) -> None:
    messy = write(MESSY, "messy/plan.yaml")
    tidy = write(TIDY, "tidy/plan.yaml")
    result = cli("fmt", "--check", messy, tidy)
    assert result.code == 1
    assert f"would reformat {messy}" in result.err
    assert str(tidy) not in result.err
    assert "1 file would be reformatted, 1 file already formatted" in result.err
    assert messy.read_text(encoding="utf-8") == MESSY
    assert cli("fmt", "--check", tidy).code == 0


def test_diff_prints_a_unified_diff_and_writes_nothing(
    cli: Callable[..., Result], write: Callable[..., Path]
) -> None:
    messy = write(MESSY)
    result = cli("fmt", "--diff", messy)
    assert result.code == 0
    assert result.out.startswith(f"--- {messy}\n+++ {messy}\n@@ ")
    assert "-    name: Messy\n" in result.out
    assert "+  name: Messy\n" in result.out
    assert messy.read_text(encoding="utf-8") == MESSY
    # With --check too, the diff is shown and the exit status says a file would change.
    assert cli("fmt", "--check", "--diff", messy).code == 1


def test_fmt_rewrites_atomically_only_what_changes(
    cli: Callable[..., Result], write: Callable[..., Path]
) -> None:
    messy = write(MESSY, "a/plan.yaml")
    tidy = write(TIDY, "b/plan.yaml")
    messy.chmod(0o640)
    before = tidy.stat()
    result = cli("fmt", messy, tidy)
    assert result.code == 0
    assert f"reformatted {messy}" in result.err
    assert messy.read_text(encoding="utf-8") == TIDY
    assert stat.S_IMODE(messy.stat().st_mode) == 0o640
    after = tidy.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert not list(messy.parent.glob(".*.tmp"))


def test_crlf_file_is_written_back_with_crlf(
    cli: Callable[..., Result], write: Callable[..., Path]
) -> None:
    path = write(MESSY.replace("\n", "\r\n").encode("utf-8"))
    assert cli("fmt", path).code == 0
    assert path.read_bytes() == TIDY.replace("\n", "\r\n").encode("utf-8")


def test_a_file_that_is_not_yaml_is_reported_where_and_left_alone(
    cli: Callable[..., Result], write: Callable[..., Path]
) -> None:
    broken = write("version: 1\nplan: [unclosed\nteam: []\n", "broken.yaml")
    fine = write(MESSY, "fine.yaml")
    result = cli("fmt", broken, fine)
    assert result.code == 1
    assert re.search(rf"{re.escape(str(broken))}:3:\d+: error syntax ", result.err)
    assert broken.read_text(encoding="utf-8") == "version: 1\nplan: [unclosed\nteam: []\n"
    assert fine.read_text(encoding="utf-8") == TIDY, "the other files are still formatted"


def test_a_duplicate_key_is_reported_not_guessed(
    cli: Callable[..., Result], write: Callable[..., Path]
) -> None:
    path = write(MINIMAL_PLAN + "version: 1\n")
    result = cli("fmt", path)
    assert result.code == 1
    assert f"{path}:5:1: error duplicate-key key 'version' appears twice" in result.err


@pytest.mark.parametrize("newline", ["\n", "\r"], ids=["lf", "lone-cr"])
def test_a_tab_inside_a_key_is_laid_out_as_validate_reads_it(
    cli: Callable[..., Result], write: Callable[..., Path], newline: str
) -> None:
    # Found by fuzzing: libyaml reads `n<TAB>ame` as a key, ruamel.yaml's reader does not.
    # fmt reads files with libyaml, as validate does: the key is written back, quoted.
    content = MINIMAL_PLAN.replace("  name:", "  n\tame:").replace("\n", newline)
    path = write(content)
    result = cli("fmt", path)
    assert result.code == 0, result.err
    assert '  "n\\tame": Minimal plan\n' in path.read_text(encoding="utf-8")
    assert parse(path.read_bytes()).data == parse(content.encode("utf-8")).data
    assert cli("fmt", "--check", path).code == 0


@pytest.mark.parametrize("newline", ["\n", "\r"], ids=["lf", "lone-cr"])
def test_a_tab_ruamel_cannot_read_in_a_tagged_file_is_reported_where_and_left_alone(
    cli: Callable[..., Result], write: Callable[..., Path], newline: str
) -> None:
    # A file with a tag is read by ruamel.yaml's reader, which alone keeps how the tag is
    # written, and stops at the tab: fmt called that a bug in itself (exit 3 and a
    # traceback-like message on four lines). It is a spot the user can rewrite. Lines end
    # at LF in opmkt's positions, whatever YAML reads a lone CR as.
    content = (
        MINIMAL_PLAN.replace("version: 1", "version: !!int 1")
        .replace("  name:", "  n\tame:")
        .replace("\n", newline)
    )
    path = write(content)
    result = cli("fmt", path)
    assert result.code == 1
    where = "3:4" if newline == "\n" else "1:27"
    assert result.err.splitlines()[:2] == [
        f"{path}:{where}: error syntax opmkt fmt cannot lay this file out, its YAML writer stops "
        "here (found character '\\t' that cannot start any token): write spaces instead of "
        "the tab",
        f"{path}: not formatted: fix this first",
    ]
    assert path.read_bytes() == content.encode("utf-8")


def test_a_read_only_file_is_a_clear_error(
    cli: Callable[..., Result], write: Callable[..., Path]
) -> None:
    path = write(MESSY)
    path.chmod(0o444)
    try:
        result = cli("fmt", path)
    finally:
        path.chmod(0o644)
    assert result.code == 2
    assert f"error: {path} is read-only: not reformatted" in result.err
    assert path.read_text(encoding="utf-8") == MESSY
    assert "Traceback" not in result.err


def test_a_missing_file_exits_2(cli: Callable[..., Result], tmp_path: Path) -> None:
    result = cli("fmt", tmp_path / "nope.yaml")
    assert result.code == 2
    assert "no such file" in result.err


def test_a_top_level_list_is_not_a_plan(
    cli: Callable[..., Result], write: Callable[..., Path]
) -> None:
    result = cli("fmt", write("- a\n- b\n"))
    assert result.code == 1
    assert "not a block mapping of sections" in result.err


def test_a_layout_that_would_change_the_data_is_never_written(
    cli: Callable[..., Result], write: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from opmkt.fmt.comments import render

    # A bug in the layout, simulated: the plan's name would change.
    def broken(*args: Any, **kwargs: Any) -> list[str]:
        return [line.replace("Messy", "Tidy") for line in render(*args, **kwargs)]

    monkeypatch.setattr("opmkt.fmt.format.render", broken)
    path = write(MESSY)
    result = cli("fmt", path)
    assert result.code == 3
    assert "would not load to the same data" in result.err
    assert "the file is left as it was" in result.err
    assert path.read_text(encoding="utf-8") == MESSY


def test_installed_command_and_pre_commit_hook(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(MESSY, encoding="utf-8")
    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    hook = hooks[hooks.index("- id: opmkt-fmt") :]
    entry = re.search(r"entry: (.*)", hook)
    files = re.search(r"files: (.*)", hook)
    assert entry is not None and files is not None
    assert re.search(files.group(1), "plans/2027/plan.yaml")
    assert re.search(files.group(1), "actuals.yaml")
    check = run_installed("fmt", "--check", path)
    assert check.code == 1
    assert f"would reformat {path}" in check.err
    # pre-commit runs the entry with the staged files and fails the commit when they change.
    command, *options = entry.group(1).split()
    assert command == "opmkt"
    assert run_installed(*options, path).code == 0
    assert path.read_text(encoding="utf-8") == TIDY
    assert run_installed("fmt", "--check", path).code == 0


def test_help_describes_check_and_diff(cli: Callable[..., Result]) -> None:
    result = cli("fmt", "--help")
    assert result.code == 0
    assert "--check" in result.out
    assert "--diff" in result.out


def test_the_docs_document_fmt() -> None:
    page = (ROOT / "docs" / "commands" / "fmt.md").read_text(encoding="utf-8")
    for word in ("--check", "--diff", "opmkt-fmt", "CRLF", "1_000.50"):
        assert word in page


def test_check_and_diff_work_on_a_read_only_file(
    cli: Callable[..., Result], write: Callable[..., Path]
) -> None:
    path = write(MESSY)
    path.chmod(0o444)
    try:
        assert cli("fmt", "--check", path).code == 1
        assert cli("fmt", "--diff", path).code == 0
    finally:
        path.chmod(0o644)


MERGED = """\
plan:
  period: {start: 2027-01-01, end: 2027-12-31}
  name: Merged plan
  currency: EUR
version: 1
budget:
  lines:
    - &flyers {id: B1, label: Flyers, amount: 300, category: communication}
    - &print {id: P1, label: Print run, amount: 120, category: communication}
    - <<: [*flyers, *print]
      id: B2
    - label: Posters
      <<: *flyers
      id: B3
"""


def test_merge_keys_are_laid_out_and_read_as_validate_reads_them(tmp_path: Path) -> None:
    # validate and fmt agree on `<<`: the laid-out file loads to the same plan, keys merged
    # in the same order (the first mapping of a merge list wins), and validate accepts both.
    plan = tmp_path / "plan.yaml"
    plan.write_text(MERGED, encoding="utf-8")
    before = parse(MERGED.encode()).data
    assert before["budget"]["lines"][2]["label"] == "Flyers"
    result = run_installed("fmt", plan)
    assert result.code == 0, result.err
    text = plan.read_text(encoding="utf-8")
    assert text.startswith("version: 1\n") and "<<: [*flyers, *print]" in text
    assert parse(text.encode()).data == before
    checked = run_installed("validate", "--select", "schema", plan)
    assert checked.code == 0, checked.out + checked.err
