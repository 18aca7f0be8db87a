"""Formatters of validation reports, in one registry. Machine formats are plain text for stdout,
never wrapped; only the human `text` format goes through rich."""

from __future__ import annotations

import io
import json
import os
import xml.etree.ElementTree as ET
from collections.abc import Callable
from itertools import groupby
from typing import Any

from opmkt import __version__
from opmkt.findings import Finding, Severity
from opmkt.lint import Report
from opmkt.rules import RULES

Formatter = Callable[[Report, bool], str]
"""(report, color) -> the text to print."""


def summary_counts(report: Report) -> dict[str, int]:
    return {
        "files": report.files,
        "error": report.count(Severity.ERROR),
        "warning": report.count(Severity.WARNING),
        "info": report.count(Severity.INFO),
    }


def summary_line(report: Report) -> str:
    counts = summary_counts(report)
    files = _plural(counts["files"], "file")
    parts = [
        _plural(counts["error"], "error"),
        _plural(counts["warning"], "warning"),
        f"{counts['info']} info",
    ]
    return f"{files} checked: {', '.join(parts)}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def to_json(report: Report, color: bool = False) -> str:
    document = {
        "findings": [f.as_json() for f in report.findings],
        "summary": summary_counts(report),
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}

# The source line is the file's text: its control characters are shown as symbols (␛ for ESC),
# one for one so that the caret stays under its column, never sent to the terminal, where an
# escape sequence in a file would recolour, retitle or rewrite the screen. A tab is a space.
_VISIBLE = {c: 0x2400 + c for c in range(0x20)} | {0x7F: 0x2421, 0x09: 0x20}
_VISIBLE |= dict.fromkeys(range(0x80, 0xA0), 0xFFFD)


def to_text(report: Report, color: bool = False) -> str:
    """Grouped by file: `file:line:column: severity rule message`, the source line, a caret."""
    from rich.text import Text

    from opmkt.terminal import console as make_console

    buffer = io.StringIO()
    console = make_console(buffer, color=color, width=10_000, soft_wrap=True, markup=False)
    for file, findings in groupby(report.findings, key=lambda f: f.file):
        console.print(Text(file, style="bold underline"))
        loaded = report.loaded.get(file)
        for finding in findings:
            line = Text(f"{finding.file}:{finding.line}:{finding.column}: ")
            line.append(finding.severity.value, style=_STYLE[finding.severity])
            line.append(f" {finding.rule} ", style="dim")
            line.append(finding.message)
            console.print(line)
            source = loaded.doc.line_text(finding.line) if loaded is not None else ""
            if source.strip():
                gutter = f"{finding.line:>6} | "
                console.print(Text(gutter, style="dim") + Text(source.translate(_VISIBLE)))
                caret = " " * (len(gutter) - 2) + "| " + " " * (finding.column - 1) + "^"
                console.print(Text(caret, style=_STYLE[finding.severity]))
        console.print()
    tail = Text(summary_line(report))
    if color:
        tail.stylize("bold red" if report.count(Severity.ERROR) else "bold green")
    console.print(tail)
    return buffer.getvalue()


def _github_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(text: str) -> str:
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")


_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def to_github(report: Report, color: bool = False) -> str:
    """GitHub Actions workflow commands: annotations on the pull request's files."""
    lines = []
    for f in report.findings:
        props = (
            f"file={_github_property(f.file)},line={f.line},col={f.column},"
            f"title={_github_property(f'opmkt {f.rule}')}"
        )
        lines.append(f"::{_GITHUB_LEVEL[f.severity]} {props}::{_github_data(f.message)}")
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"


_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def to_sarif(report: Report, color: bool = False) -> str:
    """SARIF 2.1.0, with every rule's metadata and help from its documentation."""
    from opmkt.ruledocs import description, help_markdown, help_text

    ids = list(RULES)
    rules: list[dict[str, Any]] = [
        {
            "id": rule.ID,
            "name": "".join(part.capitalize() for part in rule.ID.split("-")),
            "shortDescription": {"text": rule.SUMMARY},
            "fullDescription": {"text": description(rule)},
            "help": {"text": help_text(rule), "markdown": help_markdown(rule)},
            "defaultConfiguration": {"level": _SARIF_LEVEL[rule.DEFAULT_SEVERITY]},
        }
        for rule in RULES.values()
    ]
    results = [_sarif_result(f, ids) for f in report.findings]
    artifacts = sorted({f.file for f in report.findings})
    document = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "opmkt",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": rules,
                    }
                },
                "artifacts": [{"location": {"uri": _uri(a)}} for a in artifacts],
                "results": results,
                "columnKind": "unicodeCodePoints",
            }
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _uri(path: str) -> str:
    from urllib.parse import quote

    return quote(path.replace(os.sep, "/"))


def _sarif_result(finding: Finding, ids: list[str]) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "level": _SARIF_LEVEL[finding.severity],
        "message": {"text": finding.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": _uri(finding.file)},
                    "region": {"startLine": finding.line, "startColumn": finding.column},
                },
                **(
                    {"logicalLocations": [{"fullyQualifiedName": finding.path}]}
                    if finding.path
                    else {}
                ),
            }
        ],
    }
    if finding.rule in ids:
        result["ruleIndex"] = ids.index(finding.rule)
    return result


def to_junit(report: Report, color: bool = False) -> str:
    """JUnit XML: a test case per file; each finding of a file is a failure of its case."""
    suites = ET.Element("testsuites", name="opmkt validate")
    suite = ET.SubElement(suites, "testsuite", name="opmkt")
    by_file: dict[str, list[Finding]] = {name: [] for name in report.loaded} | {
        file: list(items) for file, items in groupby(report.findings, key=lambda f: f.file)
    }
    failures = 0
    for file, findings in by_file.items():
        case = ET.SubElement(suite, "testcase", classname="opmkt.validate", name=file)
        for f in findings:
            failures += 1
            failure = ET.SubElement(
                case,
                "failure",
                type=f"{f.severity.value} {f.rule}",
                message=f"{f.file}:{f.line}:{f.column}: {f.message}",
            )
            failure.text = f"{f.file}:{f.line}:{f.column}: {f.severity.value} {f.rule} {f.message}"
    suite.set("tests", str(len(by_file)))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suites.set("tests", str(len(by_file)))
    suites.set("failures", str(failures))
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


FORMATS: dict[str, Formatter] = {
    "text": to_text,
    "json": to_json,
    "sarif": to_sarif,
    "github": to_github,
    "junit": to_junit,
}


def resolve(name: str) -> str:
    """`auto` is github inside GitHub Actions, text elsewhere."""
    if name == "auto":
        return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    return name
