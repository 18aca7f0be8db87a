"""One path for a file that does not load: every command that reads a plan (or an actuals file)
refuses it with the same one-line message on stderr, nothing on stdout, and the same exit."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.commands import SPEND_CSV, readers
from tests.conftest import EXAMPLES, Result

# The messages are read in English: a command that reads the French example speaks French
# (tests/test_no_english.py reads them in each language).
pytestmark = pytest.mark.usefixtures("english")

# validate and fmt report on any file, and smart shows an actuals file (it has no objectives),
# where the others refuse it.
REPORTERS = ("validate-", "fmt-")
# Each command that reads a plan or an actuals file, from the registry of commands, with that
# file's place as {plan} or {actuals}: the other plan is {good}, files are written in {out}.
READ = readers(
    plan="{good}",
    old="{good}",
    actuals="{actuals}",
    output="{out}/r.html",
    folder="{out}/next",
    csv="{out}/spend.csv",
)
COMMANDS = {
    name.removesuffix("-plan"): [part.replace("{}", "{plan}") for part in args]
    for name, args in READ
    if name.endswith("-plan") and not name.startswith(REPORTERS)
}
# Other ways to give a plan: with another format, beside a plan that loads, and the plan a new
# actuals file is for.
COMMANDS |= {
    "smart-json": ["smart", "{plan}", "-f", "json"],
    "budget-several": ["budget", "{good}", "{plan}", "-f", "json"],
    "track-spend": ["track", "spend", "B1", "10", "--actuals", "{out}/a.yaml", "--plan", "{plan}"],
    "track-kpi": ["track", "kpi", "ca", "10", "--actuals", "{out}/a.yaml", "--plan", "{plan}"],
}
ACTUALS_READERS = {
    name: [part.replace("{}", "{actuals}") for part in args]
    for name, args in READ
    if name.endswith("-actuals") and not name.startswith(REPORTERS)
}

BROKEN = "version: 1\nplan:\n  name: Broken\n  period: {start: 2027-01-01}\n"


@pytest.fixture
def places(tmp_path: Path) -> dict[str, str]:
    good = tmp_path / "good" / "plan.yaml"
    good.parent.mkdir()
    shutil.copy(EXAMPLES / "fournil-dupont" / "plan.yaml", good)
    actuals = good.with_name("actuals.yaml")
    shutil.copy(EXAMPLES / "fournil-dupont" / "actuals.yaml", actuals)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "spend.csv").write_text(SPEND_CSV, encoding="utf-8")
    (tmp_path / "folder.yaml").mkdir()
    (tmp_path / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    return {"good": str(good), "actuals": str(actuals), "out": str(tmp_path / "out")}


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize(
    ("name", "code", "message"),
    [
        ("missing.yaml", 2, "error: {plan}: no such file\n"),
        ("folder.yaml", 2, "error: {plan}: is a folder, not a file\n"),
        (
            "broken.yaml",
            1,
            "error: {plan} cannot be read as a plan (line 4: `plan.period` is missing `end` "
            "(last day (YYYY-MM-DD), included)): run `opmkt validate {plan}`\n",
        ),
    ],
    ids=["missing", "folder", "errors"],
)
def test_a_plan_that_does_not_load_is_refused_the_same_way_by_every_command(
    cli: Callable[..., Result],
    tmp_path: Path,
    places: dict[str, str],
    command: str,
    name: str,
    code: int,
    message: str,
) -> None:
    plan = str(tmp_path / name)
    result = cli(*[part.format(plan=plan, **places) for part in COMMANDS[command]])
    assert (result.code, result.out, result.err) == (code, "", message.format(plan=plan))
    assert written(places) == [], "nothing is written"


def written(places: dict[str, str]) -> list[str]:
    out = Path(places["out"]).iterdir()
    return [p.name for p in out if not p.name.endswith(".lock") and p.name != "spend.csv"]


@pytest.mark.parametrize("command", ACTUALS_READERS)
def test_an_actuals_file_that_does_not_load_is_refused_the_same_way(
    cli: Callable[..., Result], places: dict[str, str], command: str
) -> None:
    actuals = Path(places["actuals"])
    actuals.write_text("version: 1\nplan: plan.yaml\nspend: 3\n", encoding="utf-8")
    args = [part.format(plan=places["good"], **places) for part in ACTUALS_READERS[command]]
    result = cli(*args)
    assert (result.code, result.out) == (1, "")
    assert result.err == (
        f"error: {actuals} cannot be read as an actuals file (line 3: `spend`: expected a "
        f"list, got a number): run `opmkt validate {actuals}`\n"
    )
    assert written(places) == [], "nothing is written"


def test_an_actuals_file_given_for_a_plan_is_named_as_such(
    cli: Callable[..., Result], places: dict[str, str]
) -> None:
    actuals = Path(places["actuals"])
    actuals.write_text("version: 1\nplan: plan.yaml\n", encoding="utf-8")
    for command in [name for name in COMMANDS if not name.startswith("smart")]:
        args = [part.format(plan=actuals, **places) for part in COMMANDS[command]]
        result = cli(*args)
        assert (result.code, result.out) == (1, ""), command
        assert result.err == (
            f"error: {actuals} is an actuals file, not a plan: give the plan it tracks\n"
        )


def test_a_plan_whose_plan_section_is_empty_text_is_a_plan_with_an_error(
    cli: Callable[..., Result], places: dict[str, str], tmp_path: Path
) -> None:
    # Found while fuzzing: `plan: ""` names no file, yet made the file an actuals file, and
    # smart then said it "cannot be read as an actuals file" of a plan.
    plan = tmp_path / "empty-name.yaml"
    plan.write_text('version: 1\nplan: ""\n', encoding="utf-8")
    for command in ("smart", "budget", "calendar"):
        args = [part.format(plan=plan, **places) for part in COMMANDS[command]]
        result = cli(*args)
        assert (result.code, result.out) == (1, ""), command
        assert result.err.startswith(f"error: {plan} cannot be read as a plan (line 2: "), (
            result.err
        )
    assert cli("validate", plan, "-f", "json").code == 1


def test_an_actuals_file_must_name_its_plan(
    cli: Callable[..., Result], places: dict[str, str], tmp_path: Path
) -> None:
    actuals = tmp_path / "empty-plan.yaml"
    actuals.write_text('version: 1\nplan: ""\n', encoding="utf-8")
    result = cli("status", places["good"], "--actuals", actuals, "--as-of", "2027-09-30")
    assert (result.code, result.out) == (1, "")
    assert result.err.startswith(
        f"error: {actuals} cannot be read as an actuals file (line 2: `plan`: is empty"
    ), result.err


def test_every_plan_that_does_not_load_is_named_and_none_is_shown(
    cli: Callable[..., Result], places: dict[str, str], tmp_path: Path
) -> None:
    # Totals that silently miss a plan would mislead: each file is named on its own line, and
    # the exit is the worst of them (a file that cannot be read, 2).
    broken, missing = tmp_path / "broken.yaml", tmp_path / "missing.yaml"
    result = cli("budget", places["good"], broken, missing, "-f", "json")
    assert (result.code, result.out) == (2, "")
    assert result.err.splitlines() == [
        f"error: {broken} cannot be read as a plan (line 4: `plan.period` is missing `end` "
        f"(last day (YYYY-MM-DD), included)): run `opmkt validate {broken}`",
        f"error: {missing}: no such file",
    ]
