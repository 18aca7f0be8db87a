"""Where a finding is, as CI tools name it: paths from the repository root, and fingerprints
that follow a finding from one run to the next."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable
from pathlib import Path

from opmkt.findings import Finding


def source_root() -> Path | None:
    """The repository root: `GITHUB_WORKSPACE` in GitHub Actions, else the nearest folder
    holding `.git` from the current one; None outside any repository."""
    workspace = os.environ.get("GITHUB_WORKSPACE")
    if workspace:
        return Path(workspace).resolve()
    here = Path.cwd()
    return next((p for p in (here, *here.parents) if (p / ".git").exists()), None)


def from_root(file: str, root: Path | None) -> str | None:
    """The file's path from the root, `/`-separated and normalised, or None outside it."""
    absolute = Path(file).resolve()
    if root is None or not absolute.is_relative_to(root):
        return None
    return absolute.relative_to(root).as_posix()


def repository_path(file: str, root: Path | None) -> str:
    """The path from the repository root, or the path as given, normalised, outside it."""
    relative = from_root(file, root)
    return relative if relative is not None else Path(os.path.normpath(file)).as_posix()


# A message that cites a line ("already used on line 12") would change with lines above it.
_LINE_REFERENCE = re.compile(r"\b(line|column) \d+")


def fingerprints(findings: Iterable[Finding], root: Path | None) -> list[str]:
    """One fingerprint per finding, in order: a hash of the rule, the file from the
    repository root, the item's path in the document and the message (its line numbers left
    out), never of the finding's own line, so that a finding keeps its fingerprint when lines
    are added or removed above it. Two findings that would share one are told apart by their
    order, as code scanning and GitLab keep only one finding per fingerprint."""
    seen: dict[str, int] = {}
    paths: dict[str, str] = {}  # a file's path is resolved once, not once per finding
    out = []
    for finding in findings:
        if finding.file not in paths:
            paths[finding.file] = repository_path(finding.file, root)
        message = _LINE_REFERENCE.sub(r"\1", finding.message)
        key = "\0".join((finding.rule, paths[finding.file], finding.path, message))
        seen[key] = seen.get(key, 0) + 1
        digest = hashlib.sha256(f"{key}\0{seen[key]}".encode("utf-8", "surrogatepass"))
        out.append(digest.hexdigest()[:32])
    return out
