"""`opmkt calendar`: the plan as an iCalendar file, parsed back with the icalendar library to
check what a calendar application would import."""

from __future__ import annotations

import datetime as dt
import itertools
import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar

from opmkt import __version__
from opmkt.plan.loader import load_plan
from opmkt.plan.walk import walk_objectives
from tests.conftest import EXAMPLES, OPMKT, Result

Cli = Callable[..., Result]
Write = Callable[..., Path]
ONE_DAY = dt.timedelta(days=1)
STATUS = {
    "planned": "TENTATIVE",
    "in_progress": "CONFIRMED",
    "done": "CONFIRMED",
    "cancelled": "CANCELLED",
}

PLAN = """\
version: 1
plan:
  name: Café Martin 2027
  period: {start: 2027-01-01, end: 2027-12-31}
  locale: en_US
team:
  - {id: lea, name: Léa Martin}
kpis:
  - {id: visits, name: Monthly visits, kind: performance, unit: visits}
objectives:
  - id: O1
    category: communication
    title: Double the monthly visits
    kpi: visits
    baseline: 1500
    target: 3000
    deadline: 2027-11-30
    objectives:
      - {id: O1.1, category: conversion, title: Keep new visitors coming back}
actions:
  - id: A1
    objective: O1
    what: Flyers at the market
    start: 2027-03-01
    end: 2027-03-31
    owner: lea
    how: Saturday mornings
    steps: [Print, Hand out]
    channel: posters
    status: planned
  - {id: A2, objective: O1.1, what: Loyalty card, start: 2027-02-01, end: 2027-12-31,
     status: in_progress}
  - {id: A3, objective: O1, what: Open day, start: 2027-06-12, end: 2027-06-12, status: done}
  - {id: A4, objective: O1, what: Radio spot, start: 2027-05-01, end: 2027-05-15,
     status: cancelled}
  - {id: A5, objective: O1, what: Some day perhaps}
"""


def events(content: bytes | str) -> dict[str, Any]:
    """The events of a calendar file by UID, as the icalendar library reads them."""
    raw = content.encode("utf-8") if isinstance(content, str) else content
    calendar = Calendar.from_ical(raw)
    found = {str(event["UID"]): event for event in calendar.walk("VEVENT")}
    assert len(found) == len(calendar.walk("VEVENT")), "every UID is unique"
    return found


def by_summary_id(found: dict[str, Any]) -> dict[str, Any]:
    """Events keyed by the id their summary starts with (`A1`, `Deadline O1` → `O1`)."""
    return {str(e["SUMMARY"]).split(" · ")[0].split()[-1]: e for e in found.values()}


def export(cli: Cli, plan: Path, *args: str) -> Result:
    result = cli("calendar", plan, *args)
    assert result.code == 0, result.err
    return result


@pytest.mark.parametrize("example", ["fournil-dupont", "northwind-studio"])
def test_every_dated_action_and_deadline_of_the_examples_is_an_event(
    cli: Cli, example: str
) -> None:
    path = EXAMPLES / example / "plan.yaml"
    plan = load_plan(path).plan
    assert plan is not None
    found = events(export(cli, path).out)
    stamp = dt.datetime.combine(plan.plan.period.start, dt.time(), tzinfo=dt.UTC)
    # What each event must be, by the UID before its plan key: (start, end, summary, status).
    expected: dict[str, tuple[dt.date, dt.date, str, str]] = {}
    for action in plan.actions:
        assert action.start is not None and action.end is not None
        expected[f"action.{action.id}"] = (
            action.start,
            action.end + ONE_DAY,
            f"{action.id} · {action.what}",
            STATUS[action.status],
        )
    deadline_word = "Échéance" if plan.plan.locale == "fr_FR" else "Deadline"
    for at in walk_objectives(plan):
        day = at.objective.deadline
        if day is not None:
            summary = f"{deadline_word} {at.objective.id} · {at.objective.title}"
            expected[f"deadline.{at.objective.id}"] = (day, day + ONE_DAY, summary, "CONFIRMED")
    assert {uid.rsplit(".", 1)[0] for uid in found} == set(expected)
    assert len({uid.rsplit(".", 1)[1] for uid in found}) == 1, "one plan key in every UID"
    for uid, event in found.items():
        assert uid.endswith("@opmkt")
        first, after, summary, status = expected[uid.rsplit(".", 1)[0]]
        assert event.decoded("DTSTART") == first
        assert event.decoded("DTEND") == after
        assert str(event["SUMMARY"]) == summary
        assert str(event["STATUS"]) == status
        assert event.decoded("DTSTAMP") == stamp
        assert str(event["TRANSP"]) == "TRANSPARENT"


def test_the_calendar_is_named_after_the_plan_and_says_who_made_it(cli: Cli, write: Write) -> None:
    raw = export(cli, write(PLAN)).out
    calendar = Calendar.from_ical(raw)
    assert str(calendar["PRODID"]) == f"-//opmkt//opmkt {__version__}//EN"
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["CALSCALE"]) == "GREGORIAN"
    assert str(calendar["X-WR-CALNAME"]) == "Café Martin 2027"


def test_each_status_and_the_deadline_of_a_small_plan(cli: Cli, write: Write) -> None:
    found = by_summary_id(events(export(cli, write(PLAN)).out))
    assert sorted(found) == ["A1", "A2", "A3", "A4", "O1"]  # A5 has no dates; O1.1 no deadline
    assert {k: str(found[k]["STATUS"]) for k in ("A1", "A2", "A3", "A4")} == {
        "A1": "TENTATIVE",
        "A2": "CONFIRMED",
        "A3": "CONFIRMED",
        "A4": "CANCELLED",
    }
    # A one-day action lasts one day: DTEND is the next day, as iCalendar's end is exclusive.
    assert found["A3"].decoded("DTSTART") == dt.date(2027, 6, 12)
    assert found["A3"].decoded("DTEND") == dt.date(2027, 6, 13)
    deadline = found["O1"]
    assert str(deadline["SUMMARY"]) == "Deadline O1 · Double the monthly visits"
    assert deadline.decoded("DTSTART") == dt.date(2027, 11, 30)
    assert deadline.decoded("DTEND") == dt.date(2027, 12, 1)
    assert "Monthly visits: 1,500 visits → 3,000 visits" in str(deadline["DESCRIPTION"])
    assert found["A1"]["CATEGORIES"].cats == ["Communication"]
    assert found["A2"]["CATEGORIES"].cats == ["Conversion and loyalty"]


def test_the_description_answers_how_who_which_steps_and_what_for(cli: Cli, write: Write) -> None:
    found = by_summary_id(events(export(cli, write(PLAN)).out))
    assert str(found["A1"]["DESCRIPTION"]).splitlines() == [
        "How: Saturday mornings",
        "Steps:",
        "1. Print",
        "2. Hand out",
        "Owner: Léa Martin",
        "Objective: O1 · Double the monthly visits",
        "Channel: Posters",
        "Status: Planned",
    ]


def test_fixed_words_follow_the_plans_language_or_locale(cli: Cli) -> None:
    path = EXAMPLES / "fournil-dupont" / "plan.yaml"
    french = by_summary_id(events(export(cli, path).out))
    assert str(french["O1"]["SUMMARY"]).startswith("Échéance O1 · ")
    assert "Responsable\u202f: " in str(french["A1"]["DESCRIPTION"])
    english = by_summary_id(events(export(cli, path, "--locale", "en_US").out))
    assert str(english["O1"]["SUMMARY"]).startswith("Deadline O1 · ")


def test_actions_without_dates_are_left_out_and_counted(cli: Cli, write: Write) -> None:
    plan = PLAN + (
        "  - {id: A6, objective: O1, what: Start only, start: 2027-04-01}\n"
        "  - {id: A7, objective: O1, what: Backwards, start: 2027-04-10, end: 2027-04-01}\n"
    )
    result = export(cli, write(plan))
    found = by_summary_id(events(result.out))
    assert "A5" not in found and "A7" not in found
    assert "note: 1 action without dates left out: A5" in result.err
    assert "note: 1 action with an end before the start left out" in result.err
    assert "A7" in result.err
    # An action with one date is still in the calendar, on that day.
    assert found["A6"].decoded("DTSTART") == dt.date(2027, 4, 1)
    assert found["A6"].decoded("DTEND") == dt.date(2027, 4, 2)
    assert "note: 1 action with only one of start and end shown on that day: A6" in result.err


def test_the_same_plan_exported_twice_gives_the_same_bytes(cli: Cli, write: Write) -> None:
    path = write(PLAN)
    assert export(cli, path).out == export(cli, path).out


def test_uids_survive_a_change_of_dates_and_text(cli: Cli, write: Write) -> None:
    path = write(PLAN)
    before = by_summary_id(events(export(cli, path).out))
    changed = PLAN.replace(
        "start: 2027-03-01\n    end: 2027-03-31", "start: 2027-04-01\n    end: 2027-04-30"
    )
    changed = changed.replace("what: Flyers at the market", "what: Flyers at the station")
    after = by_summary_id(events(export(cli, write(changed)).out))
    assert str(after["A1"]["UID"]) == str(before["A1"]["UID"])
    assert after["A1"].decoded("DTSTART") == dt.date(2027, 4, 1)
    assert after["A1"].decoded("DTEND") == dt.date(2027, 5, 1)
    assert str(after["A1"]["SUMMARY"]) == "A1 · Flyers at the station"
    assert {str(e["UID"]) for e in after.values()} == {str(e["UID"]) for e in before.values()}


def test_next_years_plan_does_not_overwrite_this_years_events(cli: Cli, write: Write) -> None:
    this_year = events(export(cli, write(PLAN)).out)
    # Even under the same name: the plan's period tells the two years apart.
    same_name = PLAN.replace("2027-", "2028-")
    assert "name: Café Martin 2027" in same_name
    next_year = events(export(cli, write(same_name, "next.yaml")).out)
    assert len(next_year) == len(this_year)
    assert not set(this_year) & set(next_year)


def test_text_with_commas_semicolons_newlines_and_accents_round_trips(
    cli: Cli, write: Write
) -> None:
    # YAML single quotes keep the backslash as it is; the block keeps the line break.
    what = 'Dégustation, "pain; levain" \\ été'
    how = "how: |-\n      Première ligne, avec virgule;\n      seconde ligne — ça marche"
    plan = PLAN.replace("what: Flyers at the market", f"what: '{what}'")
    plan = plan.replace("how: Saturday mornings", how)
    result = export(cli, write(plan))
    event = by_summary_id(events(result.out))["A1"]
    assert str(event["SUMMARY"]) == f"A1 · {what}"
    description = str(event["DESCRIPTION"]).splitlines()
    assert description[:2] == ["How: Première ligne, avec virgule;", "seconde ligne — ça marche"]
    # In the file itself, RFC 5545 escaping: the parser did not just get lucky.
    unfolded = result.out.replace("\r\n ", "")
    assert 'SUMMARY:A1 · Dégustation\\, "pain\\; levain" \\\\ été\r\n' in unfolded


def test_a_plan_name_with_a_line_break_a_comma_and_a_semicolon_is_escaped_text(
    cli: Cli, write: Write
) -> None:
    # Found by fuzzing: a name on two lines crashed the export (icalendar writes the names of
    # a calendar raw, as properties it does not know).
    plan = PLAN.replace("name: Café Martin 2027", 'name: "Café Martin, 2027;\\nsecond line"')
    result = export(cli, write(plan))
    unfolded = result.out.replace("\r\n ", "")
    assert "X-WR-CALNAME:Café Martin\\, 2027\\;\\nsecond line\r\n" in unfolded
    assert "\r\nNAME:Café Martin\\, 2027\\;\\nsecond line\r\n" in unfolded


def test_an_event_on_the_last_day_of_the_calendar_lasts_its_days(cli: Cli, write: Write) -> None:
    # Found by fuzzing: DTEND, the day after the end, does not exist after 9999-12-31 (the
    # export crashed); a DURATION says the same thing.
    plan = PLAN.replace(
        "start: 2027-01-01, end: 2027-12-31}", "start: 9990-01-01, end: 9999-12-31}"
    )
    plan = plan.replace("end: 2027-03-31", "end: 9999-12-31").replace(
        "deadline: 2027-11-30", "deadline: 9999-12-31"
    )
    found = by_summary_id(events(export(cli, write(plan)).out))
    assert found["A1"].decoded("DTSTART") == dt.date(2027, 3, 1)
    assert "DTEND" not in found["A1"]
    assert found["A1"].decoded("DURATION") == dt.date.max - dt.date(2027, 3, 1) + ONE_DAY
    assert found["O1"].decoded("DTSTART") == dt.date.max
    assert found["O1"].decoded("DURATION") == ONE_DAY


def test_lines_end_in_crlf_and_are_folded_at_75_octets(cli: Cli, write: Write) -> None:
    long = "A very long action title " * 8
    raw = export(cli, write(PLAN.replace("Flyers at the market", long.strip()))).out.encode()
    assert raw.endswith(b"\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")
    lines = raw.split(b"\r\n")[:-1]
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines), "the long title is folded"
    assert str(by_summary_id(events(raw))["A1"]["SUMMARY"]) == f"A1 · {long.strip()}"


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(", a; b", id="comma-semicolon-newline"),
        pytest.param(", a; b\\ c", id="backslash"),
    ],
)
def test_no_fold_splits_an_escape(cli: Cli, write: Write, text: str) -> None:
    # Google Calendar drops an event whose folded line ends between `\` and `n`. Padding the
    # text one character more each time lands a fold on every offset of the escapes.
    actions = "".join(
        f"  - {{id: P{n}, objective: O1, what: Pad, start: 2027-02-01, end: 2027-02-02, "
        f"how: '{'x' * n}{text}'}}\n"
        for n in range(80)
    )
    raw = export(cli, write(PLAN + actions)).out
    lines = raw.split("\r\n")
    escapes_across_folds = [
        line
        for line, after in itertools.pairwise(lines)
        if after.startswith(" ") and (len(line) - len(line.rstrip("\\"))) % 2 == 1
    ]
    assert escapes_across_folds == []
    found = by_summary_id(events(raw))
    for n in range(80):
        assert str(found[f"P{n}"]["DESCRIPTION"]).startswith(f"How: {'x' * n}{text}\n")


def test_the_installed_command_writes_crlf_to_a_pipe() -> None:
    proc = subprocess.run(
        [str(OPMKT), "calendar", str(EXAMPLES / "northwind-studio" / "plan.yaml")],
        capture_output=True,
        check=False,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(b"BEGIN:VCALENDAR\r\n")
    assert proc.stdout.endswith(b"END:VCALENDAR\r\n")
    assert re.search(rb"[^\r]\n", proc.stdout) is None


def test_output_file_is_never_overwritten_without_force(
    cli: Cli, write: Write, tmp_path: Path
) -> None:
    path = write(PLAN)
    target = tmp_path / "plan.ics"
    first = cli("calendar", path, "-o", target)
    assert first.code == 0
    assert first.out == ""
    assert f"wrote {target} (5 events)" in first.err
    assert len(events(target.read_bytes())) == 5
    target.write_text("my own calendar\n", encoding="utf-8")
    refused = cli("calendar", path, "-o", target)
    assert refused.code == 2
    assert "already exists: use --force" in refused.err
    assert target.read_text(encoding="utf-8") == "my own calendar\n"
    forced = cli("calendar", path, "-o", target, "--force")
    assert forced.code == 0
    assert target.read_bytes() == export(cli, path).out.encode()


def test_a_plan_that_does_not_load_names_validate(cli: Cli, write: Write) -> None:
    path = write("version: 1\nplan: {name: No period}\n")
    result = cli("calendar", path)
    assert result.code == 1
    assert result.out == ""
    assert f"run `opmkt validate {path}`" in result.err


def test_a_missing_plan_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    result = cli("calendar", tmp_path / "nowhere.yaml")
    assert result.code == 2
    assert result.err.startswith("error: ")


def test_an_id_used_twice_gives_one_event_not_two_with_one_uid(cli: Cli, write: Write) -> None:
    # Two events with one UID would make a calendar keep either at random, or refuse the file.
    plan = PLAN + "  - {id: A1, objective: O1, what: Copy, start: 2027-07-01, end: 2027-07-02}\n"
    result = export(cli, write(plan))
    found = by_summary_id(events(result.out))  # events() checks every UID is unique
    assert str(found["A1"]["SUMMARY"]) == "A1 · Flyers at the market"
    assert "note: 1 id given twice, exported for its first item only: A1" in result.err
