"""Formatters of validation reports, in one registry; machine formats are plain stdout."""

from __future__ import annotations

import json
from collections.abc import Callable

from opmkt.findings import Severity
from opmkt.lint import Report


def summary_counts(report: Report) -> dict[str, int]:
    return {
        "files": report.files,
        "error": report.count(Severity.ERROR),
        "warning": report.count(Severity.WARNING),
        "info": report.count(Severity.INFO),
    }


def to_json(report: Report) -> str:
    document = {
        "findings": [f.as_json() for f in report.findings],
        "summary": summary_counts(report),
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def summary_line(report: Report) -> str:
    counts = summary_counts(report)
    files = f"{counts['files']} file" + ("" if counts["files"] == 1 else "s")
    parts = [
        _plural(counts["error"], "error"),
        _plural(counts["warning"], "warning"),
        f"{counts['info']} info",
    ]
    return f"{files} checked: {', '.join(parts)}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def to_text(report: Report) -> str:
    """`file:line:column: severity rule message`, one per line, then a summary line."""
    lines = [
        f"{f.file}:{f.line}:{f.column}: {f.severity.value} {f.rule} {f.message}"
        for f in report.findings
    ]
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"


FORMATS: dict[str, Callable[[Report], str]] = {"text": to_text, "json": to_json}
