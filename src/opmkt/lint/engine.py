"""Run the rules over loaded files, applying the plan's settings and inline suppressions."""

from __future__ import annotations

import difflib
import gc
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from opmkt.errors import OpmktError
from opmkt.findings import Finding, Severity
from opmkt.io.files import resolved
from opmkt.io.yamlio import is_actuals
from opmkt.lint.context import Context
from opmkt.lint.rules import ACTUALS_RULES, INTERNAL_ERROR, RULES
from opmkt.plan.loader import Loaded, load
from opmkt.plan.model import LintSettings, Plan

_SUPPRESS = re.compile(r"#\s*opmkt:\s*ignore\[([^\]]*)\]")


@dataclass
class Report:
    """The outcome of validating some files."""

    findings: list[Finding] = field(default_factory=list)
    files: int = 0
    unreadable: list[OpmktError] = field(default_factory=list)
    loaded: dict[str, Loaded] = field(default_factory=dict)
    """Each file read, by its name as given, for per-objective views; empty unless asked for
    (`validate(…, keep=True)`): a loaded plan weighs hundreds of kB."""
    checked: list[str] = field(default_factory=list)
    """The name, as given, of each file read, in the order read."""
    sources: dict[tuple[str, int], str] = field(default_factory=dict)
    """The text of each line a finding points at, by (file, line): what a view quotes."""

    def add(self, loaded: Loaded, findings: list[Finding]) -> None:
        """A file's findings, and the lines of the file they point at."""
        for finding in findings:
            if finding.file == loaded.file:
                self.sources.setdefault(
                    (finding.file, finding.line), loaded.doc.line_text(finding.line)
                )
        self.findings.extend(findings)

    def source_line(self, finding: Finding) -> str:
        return self.sources.get((finding.file, finding.line), "")

    def keep(self, select: Collection[str] = (), ignore: Collection[str] = ()) -> None:
        """Narrow the findings to some rules for one run (`--select`, `--ignore`)."""
        self.findings = [
            f
            for f in self.findings
            if (not select or f.rule in select or f.rule == INTERNAL_ERROR) and f.rule not in ignore
        ]

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    def fails(self, *, strict: bool = False) -> bool:
        failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
        return any(f.severity in failing for f in self.findings)

    @property
    def crashed(self) -> bool:
        return any(f.rule == INTERNAL_ERROR for f in self.findings)


def validate(paths: Sequence[str | Path], *, keep: bool = True) -> Report:
    """Validate plans and actuals files; an unreadable file is noted, the others still run.

    Without `keep`, memory stays flat with the number of files: each file's model and
    document are let go once checked, and the report holds its findings and the lines they
    quote (validate of 3,000 plans held every one of them, 952 MB).
    """
    report = Report()
    # The plan last read, for an actuals file that tracks it (usually given right after it);
    # another plan is read again rather than kept.
    plans: dict[Path, Loaded] = {}
    if not keep:
        # What exists before the first file (the libraries, the command line) lives for the
        # whole run: the collections between files leave it out and walk only what the files
        # made (the CLI pauses the collector, so nothing of it was ever collected).
        gc.freeze()
    for number, path in enumerate(paths, 1):
        try:
            loaded = load(path, str(path))
        except OpmktError as exc:
            # Each output format reports the file in its own way (a JUnit error case, a SARIF
            # notification, a GitHub annotation), so it needs the name as given.
            exc.file = exc.file or str(path)
            report.unreadable.append(exc)
            continue
        report.files += 1
        report.checked.append(loaded.file)
        if keep:
            report.loaded[loaded.file] = loaded
        if loaded.kind == "plan":
            plans = {Path(path).resolve(): loaded}
        findings = check(loaded, plans)
        report.add(loaded, findings)
        if len(plans) > 1:  # the plan an actuals file tracks was read: keep only the last
            plans = dict([plans.popitem()])
        if not keep and number < len(paths):
            # A checked file leaves a few cycles (models, documents) that only the collector
            # frees, before the next file; the youngest generation is what this file made
            # (nothing is collected meanwhile): a pass over it alone is quick.
            del loaded, findings
            gc.collect(0)
    if not keep:
        gc.unfreeze()
    report.findings.sort(key=lambda f: f.sort_key)
    return report


def check(loaded: Loaded, plans: dict[Path, Loaded] | None = None) -> list[Finding]:
    """All findings for one loaded file: the loader's, then every rule's."""
    findings = list(loaded.findings)
    ctx = _context(loaded, {} if plans is None else plans, findings)
    if ctx is None:
        return findings
    for rule in RULES.values():
        if ctx.actuals is not None and rule.ID not in ACTUALS_RULES:
            continue
        try:
            findings.extend(rule.check(ctx.plan, ctx))
        except Exception as exc:  # a crashing rule must not hide the others' findings
            findings.append(
                Finding(
                    INTERNAL_ERROR,
                    Severity.ERROR,
                    f"rule {rule.ID} crashed ({type(exc).__name__}: {exc}); "
                    "this is a bug in opmkt, please report it",
                    loaded.file,
                    1,
                    1,
                    "",
                )
            )
    return apply_settings(findings, ctx.plan.lint, loaded)


def _context(loaded: Loaded, plans: dict[Path, Loaded], findings: list[Finding]) -> Context | None:
    if loaded.plan is not None:
        return Context(loaded, loaded.plan)
    if isinstance(loaded.rest, Plan):  # the plan without its items that have schema errors
        return Context(loaded, loaded.rest)
    actuals = loaded.actuals if loaded.actuals is not None else loaded.rest
    if actuals is None:
        return None
    named = Path(loaded.file).parent / actuals.plan
    try:
        target = resolved(named, str(named))  # a loop of links is the user's, not a bug
        plan_loaded = plans.get(target)
        if plan_loaded is None:
            plan_loaded = plans[target] = load(target, str(named), expect="plan")
    except OpmktError as exc:
        findings.append(
            loaded.finding(
                "unknown-reference",
                f"the plan this file tracks cannot be read ({exc.message})",
                ["plan"],
            )
        )
        return None
    if plan_loaded.plan is None:
        what = (
            "is an actuals file, not a plan"
            if _is_actuals(plan_loaded) or target == Path(loaded.file).resolve()
            else "has errors of its own: fix them to check this file"
        )
        findings.append(
            loaded.finding("unknown-reference", f"the plan {actuals.plan} {what}", ["plan"])
        )
        return None
    return Context(loaded, plan_loaded.plan, actuals)


def _is_actuals(loaded: Loaded) -> bool:
    return is_actuals(loaded.doc.data)


def apply_settings(
    findings: Iterable[Finding], settings: LintSettings, loaded: Loaded
) -> list[Finding]:
    """Drop disabled and suppressed findings and apply configured severities."""
    disabled = set(settings.disable)
    out = []
    for finding in findings:
        if finding.rule in disabled and finding.rule != INTERNAL_ERROR:
            continue
        if finding.rule in _suppressed_on(loaded, finding.line):
            continue
        severity = settings.severity.get(finding.rule)
        out.append(replace(finding, severity=Severity(severity)) if severity else finding)
    if loaded.kind == "plan":  # the settings are the plan's: reported there, once
        out.extend(_unknown_rule_ids(settings, loaded))
    return out


def silences(loaded: Loaded, rule: str, loc: Sequence[str | int]) -> bool:
    """Whether the plan silences a finding of `rule` at `loc`: the rule disabled in its
    `lint`, or `# opmkt: ignore[rule]` on the line such a finding would point at."""
    if loaded.plan is None:
        return False
    if rule in loaded.plan.lint.disable:
        return True
    return rule in _suppressed_on(loaded, loaded.finding(rule, "", loc).line)


def _suppressed_on(loaded: Loaded, line: int) -> set[str]:
    match = _SUPPRESS.search(loaded.doc.line_text(line))
    if match is None:
        return set()
    return {part.strip() for part in match.group(1).split(",")}


def _unknown_rule_ids(settings: LintSettings, loaded: Loaded) -> list[Finding]:
    out = []
    named: list[tuple[str, str | int, str]] = [
        ("disable", i, rule) for i, rule in enumerate(settings.disable)
    ]
    named += [("severity", rule, rule) for rule in settings.severity]
    for where, key, rule in named:
        if rule not in RULES:
            close = difflib.get_close_matches(rule, list(RULES), n=1)
            hint = f": did you mean '{close[0]}'?" if close else ": `opmkt rules` lists them"
            out.append(
                loaded.finding(
                    "schema",
                    f"lint.{where} names no rule '{rule}'{hint}",
                    ["lint", where, key],
                    at_key=where == "severity",
                )
            )
    return out
