"""Formatters of validation reports, listed in lint/outputs.py. Machine formats are plain text
for stdout, never wrapped; only the human `text` format in colour goes through rich."""

from __future__ import annotations

import io
import os
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from opmkt.findings import Finding, Severity, join_and, printable, xml_safe
from opmkt.i18n import _, ngettext
from opmkt.lint.engine import Report
from opmkt.lint.locations import from_root, source_root
from opmkt.lint.rules import INTERNAL_ERROR, RULES
from opmkt.text.words import words

if TYPE_CHECKING:
    import xml.etree.ElementTree as ET


class Formatter(Protocol):
    """(report, color, strict) -> the text to print; `strict` is `--strict`: warnings fail."""

    def __call__(self, report: Report, color: bool = False, *, strict: bool = False) -> str: ...


def summary_counts(report: Report) -> dict[str, int]:
    return {
        "files": report.files,
        "error": report.count(Severity.ERROR),
        "warning": report.count(Severity.WARNING),
        "info": report.count(Severity.INFO),
    }


def summary_line(report: Report) -> str:
    counts = summary_counts(report)
    parts = [
        ngettext("{n} error", "{n} errors", counts["error"]).format(n=counts["error"]),
        ngettext("{n} warning", "{n} warnings", counts["warning"]).format(n=counts["warning"]),
        ngettext("{n} info", "{n} info", counts["info"]).format(n=counts["info"]),
    ]
    files = ngettext("{n} file", "{n} files", counts["files"]).format(n=counts["files"])
    checked = ngettext("{files} checked: {counts}", "{files} checked: {counts}", counts["files"])
    return checked.format(files=files, counts=", ".join(parts))


def to_json(report: Report, color: bool = False, *, strict: bool = False) -> str:
    import json  # ~5 M instructions to import: only for this format, not for every validate

    document = {
        "findings": [f.as_json() for f in report.findings],
        "summary": summary_counts(report),
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


EXCERPT = 160
"""The most characters of a source line shown under a finding: a longer line (a pasted
paragraph, a list of thousands of items on one line) is shown around the column, so that the
output grows with the number of findings, not with the length of the line times that number."""


def excerpt(source: str, column: int) -> tuple[str, int]:
    """The source line as shown (printable, at most EXCERPT characters around `column`, `…`
    where it is cut) and how many characters of it come before the column."""
    start = max(0, min(column - 1 - EXCERPT // 2, len(source) - EXCERPT))
    end = start + EXCERPT
    head = "…" if start else ""
    tail = "…" if end < len(source) else ""
    shown = head + printable(source[start:end]) + tail
    return shown, len(head) + len(printable(source[start : column - 1]))


Piece = tuple[str, str]
"""A run of text of a line and its style in colour (rich's style names, "" for none)."""


def to_text(report: Report, color: bool = False, *, strict: bool = False) -> str:
    """Grouped by file: `file:line:column: severity rule message`, the source line, a caret."""
    lines = _text_lines(report)
    if color:
        return _coloured(lines)
    # Without colour the pieces are the text: rich (~10 ms to import) is only for drawing.
    return "".join(
        printable("".join(text for text, _ in line), lines=True) + "\n" for line in lines
    )


def _text_lines(report: Report) -> list[list[Piece]]:
    lines: list[list[Piece]] = []
    for file, findings in groupby(report.findings, key=lambda f: f.file):
        lines.append([(printable(file), "bold underline")])
        for finding in findings:
            lines.append(
                [
                    (f"{printable(finding.file)}:{finding.line}:{finding.column}: ", ""),
                    (finding.severity.value, _STYLE[finding.severity]),
                    (f" {finding.rule} ", "dim"),
                    (finding.told(), ""),
                ]
            )
            source = report.source_line(finding)
            if source.strip():
                # The file's own text, shown visibly (an escape sequence in a file would
                # recolour or rewrite the screen); the caret stays under its column. A tab is a
                # space, so that the caret's count of characters matches what is shown.
                shown, before = excerpt(source.replace("\t", " "), finding.column)
                gutter = f"{finding.line:>6} | "
                lines.append([(gutter, "dim"), (shown, "")])
                caret = " " * (len(gutter) - 2) + "| " + " " * before + "^"
                lines.append([(caret, _STYLE[finding.severity])])
        lines.append([])
    tail = "bold red" if report.count(Severity.ERROR) else "bold green"
    lines.append([(summary_line(report), tail)])
    return lines


def _coloured(lines: list[list[Piece]]) -> str:
    from rich.text import Text

    from opmkt.text.terminal import console as make_console

    buffer = io.StringIO()
    console = make_console(buffer, color=True, width=10_000, soft_wrap=True, markup=False)
    for line in lines:
        text = Text()
        for piece, style in line:
            text.append(piece, style=style or None)
        console.print(text)
    return buffer.getvalue()


def _github_data(text: str) -> str:
    # A log shows the rest as it is: an escape in a file name must not reach its terminal.
    return printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _github_property(text: str) -> str:
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")


_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
_SEVERITY_ORDER = {severity: rank for rank, severity in enumerate(Severity)}


def github_path(file: str) -> str:
    """The path as the Actions runner maps annotations to files: relative to the repository
    root (`GITHUB_WORKSPACE`), so that a step with a `working-directory` annotates the right
    file; outside Actions, the path as given, normalised (`./a/../a/plan.yaml` → `a/plan.yaml`)."""
    if os.environ.get("GITHUB_WORKSPACE"):
        relative = from_root(file, source_root())
        return relative if relative is not None else Path(file).resolve().as_posix()
    return Path(os.path.normpath(file)).as_posix()


ANNOTATIONS_PER_KIND = 10
"""GitHub shows at most 10 error, 10 warning and 10 notice annotations per step and drops
the rest without a word: the reports say how many findings have no annotation."""


def unannotated(report: Report) -> dict[str, int]:
    """By annotation level, how many findings GitHub leaves without an annotation (a file
    that cannot be read is an error annotation too); empty when all are shown."""
    counts = {
        level: report.count(severity)
        + (len(report.unreadable) if severity is Severity.ERROR else 0)
        for severity, level in _GITHUB_LEVEL.items()
    }
    return {
        level: n - ANNOTATIONS_PER_KIND for level, n in counts.items() if n > ANNOTATIONS_PER_KIND
    }


def unannotated_note(report: Report) -> str:
    """What GitHub does not annotate, in a sentence; empty when it annotates everything."""
    left = unannotated(report)
    if not left:
        return ""
    kinds = join_and([_LEVEL_COUNT[level](n) for level, n in left.items()])
    return ngettext(
        "GitHub annotates at most {limit} errors, {limit} warnings and {limit} notices per "
        "step: {kinds} has no annotation on the files",
        "GitHub annotates at most {limit} errors, {limit} warnings and {limit} notices per "
        "step: {kinds} have no annotation on the files",
        sum(left.values()),
    ).format(limit=ANNOTATIONS_PER_KIND, kinds=kinds)


_LEVEL_COUNT = {
    "error": lambda n: ngettext("{n} error", "{n} errors", n).format(n=n),
    "warning": lambda n: ngettext("{n} warning", "{n} warnings", n).format(n=n),
    "notice": lambda n: ngettext("{n} notice", "{n} notices", n).format(n=n),
}
"""A count of findings GitHub left without an annotation, by annotation level."""


def to_github(report: Report, color: bool = False, *, strict: bool = False) -> str:
    """GitHub Actions workflow commands: annotations on the pull request's files, errors
    first (GitHub shows only the first ten of each kind); a file that cannot be read is an
    error annotation on it, before all others. The log's last lines say how many findings
    GitHub did not annotate."""
    lines = []
    for problem in report.unreadable:
        props = f"title={_github_property('opmkt')}"
        if problem.file is not None:
            props = f"file={_github_property(github_path(problem.file))},{props}"
        lines.append(f"::error {props}::{_github_data(problem.message)}")
    for f in sorted(report.findings, key=lambda f: _SEVERITY_ORDER[f.severity]):
        props = (
            f"file={_github_property(github_path(f.file))},line={f.line},col={f.column},"
            f"title={_github_property(f'opmkt {f.rule}')}"
        )
        lines.append(f"::{_GITHUB_LEVEL[f.severity]} {props}::{_github_data(f.told())}")
    lines.append(summary_line(report))
    note = unannotated_note(report)
    if note:
        lines.append(f"note: {note}: " + _("every finding is in this log"))
    return "\n".join(lines) + "\n"


def to_markdown(report: Report, color: bool = False, *, strict: bool = False) -> str:
    """A Markdown table of the findings, for a GitHub job summary or a pull-request comment:
    the counts, then one row per finding with its rule linked to its documentation. In GitHub
    Actions, it says how many findings have no annotation."""
    from opmkt.lint.ruledocs import help_uri
    from opmkt.text.markdown import md_cell

    w = words(None, "terminal")
    out = [f"**{summary_line(report)}**", ""]
    note = unannotated_note(report) if os.environ.get("GITHUB_ACTIONS") == "true" else ""
    if note:
        out += ["> [!WARNING]", f"> {note}: {w['all_in_table']}.", ""]
    if not (report.findings or report.unreadable):
        return "\n".join([*out, w["findings.none"]]) + "\n"
    columns = (w[f"findings.{name}"] for name in ("severity", "where", "rule", "message"))
    out += ["| " + " | ".join(columns) + " |", "|---|---|---|---|"]

    def cell(text: str) -> str:
        return md_cell(printable(text))

    for problem in report.unreadable:
        out.append(f"| error | {cell(problem.file or '')} | | {cell(problem.message)} |")
    for f in report.findings:
        rule = RULES.get(f.rule)
        uri = help_uri(rule) if rule is not None else None
        name = f"`{f.rule}`" if uri is None else f"[`{f.rule}`]({uri})"
        where = f"{cell(f.file)}:{f.line}:{f.column}"
        out.append(f"| {f.severity.value} | {where} | {name} | {cell(f.told())} |")
    return "\n".join(out) + "\n"


def to_junit(report: Report, color: bool = False, *, strict: bool = False) -> str:
    """JUnit XML as the plan format specifies it: a test suite per file, a test case per
    finding (a file without findings is one passing case). A finding that fails the run is a
    failure; the others pass, their message in system-out; an unreadable file, or a rule that
    crashed, is an error. So the counts agree with the exit status."""
    import xml.etree.ElementTree as ET  # only this format writes XML

    failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    suites = ET.Element("testsuites", name="opmkt validate")
    by_file: dict[str, list[Finding]] = {name: [] for name in report.checked}
    for f in report.findings:
        by_file.setdefault(f.file, []).append(f)
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for file, findings in by_file.items():
        # Text XML cannot carry (controls in a file name) is escaped: the file always parses.
        file = xml_safe(file)
        suite = ET.SubElement(suites, "testsuite", name=file)
        counts = {"tests": max(1, len(findings)), "failures": 0, "errors": 0}
        if not findings:
            ET.SubElement(suite, "testcase", classname=file, name=file)
        seen: dict[str, int] = {}
        for f in findings:
            name = f"{f.line}:{f.column} {f.rule}"
            seen[name] = seen.get(name, 0) + 1
            # Reporting tools key test cases by name: a second finding at one place must not
            # replace the first.
            case = ET.SubElement(
                suite,
                "testcase",
                classname=file,
                name=name if seen[name] == 1 else f"{name} ({seen[name]})",
            )
            message = xml_safe(f.message)
            text = f"{file}:{f.line}:{f.column}: {f.severity.value} {f.rule} {message}"
            if f.rule == INTERNAL_ERROR:
                kind = "errors"
            elif f.severity in failing:
                kind = "failures"
            else:
                ET.SubElement(case, "system-out").text = text
                continue
            counts[kind] += 1
            element = ET.SubElement(case, kind[:-1], type=f.rule, message=message)
            element.text = text
        _junit_counts(suite, counts, totals)
    for problem in report.unreadable:
        file = xml_safe(problem.file or "?")
        suite = ET.SubElement(suites, "testsuite", name=file)
        case = ET.SubElement(suite, "testcase", classname=file, name=file)
        message = xml_safe(problem.message)
        error = ET.SubElement(case, "error", type="unreadable", message=message)
        error.text = message
        _junit_counts(suite, {"tests": 1, "failures": 0, "errors": 1}, totals)
    for key, value in totals.items():
        suites.set(key, str(value))
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


def _junit_counts(suite: ET.Element, counts: dict[str, int], totals: dict[str, int]) -> None:
    for key, value in counts.items():
        suite.set(key, str(value))
        totals[key] += value
    suite.set("skipped", "0")


def to_auto(report: Report, color: bool = False, *, strict: bool = False) -> str:
    """`auto` is github inside GitHub Actions, text elsewhere."""
    chosen = to_github if os.environ.get("GITHUB_ACTIONS") == "true" else to_text
    return chosen(report, color, strict=strict)
