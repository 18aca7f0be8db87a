"""`opmkt track remove`: a wrong record comes back out, shown first, and nothing else in the
file changes, comments included."""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, OPMKT, Result
from tests.test_track import ACTUALS, PLAN, inserted, record_at_once, spend_lines, validates

BLOCK = """\
version: 1
plan: plan.yaml
spend:
  # the photographer
  - line: B1
    date: 2027-03-04
    amount: 200   # first invoice
  - line: B3
    date: 2027-03-04
    amount: 40
kpis: []
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "plan.yaml").write_text(PLAN, encoding="utf-8")
    (tmp_path / "actuals.yaml").write_text(ACTUALS, encoding="utf-8")
    return tmp_path


def without(text: str, *lines: str) -> str:
    """`text` less each of `lines`, whole lines that must be in it once."""
    for line in lines:
        assert text.count(line + "\n") == 1, line
        text = text.replace(line + "\n", "", 1)
    return text


B1 = '  - {line: B1, date: 2027-01-20, amount: 650, ref: "SL-031"}'
B2 = "  - {line: B2, date: 2027-02-01, amount: 99.90, currency: USD}   # en dollars"
CA = "  - {kpi: ca, date: 2027-01-31, value: 25100}   # janvier"


@pytest.mark.parametrize(
    ("args", "gone", "shown"),
    [
        (["--ref", "SL-031"], B1, "spend of 650.00 EUR on line B1 dated 2027-01-20, ref SL-031"),
        (
            ["spend", "B2", "--date", "2027-02-01"],
            B2,
            "spend of 99.90 USD on line B2 dated 2027-02-01",
        ),
        (["kpi", "ca", "--date", "2027-01-31"], CA, "ca = 25,100 dated 2027-01-31"),
    ],
)
def test_only_the_record_goes_and_every_other_byte_stays(
    cli: Callable[..., Result], folder: Path, args: list[str], gone: str, shown: str
) -> None:
    actuals = folder / "actuals.yaml"
    result = cli("track", "remove", *args, "--yes", "--actuals", actuals)
    assert (result.code, result.err) == (0, "")
    line = ACTUALS.splitlines().index(gone) + 1
    assert result.out == (
        f"to remove from {actuals} (1 record):\n"
        f"  {actuals}:{line}: {shown}\n"
        f"removed from {actuals}: 1 record\n"
    )
    assert actuals.read_text(encoding="utf-8") == without(ACTUALS, gone)
    validates(folder / "plan.yaml", actuals)


def test_the_plans_language_and_number_format_show_the_record(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    folder = tmp_path / "fournil"
    shutil.copytree(EXAMPLES / "fournil-dupont", folder)
    actuals = folder / "actuals.yaml"
    before = actuals.read_text(encoding="utf-8")
    result = cli("track", "remove", "kpi", "ca", "--date", "2027-01-31", "--dry-run",
                 "--actuals", actuals)  # fmt: skip
    assert result.code == 0
    assert result.out == (
        f"à retirer de {actuals} (1 enregistrement ; essai, rien n'est écrit) :\n"
        f"  {actuals}:11: ca = 311\u202f200 au 2027-01-31\n"
    )
    assert actuals.read_text(encoding="utf-8") == before


def test_the_count_of_records_follows_the_plans_language(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    folder = tmp_path / "fournil"
    shutil.copytree(EXAMPLES / "fournil-dupont", folder)
    actuals = folder / "actuals.yaml"
    measured = "  - {kpi: ca, date: 2027-01-31, value: 311200}\n"
    actuals.write_text(
        actuals.read_text(encoding="utf-8").replace(measured, measured * 2, 1), encoding="utf-8"
    )
    args = ("track", "remove", "kpi", "ca", "--date", "2027-01-31", "--all", "--yes")
    result = cli(*args, "--actuals", actuals)
    assert result.code == 0, result.err
    assert f"à retirer de {actuals} (2 enregistrements)" in result.out
    assert result.out.endswith(f"{actuals} : 2 enregistrements en moins\n")


def test_block_records_go_with_their_lines_and_an_emptied_section_becomes_empty(
    cli: Callable[..., Result], folder: Path
) -> None:
    actuals = folder / "actuals.yaml"
    actuals.write_text(BLOCK, encoding="utf-8")
    result = cli("track", "remove", "--ref", "x", "--yes", "--actuals", actuals)
    assert result.code == 1
    result = cli("track", "remove", "spend", "B1", "--date", "2027-03-04", "--yes",
                 "--actuals", actuals)  # fmt: skip
    assert result.code == 0, result.err
    expected = BLOCK.replace(
        "  - line: B1\n    date: 2027-03-04\n    amount: 200   # first invoice\n", ""
    )
    assert actuals.read_text(encoding="utf-8") == expected
    result = cli("track", "remove", "spend", "B3", "--date", "2027-03-04", "--yes",
                 "--actuals", actuals)  # fmt: skip
    assert result.code == 0, result.err
    assert actuals.read_text(encoding="utf-8") == (
        "version: 1\nplan: plan.yaml\nspend: []\n  # the photographer\nkpis: []\n"
    )
    validates(folder / "plan.yaml", actuals)


def test_crlf_a_bom_and_flow_lists_are_kept(cli: Callable[..., Result], folder: Path) -> None:
    actuals = folder / "actuals.yaml"
    text = ACTUALS.replace("kpis:\n", "kpis: [{kpi: ca, date: 2027-02-28, value: 1}]\nold:\n")
    text = text.replace("old:\n", "", 1).replace(
        "  # Chiffre d'affaires (caisse)\n" + CA + "\n\n  # Visites (Analytics)\n"
        "  - {kpi: visites, date: 2027-01-31, value: 1200}\n",
        "",
    )
    data = b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8")
    actuals.write_bytes(data)
    result = cli("track", "remove", "--ref", "SL-031", "--yes", "--actuals", actuals)
    assert result.code == 0, result.err
    assert actuals.read_bytes() == data.replace((B1 + "\n").replace("\n", "\r\n").encode(), b"")
    result = cli("track", "remove", "kpi", "ca", "--date", "2027-02-28", "--yes",
                 "--actuals", actuals)  # fmt: skip
    assert result.code == 0, result.err
    assert b"kpis: []\r\n" in actuals.read_bytes()
    validates(folder / "plan.yaml", actuals)


def test_several_matches_are_listed_and_refused_unless_all(
    cli: Callable[..., Result], folder: Path
) -> None:
    actuals = folder / "actuals.yaml"
    twice = ACTUALS.replace(B1, B1 + "\n" + B1.replace("SL-031", "SL-032"))
    actuals.write_text(twice, encoding="utf-8")
    args = ("track", "remove", "spend", "B1", "--date", "2027-01-20", "--yes")
    result = cli(*args, "--actuals", actuals)
    assert result.code == 2
    assert result.err.splitlines() == [
        f"error: {actuals}: 2 records match: add --all to remove them all, or choose one by "
        "--ref or --date",
        f"error:   {actuals}:14: spend of 650.00 EUR on line B1 dated 2027-01-20, ref SL-031",
        f"error:   {actuals}:15: spend of 650.00 EUR on line B1 dated 2027-01-20, ref SL-032",
    ]
    assert actuals.read_text(encoding="utf-8") == twice
    result = cli(*args, "--all", "--actuals", actuals)
    assert result.code == 0, result.err
    assert "removed from" in result.out and result.out.endswith(": 2 records\n")
    assert actuals.read_text(encoding="utf-8") == without(ACTUALS, B1)


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["spend", "B1", "--date", "2027-01-21"], 1, "no spend record on line 'B1' dated "
         "2027-01-21: nothing removed"),
        (["--ref", "FAC-9"], 1, "no spend record with ref 'FAC-9': nothing removed"),
        (["kpi", "ca", "--date", "2027-02-28"], 1, "no measurement of 'ca' dated 2027-02-28"),
        (["spend", "B1"], 2, "say which record to remove: give --ref REF, or spend LINE --date"),
        ([], 2, "say which record to remove"),
        (["kpi", "ca", "--ref", "X"], 2, "--ref: measurements have no reference"),
        (["spend", "B1", "--date", "2027-02-30"], 2, "--date '2027-02-30' is not a day"),
    ],
)  # fmt: skip
def test_nothing_matched_or_no_choice_is_a_clear_message_and_nothing_changes(
    cli: Callable[..., Result], folder: Path, args: list[str], code: int, message: str
) -> None:
    actuals = folder / "actuals.yaml"
    result = cli("track", "remove", *args, "--yes", "--actuals", actuals)
    assert result.code == code
    assert message in result.err and result.out == ""
    assert actuals.read_text(encoding="utf-8") == ACTUALS


class Terminal(io.StringIO):
    """A terminal the user answers on."""

    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("answer", "code"), [("y\n", 0), ("n\n", 1), ("\n", 1)])
def test_it_asks_on_a_terminal_and_removes_only_on_yes(
    cli: Callable[..., Result],
    folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    answer: str,
    code: int,
) -> None:
    actuals = folder / "actuals.yaml"
    monkeypatch.setattr("sys.stdin", Terminal(answer))
    result = cli("track", "remove", "--ref", "SL-031", "--actuals", actuals)
    assert result.code == code
    assert "Remove 1 record? [y/N]: " in result.out
    after = actuals.read_text(encoding="utf-8")
    assert after == (without(ACTUALS, B1) if code == 0 else ACTUALS)
    assert ("nothing removed" in result.err) == (code == 1)


def test_without_a_terminal_or_yes_it_refuses_as_a_usage_error(
    cli: Callable[..., Result], folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    actuals = folder / "actuals.yaml"
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    result = cli("track", "remove", "--ref", "SL-031", "--actuals", actuals)
    assert result.code == 2
    assert "there is no terminal to ask on: add --yes" in result.err
    assert actuals.read_text(encoding="utf-8") == ACTUALS


def test_an_alias_to_the_record_is_refused_and_nothing_written(
    cli: Callable[..., Result], folder: Path
) -> None:
    actuals = folder / "actuals.yaml"
    text = ACTUALS.replace(B1, B1.replace("- {", "- &first {")) + "again: *first\n"
    text = text.replace("again: *first\n", "")
    text = text.replace(B2, B2 + "\n  - *first")
    actuals.write_text(text, encoding="utf-8")
    result = cli("track", "remove", "--ref", "SL-031", "--all", "--yes", "--actuals", actuals)
    assert result.code == 2
    assert "cannot be cut out" in result.err and "remove it by hand" in result.err
    assert actuals.read_text(encoding="utf-8") == text


def test_removing_through_a_link_locks_and_writes_the_file_it_leads_to(
    cli: Callable[..., Result], folder: Path
) -> None:
    (folder / "other").symlink_to(folder)
    link = folder / "other" / "actuals.yaml"
    result = cli("track", "remove", "--ref", "SL-031", "--yes", "--actuals", link)
    assert result.code == 0, result.err
    assert (folder / "other").is_symlink()
    assert (folder / "actuals.yaml").read_text(encoding="utf-8") == without(ACTUALS, B1)


@pytest.mark.slow  # real processes
def test_records_made_while_removing_all_land(folder: Path) -> None:
    """remove rewrites the file it reads, under the lock track takes: a record made meanwhile,
    through the file's name or a link to its folder, is kept."""
    (folder / "same").symlink_to(folder, target_is_directory=True)
    actuals = folder / "actuals.yaml"
    names = [actuals, folder / "same" / "actuals.yaml"] * 4
    remove: list[str | Path] = [
        OPMKT,
        "track",
        "remove",
        "--ref",
        "SL-031",
        "--yes",
        "--actuals",
        actuals,
    ]
    for proc in record_at_once(names, [remove]):
        _, err = proc.communicate(timeout=120)
        assert (proc.returncode, err) == (0, ""), err
    after = actuals.read_text(encoding="utf-8")
    assert B1 not in after
    assert sorted(inserted(without(ACTUALS, B1), after)) == spend_lines(8)
    validates(folder / "plan.yaml", actuals)
