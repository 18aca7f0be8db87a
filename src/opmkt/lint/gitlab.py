"""GitLab Code Quality: the subset of Code Climate's issue format that GitLab reads from a
`codequality` report and shows in the merge request."""

from __future__ import annotations

import json

from opmkt.findings import Finding, Severity
from opmkt.lint.engine import Report
from opmkt.lint.locations import fingerprints, repository_path, source_root

_GITLAB_SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}
UNREADABLE = "unreadable"
"""The check name of a file that cannot be read: a `blocker`, since nothing in it was checked."""


def to_gitlab(report: Report, color: bool = False, *, strict: bool = False) -> str:
    """A JSON array of issues: description, check_name (the rule id), fingerprint (stable when
    unrelated lines move), severity (error major, warning minor, info info), and the path
    from the repository root with the line, as GitLab matches them to the merge request's
    files. A file that cannot be read is a blocker issue on it."""
    root = source_root()
    unreadable = [
        Finding(UNREADABLE, Severity.ERROR, p.message, p.file or "", 1, 1, "")
        for p in report.unreadable
    ]
    entries = [*unreadable, *report.findings]
    severities = ["blocker"] * len(unreadable) + [
        _GITLAB_SEVERITY[f.severity] for f in report.findings
    ]
    paths = {file: repository_path(file, root) for file in {f.file for f in entries}}
    issues = [
        {
            "type": "issue",
            "description": f.message,
            "check_name": f.rule,
            "fingerprint": fingerprint,
            "severity": severity,
            "location": {"path": paths[f.file], "lines": {"begin": f.line}},
        }
        for f, severity, fingerprint in zip(
            entries, severities, fingerprints(entries, root), strict=True
        )
    ]
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"
