"""SARIF 2.1.0 for code-scanning dashboards: every rule's metadata and help, paths from the
repository root, and fingerprints that follow a finding across unrelated edits."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

from opmkt import __version__
from opmkt.findings import Finding, Severity
from opmkt.lint.engine import Report
from opmkt.lint.locations import fingerprints, from_root, source_root
from opmkt.lint.rules import RULES

_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"
FINGERPRINT = "opmkt/v1"
"""The key of opmkt's own fingerprint in `partialFingerprints`: a new way of computing it
gets a new version, so that dashboards do not match fingerprints of two kinds."""


def to_sarif(report: Report, color: bool = False, *, strict: bool = False) -> str:
    """SARIF 2.1.0, with every rule's metadata and help from its documentation. Paths are
    relative to `%SRCROOT%`, the repository root, as code scanning expects; a file outside it
    is a `file://` URI. A file that cannot be read is a tool execution notification."""
    root = source_root()
    ids = list(RULES)
    files = {f.file for f in report.findings} | {
        p.file for p in report.unreadable if p.file is not None
    }
    # Each file's location is resolved once, not once per finding.
    artifacts = {file: _artifact(file, root) for file in files}
    results = [
        _sarif_result(f, ids, artifacts[f.file], print_)
        for f, print_ in zip(report.findings, fingerprints(report.findings, root), strict=True)
    ]
    notifications = [
        {
            "level": "error",
            "message": {"text": problem.message},
            **(
                {"locations": [{"physicalLocation": artifacts[problem.file]}]}
                if problem.file is not None
                else {}
            ),
        }
        for problem in report.unreadable
    ]
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "opmkt",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": _rules(),
            }
        },
        "invocations": [
            {
                "executionSuccessful": not (report.unreadable or report.crashed),
                "toolExecutionNotifications": notifications,
            }
        ],
        "artifacts": [{"location": artifacts[a]["artifactLocation"]} for a in sorted(files)],
        "results": results,
        "columnKind": "unicodeCodePoints",
    }
    if root is not None:
        run["originalUriBaseIds"] = {SRCROOT: {"uri": root.as_uri().rstrip("/") + "/"}}
    document = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _rules() -> list[dict[str, Any]]:
    from opmkt.lint.ruledocs import description, help_markdown, help_text, help_uri

    rules = []
    for rule in RULES.values():
        entry: dict[str, Any] = {
            "id": rule.ID,
            "name": "".join(part.capitalize() for part in rule.ID.split("-")),
            "shortDescription": {"text": rule.SUMMARY},
            "fullDescription": {"text": description(rule)},
            "help": {"text": help_text(rule), "markdown": help_markdown(rule)},
            "defaultConfiguration": {"level": _SARIF_LEVEL[rule.DEFAULT_SEVERITY]},
        }
        uri = help_uri(rule)
        if uri is not None:
            entry["helpUri"] = uri
        rules.append(entry)
    return rules


def _artifact(file: str, root: Path | None) -> dict[str, Any]:
    relative = from_root(file, root)
    if relative is None:
        return {"artifactLocation": {"uri": Path(file).resolve().as_uri()}}
    return {"artifactLocation": {"uri": quote(relative), "uriBaseId": SRCROOT}}


def _sarif_result(
    finding: Finding, ids: list[str], artifact: dict[str, Any], fingerprint: str
) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "level": _SARIF_LEVEL[finding.severity],
        "message": {"text": finding.message},
        "locations": [
            {
                "physicalLocation": {
                    **artifact,
                    "region": {"startLine": finding.line, "startColumn": finding.column},
                },
                **(
                    {"logicalLocations": [{"fullyQualifiedName": finding.path}]}
                    if finding.path
                    else {}
                ),
            }
        ],
        "partialFingerprints": {FINGERPRINT: fingerprint},
    }
    if finding.rule in ids:
        result["ruleIndex"] = ids.index(finding.rule)
    return result
