"""The SMART view of a plan: per objective, one verdict per letter, from validate's findings."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from opmkt.errors import OpmktError, refuse
from opmkt.findings import Finding
from opmkt.io.yamlio import format_path
from opmkt.lint.engine import Report, validate
from opmkt.plan.loader import not_loaded
from opmkt.plan.walk import walk_objectives

LETTERS = {
    "specific": "smart-specific",
    "measurable": "smart-measurable",
    "achievable": "smart-achievable",
    "relevant": "smart-relevant",
    "time_bound": "smart-time-bound",
}
"""Each letter of SMART and the rule whose absence of finding makes it true."""


@dataclass
class SmartRow:
    """One objective: its place in the tree and what each letter's rule says of it."""

    id: str
    title: str
    depth: int
    file: str
    failures: dict[str, list[Finding]] = field(default_factory=dict)

    def ok(self, letter: str) -> bool:
        return not self.failures.get(letter)

    @property
    def passes(self) -> bool:
        return not any(self.failures.values())

    def reasons(self, lang: str | None = None) -> list[str]:
        """Why it is not SMART, in `lang` or the language the command speaks."""
        return [f.told(lang) for letter in LETTERS for f in self.failures.get(letter, [])]

    def as_json(self) -> dict[str, object]:
        return {**{letter: self.ok(letter) for letter in LETTERS}, "reasons": self.reasons("en")}


def smart_rows(report: Report) -> list[SmartRow]:
    """Every objective of every plan in the report, depth first, with its SMART verdicts.

    A letter fails when its rule has a finding on the objective (on the objective itself or
    one of its fields, not on a sub-objective), after the plan's lint settings: the same
    results as `opmkt validate`, not a second implementation.
    """
    rule_letter = {rule: letter for letter, rule in LETTERS.items()}
    by_path: dict[tuple[str, str], list[Finding]] = {}
    for finding in report.findings:
        if finding.rule in rule_letter:
            by_path.setdefault((finding.file, _objective_path(finding.path)), []).append(finding)
    rows = []
    for name, loaded in report.loaded.items():
        if loaded.plan is None:
            continue
        for at in walk_objectives(loaded.plan):
            row = SmartRow(at.objective.id, at.objective.title, at.depth, name)
            for finding in by_path.get((name, format_path(at.loc)), []):
                row.failures.setdefault(rule_letter[finding.rule], []).append(finding)
            rows.append(row)
    return rows


_OBJECTIVE = re.compile(r"objectives\[\d+\](?:\.objectives\[\d+\])*")


def _objective_path(path: str) -> str:
    """`objectives[0].objectives[1].deadline` -> `objectives[0].objectives[1]`."""
    match = _OBJECTIVE.match(path)
    return match.group(0) if match else path


def checked_plans(files: Sequence[str]) -> Report:
    """Validate's report on the files, when each is a plan or an actuals file that loads (an
    actuals file has no objectives to show, but is not a broken plan); else the error that
    names every one that does not (`errors.refuse`): a checklist missing a plan would mislead."""
    report = validate(files)
    problems: list[OpmktError] = [*report.unreadable]
    problems += [
        not_loaded(loaded, loaded.kind)
        for loaded in report.loaded.values()
        if loaded.plan is None and loaded.actuals is None
    ]
    refuse(problems)
    return report
