"""Hostile and broken files: a located finding or a one-line error, never a hang or a traceback."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opmkt.io.limits import MAX_ALIAS_NODES, MAX_DEPTH, MAX_FILE_BYTES
from opmkt.lint.engine import validate
from opmkt.plan.loader import load
from tests.conftest import EXAMPLES, MINIMAL_PLAN, OPMKT, Result, billion_laughs, run_installed

TIMEOUT = 60.0
"""Seconds after which a run counts as a hang and is killed: a guard against a hang, far above
what a run needs on a slow, busy machine, not a speed target (`make bench` has those)."""

PLAN = "plan.yaml"

FRENCH_PLAN = (EXAMPLES / "fournil-dupont" / "plan.yaml").read_bytes()


def run_hostile(*args: str | Path, cwd: Path) -> Result:
    """Run the installed command on hostile input: it ends, and never with a traceback."""
    try:
        result = run_installed(*args, cwd=cwd, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"opmkt {' '.join(map(str, args))} hung: still running after {TIMEOUT:.0f} s")
    assert "Traceback" not in result.out
    assert "Traceback" not in result.err
    return result


def check(tmp_path: Path, content: str | bytes) -> Result:
    """`opmkt validate plan.yaml --format json` on this content, run from the file's folder."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    (tmp_path / PLAN).write_bytes(data)
    return run_hostile("validate", PLAN, "--format", "json", cwd=tmp_path)


def findings(result: Result, rule: str | None = None) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = json.loads(result.out)["findings"]
    return [f for f in found if rule is None or f["rule"] == rule]


def assert_finding(
    result: Result, rule: str, line: int, column: int, *fragments: str
) -> dict[str, Any]:
    """Exit 1 and exactly one finding of `rule`, at line:column of plan.yaml, saying `fragments`."""
    assert result.code == 1, result.err
    matching = findings(result, rule)
    assert [(f["file"], f["line"], f["column"]) for f in matching] == [(PLAN, line, column)], (
        matching
    )
    for fragment in fragments:
        assert fragment in matching[0]["message"]
    return matching[0]


def assert_cannot_read(result: Result, name: str, fragment: str) -> None:
    """Exit 2 and one line on stderr, `error: NAME: …`, that says why."""
    assert result.code == 2
    lines = result.err.splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith(f"error: {name}: ")
    assert fragment in lines[0]


def text_at(path: Path, line: int, column: int) -> str:
    """What the user sees from line:column on, in their editor."""
    return path.read_text(encoding="utf-8").split("\n")[line - 1][column - 1 :]


# Empty or not a mapping: the plan has nothing to check, and says how to start one.


@pytest.mark.parametrize(
    "content",
    ["", "# only a comment\n# and another\n", "\n\n   \n"],
    ids=["empty", "comments", "blank"],
)
def test_a_file_without_content_is_empty(tmp_path: Path, content: str) -> None:
    result = check(tmp_path, content)
    assert_finding(result, "schema", 1, 1, "the file is empty", "version: 1")


@pytest.mark.parametrize(
    ("content", "kind"),
    [("- version: 1\n- plan: {}\n", "a list"), ("just some words\n", "text"), ("42\n", "a number")],
    ids=["list", "text", "number"],
)
def test_the_top_level_must_be_a_mapping(tmp_path: Path, content: str, kind: str) -> None:
    result = check(tmp_path, content)
    assert_finding(result, "schema", 1, 1, "the top level must be a mapping", f"not {kind}")


# Aliases: expansion is bounded, and a structure that contains itself is refused.


def test_billion_laughs_is_refused_without_expanding(tmp_path: Path) -> None:
    result = check(tmp_path, billion_laughs())
    assert result.code == 1
    [finding] = findings(result, "schema")
    assert finding["file"] == PLAN
    assert f"aliases expand to more than {MAX_ALIAS_NODES:,} values" in finding["message"]
    # 9**10 values if expanded: the finding must point into the bomb, at an anchor or alias.
    assert 1 <= finding["line"] <= 10
    assert re.match(r"[&*]a\d", text_at(tmp_path / PLAN, finding["line"], finding["column"]))


@pytest.mark.parametrize(
    ("content", "line", "column"),
    [
        ("version: 1\na: &a [*a]\n", 2, 8),
        ("version: 1\ndefaults: &defaults\n  owner: marie\n  <<: *defaults\n", 4, 7),
    ],
    ids=["list-in-itself", "mapping-merges-itself"],
)
def test_an_alias_to_its_own_collection_is_refused_at_the_alias(
    tmp_path: Path, content: str, line: int, column: int
) -> None:
    # The message says "this alias": the user must land on the `*name`, not on the anchor.
    result = check(tmp_path, content)
    assert_finding(result, "schema", line, column, "refers to the collection it is in")


def test_a_long_text_repeated_through_aliases_does_not_amplify(tmp_path: Path) -> None:
    # Aliases to one scalar are not counted as values: 1,000 of them must not turn a
    # 260 KB file into a report hundreds of times its size.
    big = "a" * (256 * 1024)
    team = [f"  - id: &big {big}", "    name: A"]
    team += ["  - {id: *big, name: B}"] * 1000
    result = check(tmp_path, MINIMAL_PLAN + "team:\n" + "\n".join(team) + "\n")
    assert result.code == 1
    assert findings(result)
    size, report = (tmp_path / PLAN).stat().st_size, len(result.out.encode())
    assert report < size, f"a {size:,}-byte file gave a {report:,}-byte report"


# Nesting: far deeper than any plan, in every style YAML has.

DEEP = 100_000


def test_deep_flow_nesting_is_refused_at_the_first_level_too_deep(tmp_path: Path) -> None:
    result = check(tmp_path, "[" * DEEP + "]" * DEEP + "\n")
    assert_finding(result, "schema", 1, MAX_DEPTH + 1, f"deeper than {MAX_DEPTH} levels")


def test_deep_block_sequences_are_refused_at_the_first_level_too_deep(tmp_path: Path) -> None:
    result = check(tmp_path, "- " * DEEP + "x\n")
    assert_finding(result, "schema", 1, 2 * MAX_DEPTH + 1, f"deeper than {MAX_DEPTH} levels")


def test_deep_block_mappings_are_refused_at_the_first_level_too_deep(tmp_path: Path) -> None:
    # Each level needs one more column of indentation, so depth costs the square in bytes.
    levels = 1500
    content = "".join(" " * i + "k:\n" for i in range(levels)) + " " * levels + "x\n"
    result = check(tmp_path, content)
    assert_finding(
        result, "schema", MAX_DEPTH + 1, MAX_DEPTH + 1, f"deeper than {MAX_DEPTH} levels"
    )


# Tags that would run code in a loader that honours them.


@pytest.mark.parametrize("tag", ["python/object/apply:os.system", "python/object/new:os.system"])
def test_a_python_tag_is_refused_and_runs_nothing(tmp_path: Path, tag: str) -> None:
    sentinel = tmp_path / "pwned"
    content = MINIMAL_PLAN.replace("name: Minimal plan", f'name: !!{tag} ["touch {sentinel}"]')
    result = check(tmp_path, content)
    assert_finding(result, "schema", 3, 9, f"'!!{tag}' is not allowed")
    assert not sentinel.exists()


def test_a_python_name_tag_is_refused(tmp_path: Path) -> None:
    content = MINIMAL_PLAN.replace("name: Minimal plan", "name: !!python/name:os.system")
    result = check(tmp_path, content)
    assert_finding(result, "schema", 3, 9, "'!!python/name:os.system' is not allowed")


def validated(tmp_path: Path, content: str) -> Result:
    """`opmkt validate --format json` on this content, with a hang guard only."""
    (tmp_path / PLAN).write_text(content, encoding="utf-8")
    result = run_installed("validate", PLAN, "--format", "json", cwd=tmp_path, timeout=TIMEOUT)
    assert "Traceback" not in result.out + result.err
    return result


BUDGET_PLAN = (
    MINIMAL_PLAN
    + "  currency: EUR\nbudget:\n  lines:\n    - {id: B1, label: Flyers, amount: 300}\n"
)

FOREIGN_TAGS = {
    "python tag on a key": (
        MINIMAL_PLAN.replace("  name:", "  !!python/name:os.system name:"), 3, 3,
        "!!python/name:os.system",
    ),
    "int on a mapping": (MINIMAL_PLAN.replace("period: {", "period: !!int {"), 4, 11, "!!int"),
    "seq on a mapping": (MINIMAL_PLAN.replace("period: {", "period: !!seq {"), 4, 11, "!!seq"),
    "binary": (MINIMAL_PLAN.replace("name: Minimal", "name: !!binary Minimal"), 3, 9, "!!binary"),
    "timestamp": (
        MINIMAL_PLAN.replace("start: 2027", "start: !!timestamp 2027"), 4, 19, "!!timestamp"
    ),
    "map on text": (MINIMAL_PLAN.replace("name: Minimal", "name: !!map Minimal"), 3, 9, "!!map"),
    "local tag": (MINIMAL_PLAN.replace("name: Minimal", "name: !thing Minimal"), 3, 9, "!thing"),
    "binary key": (MINIMAL_PLAN + "? !!binary bGludA==\n: 1\n", 5, 3, "!!binary"),
}  # fmt: skip


@pytest.mark.parametrize("case", list(FOREIGN_TAGS.values()), ids=list(FOREIGN_TAGS))
def test_a_tag_the_format_does_not_use_is_refused_where_it_is(
    tmp_path: Path, case: tuple[str, int, int, str]
) -> None:
    content, line, column, tag = case
    result = validated(tmp_path, content)
    assert_finding(result, "schema", line, column, f"tag '{tag}' is not allowed")
    # fmt reads the file as validate does: it refuses the same tag, exit 1, and writes nothing.
    fmt = run_installed("fmt", PLAN, cwd=tmp_path, timeout=TIMEOUT)
    assert fmt.code == 1, fmt.err
    assert f"{PLAN}:{line}:{column}: error schema tag '{tag}' is not allowed" in fmt.err
    assert (tmp_path / PLAN).read_text(encoding="utf-8") == content


def test_core_tags_on_their_own_kind_of_node_are_plain_data(tmp_path: Path) -> None:
    content = (
        BUDGET_PLAN.replace("name: Minimal plan", "name: !!str 2027")
        .replace("amount: 300}", "amount: !!int 300, category: !!str communication}")
        .replace("budget:\n  lines:", "budget: !!map\n  lines: !!seq")
    )
    result = validated(tmp_path, content)
    assert [f for f in findings(result) if f["severity"] == "error"] == []
    fmt = run_installed("fmt", "--check", PLAN, cwd=tmp_path, timeout=TIMEOUT)
    assert fmt.code in (0, 1) and "error" not in fmt.err, fmt.err


HUGE = "1" * 4301
"""Past Python's limit on reading an int from text (4,300 digits): `int()` raises ValueError."""

HUGE_INTEGERS = {
    "version": (MINIMAL_PLAN.replace("version: 1", f"version: {HUGE}"), "version", 1, 10),
    "amount": (BUDGET_PLAN.replace("amount: 300", f"amount: {HUGE}"), "amount", 8, 39),
    "hex amount": (BUDGET_PLAN.replace("amount: 300", f"amount: 0x{HUGE}"), "amount", 8, 39),
    "id": (BUDGET_PLAN.replace("id: B1", f"id: {HUGE}"), "expected text, got the number", 8, 12),
}


@pytest.mark.parametrize("case", list(HUGE_INTEGERS.values()), ids=list(HUGE_INTEGERS))
def test_a_huge_integer_is_a_finding_not_a_crash(
    tmp_path: Path, case: tuple[str, str, int, int]
) -> None:
    content, fragment, line, column = case
    result = validated(tmp_path, content)
    assert result.code == 1, result.err
    errors = [f for f in findings(result) if f["severity"] == "error"]
    assert [(f["line"], f["column"]) for f in errors] == [(line, column)], errors
    assert fragment in errors[0]["message"]
    for args in (["budget", PLAN], ["fmt", PLAN], ["status", PLAN], ["calendar", PLAN]):
        run = run_installed(*args, cwd=tmp_path, timeout=TIMEOUT)
        assert run.code in (0, 1), (args, run.err)
        assert "internal error" not in run.err


def test_a_huge_integer_where_text_goes_is_located_as_any_number_there(tmp_path: Path) -> None:
    content = BUDGET_PLAN.replace("label: Flyers", f"label: {HUGE}").replace(
        "name: Minimal plan", f"name: {HUGE}"
    )
    result = validated(tmp_path, content)
    assert result.code == 1, result.err
    errors = [f for f in findings(result) if f["severity"] == "error"]
    assert [(f["line"], f["column"]) for f in errors] == [(3, 9), (8, 23)], errors
    assert all("expected text, got the number" in f["message"] for f in errors)
    budget = run_installed("budget", PLAN, "-b", "category", cwd=tmp_path, timeout=TIMEOUT)
    assert budget.code == 1, budget.err
    assert "internal error" not in budget.err


# Dates that look right but are not in the calendar.


def test_an_objective_deadline_that_is_not_a_day(tmp_path: Path) -> None:
    content = MINIMAL_PLAN + (
        "objectives:\n"
        "  - id: O1\n"
        "    category: business\n"
        "    title: Grow revenue in the shop\n"
        "    deadline: 2027-02-30\n"
    )
    result = check(tmp_path, content)
    finding = assert_finding(result, "schema", 9, 15, "2027-02-30 is not a day of the calendar")
    assert "O1" in finding["message"]


def test_a_plan_period_end_that_is_not_a_day(tmp_path: Path) -> None:
    content = MINIMAL_PLAN.replace("end: 2027-12-31", "end: 2027-02-30")
    result = check(tmp_path, content)
    assert_finding(result, "schema", 4, 36, "2027-02-30 is not a day of the calendar")


# Files that are not UTF-8 text.


@pytest.mark.parametrize(
    "content",
    [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", b"version: 1\x00\x00\x00\nplan:\n"],
    ids=["png", "nul-bytes"],
)
def test_a_binary_file_is_refused_as_binary(tmp_path: Path, content: bytes) -> None:
    result = check(tmp_path, content)
    assert_finding(result, "syntax", 1, 1, "binary file")


@pytest.mark.parametrize(
    ("line3", "column"),
    [(b"  name: Caf\xe9\n", 12), ("  name: Café cr".encode() + b"\xe8me\n", 16)],
    ids=["latin-1", "latin-1-after-utf-8"],
)
def test_a_latin_1_byte_is_reported_where_it_is(tmp_path: Path, line3: bytes, column: int) -> None:
    # Columns count characters, as editors do: a UTF-8 é before the bad byte is one column.
    result = check(tmp_path, b"version: 1\nplan:\n" + line3)
    assert_finding(result, "syntax", 3, column, "not UTF-8", "save it as UTF-8")


def test_a_utf8_bom_changes_nothing(tmp_path: Path) -> None:
    result = check(tmp_path, b"\xef\xbb\xbf" + FRENCH_PLAN)
    assert result.code == 0, result.out
    assert findings(result) == []


def test_a_utf8_bom_does_not_shift_columns(tmp_path: Path) -> None:
    result = check(tmp_path, b"\xef\xbb\xbfversion: 2\nplan: {}\n")
    assert_finding(result, "schema", 1, 10, "format version 2 is not supported")


@pytest.mark.parametrize(
    ("content", "line", "column", "code"),
    [
        (MINIMAL_PLAN.replace("Minimal plan", "Mini\x07mal plan"), 3, 13, "#x0007"),
        (
            "# Fournil Dupont — plan été 2027\n"
            + MINIMAL_PLAN.replace("Minimal plan", "Crème brûlée\x07"),
            4,
            21,
            "#x0007",
        ),
        (
            "# Fournil Dupont — plan été 2027\r\n"
            + MINIMAL_PLAN.replace("Minimal plan", "Crème brûlée\x1b").replace("\n", "\r\n"),
            4,
            21,
            "#x001b",
        ),
        # Past the first 8 KiB, where binary files are sniffed, a NUL is a control character.
        ("# " + "x" * 9000 + "\n" + MINIMAL_PLAN + "  owner: a\x00b\n", 6, 11, "#x0000"),
    ],
    ids=["ascii", "after-accents", "after-accents-crlf", "nul-after-8-kib"],
)
def test_a_control_character_is_reported_where_it_is(
    tmp_path: Path, content: str, line: int, column: int, code: str
) -> None:
    result = check(tmp_path, content)
    assert_finding(result, "syntax", line, column, f"character {code} is not allowed")


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\u0085"], ids=["LS", "PS", "NEL"])
def test_unicode_line_separators_inside_text_do_not_shift_lines(
    tmp_path: Path, separator: str
) -> None:
    # YAML 1.2 reads these as characters, not line breaks (editors and git agree): text
    # pasted from a word processor must not push every later finding one line down.
    content = (
        "version: 1\n"
        "plan:\n"
        f'  name: "Offre d\'été{separator}rentrée"\n'
        "  period: {start: 2027-01-01, end: 2027-02-30}\n"
    )
    result = check(tmp_path, content)
    assert_finding(result, "schema", 4, 36, "2027-02-30 is not a day of the calendar")


# YAML that does not parse.


def test_two_documents_in_one_file(tmp_path: Path) -> None:
    result = check(tmp_path, MINIMAL_PLAN + "---\n" + MINIMAL_PLAN)
    assert_finding(result, "syntax", 5, 1, "second document")


def test_an_unterminated_flow_sequence(tmp_path: Path) -> None:
    # The parser gives up at the end of the file; the message says where the `[` is.
    result = check(tmp_path, MINIMAL_PLAN + "team: [marie, pixel\n")
    assert_finding(result, "syntax", 6, 1, "']'", "starts at line 5, column 7")


def test_a_tab_used_for_indentation(tmp_path: Path) -> None:
    # libyaml's own words ("cannot start any token") do not tell the user what to fix.
    result = check(tmp_path, "version: 1\nplan:\n\tname: x\n")
    finding = assert_finding(result, "syntax", 3, 1)
    assert "tab" in finding["message"].lower()


def test_a_duplicate_key_is_reported_on_its_second_occurrence(tmp_path: Path) -> None:
    content = MINIMAL_PLAN.replace("  name: Minimal plan\n", "  name: One\n  name: Two\n")
    result = check(tmp_path, content)
    assert_finding(result, "duplicate-key", 4, 3, "'name' appears twice")


def test_thousands_of_duplicate_keys_are_each_reported(tmp_path: Path) -> None:
    # A merge gone wrong can repeat a key many times: each must not cost a walk of the file.
    result = check(tmp_path, MINIMAL_PLAN + "x: 1\n" * 20_000)
    assert result.code == 1
    duplicates = findings(result, "duplicate-key")
    assert len(duplicates) == 19_999
    assert (duplicates[0]["line"], duplicates[-1]["line"]) == (6, 20_004)


def test_long_lines_are_read(tmp_path: Path) -> None:
    # A plan with pasted paragraphs (here 16 MB of 4,000-character comment lines) is valid.
    result = check(tmp_path, MINIMAL_PLAN + ("# " + "x" * 4000 + "\n") * 4000)
    assert result.code == 0
    assert findings(result, "syntax") == findings(result, "schema") == []


# Scalars: YAML 1.2 reads words as text and numbers exactly.

YAML_11_WORDS = """\
version: 1
plan:
  name: Ids that YAML 1.1 would read as booleans
  period: {start: 2027-01-01, end: 2027-12-31}
  owner: off
team:
  - id: off
    name: Olivier Fabre
audit:
  segments:
    - id: no
      name: Nord-Ouest
    - id: on
      name: Ontario
kpis:
  - id: yes
    name: Chiffre d'affaires
    kind: financial
    unit: EUR
objectives:
  - id: y
    category: business
    title: Grow revenue in the Nord-Ouest
    kpi: yes
    segment: no
    deadline: 2027-12-31
actions:
  - id: n
    objective: y
    what: Open a shop in Ontario
    owner: off
    segment: on
    start: 2027-02-01
    end: 2027-03-31
"""


def test_yaml_11_booleans_used_as_ids_stay_text(tmp_path: Path) -> None:
    result = check(tmp_path, YAML_11_WORDS)
    assert result.code == 0, result.out
    assert findings(result, "unknown-reference") == []
    assert findings(result, "schema") == []
    plan = load(tmp_path / PLAN).plan
    assert plan is not None and plan.audit is not None and plan.audit.segments is not None
    assert [s.id for s in plan.audit.segments] == ["no", "on"]
    assert plan.objectives[0].segment == "no"


def test_a_number_with_digit_separators_is_text_as_yaml_1_2_reads_it(tmp_path: Path) -> None:
    # Editors and schema checkers read `1_000.50` as text (YAML 1.2): accepting it as a number
    # would pass validate and fail every other tool. It is refused with the number to write.
    content = MINIMAL_PLAN + (
        "  budget_cap: 1_000.50\n"
        "budget:\n"
        "  lines:\n"
        "    - id: B1\n"
        "      label: Shooting photo\n"
        "      amount: 1_000.50\n"
    )
    result = check(tmp_path, content)
    assert result.code == 1, result.out
    refused = findings(result, "schema")
    assert [(f["line"], f["column"]) for f in refused] == [(5, 15), (10, 15)]
    assert all("write it like 1000.50" in f["message"] for f in refused)


# Files that cannot be read: exit 2 and one line, whatever the file is.


def test_a_file_that_does_not_exist(tmp_path: Path) -> None:
    result = run_hostile("validate", "missing.yaml", cwd=tmp_path)
    assert_cannot_read(result, "missing.yaml", "no such file")


def test_a_folder_given_as_a_file(tmp_path: Path) -> None:
    (tmp_path / "plans").mkdir()
    result = run_hostile("validate", "plans", cwd=tmp_path)
    assert_cannot_read(result, "plans", "is a folder")


def test_an_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / PLAN
    path.write_text(MINIMAL_PLAN, encoding="utf-8")
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("this user reads files whatever their mode (root)")
        result = run_hostile("validate", PLAN, cwd=tmp_path)
    finally:
        path.chmod(0o644)
    assert_cannot_read(result, PLAN, "permission denied")


def test_a_file_larger_than_the_limit_is_not_read(tmp_path: Path) -> None:
    # Sparse: the size is real for stat() without writing 64 MiB to disk.
    with (tmp_path / PLAN).open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    result = run_hostile("validate", PLAN, cwd=tmp_path)
    assert_cannot_read(result, PLAN, "larger than")


@pytest.mark.skipif(not Path("/dev/stdin").exists(), reason="no /dev/stdin on this system")
def test_a_stream_larger_than_the_limit_is_not_read() -> None:
    # A pipe has no size to stat: the limit must hold while reading, or a stream of any
    # length (`opmkt validate /dev/stdin`, a FIFO) is read whole into memory.
    line = b"# a comment line, nothing else\n"
    stream = line * (MAX_FILE_BYTES // len(line) + 1)
    proc = subprocess.run(
        [str(OPMKT), "validate", "/dev/stdin"],
        input=stream,
        capture_output=True,
        timeout=TIMEOUT,
        check=False,
    )
    result = Result(proc.returncode, proc.stdout.decode(), proc.stderr.decode())
    assert "Traceback" not in result.err
    assert_cannot_read(result, "/dev/stdin", "larger than")


# Random damage to a real plan: whatever happens, a finding inside the file, never a crash.

CONTROL = [bytes([c]) for c in [*range(0x20), 0x7F]]
BRACKETS = [b"[", b"]", b"{", b"}"]


@st.composite
def damaged(draw: st.DrawFn) -> bytes:
    data = FRENCH_PLAN
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        kind = draw(st.sampled_from(["truncate", "delete-line", "insert"]))
        if kind == "truncate":
            data = data[: draw(st.integers(min_value=0, max_value=len(data)))]
        elif kind == "delete-line":
            lines = data.splitlines(keepends=True)
            if lines:
                i = draw(st.integers(min_value=0, max_value=len(lines) - 1))
                data = b"".join(lines[:i] + lines[i + 1 :])
        else:
            at = draw(st.integers(min_value=0, max_value=len(data)))
            data = data[:at] + draw(st.sampled_from(CONTROL + BRACKETS)) + data[at:]
    return data


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("damaged") / PLAN


@settings(max_examples=60, deadline=None, derandomize=True)
@given(data=damaged())
def test_damage_to_a_plan_is_always_located_inside_the_file(scratch: Path, data: bytes) -> None:
    scratch.write_bytes(data)
    report = validate([scratch])
    assert not report.unreadable
    assert not report.crashed, [f.message for f in report.findings]
    # Lines as YAML breaks them. The end of the file may be reported on the line after the
    # last one (libyaml starts a new line at the end of the stream), at its first column.
    lines = re.split(r"\r\n|\r|\n", data.decode("utf-8-sig", errors="replace"))
    if lines[-1] == "":
        lines.pop()
    for finding in report.findings:
        assert 1 <= finding.line <= len(lines) + 1, finding
        width = len(lines[finding.line - 1]) if finding.line <= len(lines) else 0
        assert 1 <= finding.column <= width + 1, finding


FRENCH_TEXT = FRENCH_PLAN.decode("utf-8")
NOT_ALLOWED = [chr(c) for c in [*range(0x20), 0x7F] if chr(c) not in "\t\n\r"]


@settings(max_examples=60, deadline=None, derandomize=True)
@given(at=st.integers(min_value=0, max_value=len(FRENCH_TEXT)), char=st.sampled_from(NOT_ALLOWED))
def test_a_control_character_anywhere_is_reported_where_it_is(
    scratch: Path, at: int, char: str
) -> None:
    # The example plan is French: most places in it come after an accented letter.
    data = (FRENCH_TEXT[:at] + char + FRENCH_TEXT[at:]).encode("utf-8")
    scratch.write_bytes(data)
    report = validate([scratch])
    if char == "\x00" and data.index(b"\x00") < 8192:
        expected = (1, 1)  # sniffed as a binary file
    else:
        expected = (
            FRENCH_TEXT.count("\n", 0, at) + 1,
            at - (FRENCH_TEXT.rfind("\n", 0, at) + 1) + 1,
        )
    assert [(f.rule, f.line, f.column) for f in report.findings] == [("syntax", *expected)]
