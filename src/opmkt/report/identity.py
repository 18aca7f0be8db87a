"""The document's date and the plan's version, as a report's cover states them.

A report says which plan it shows: the git commit that last changed the plan file (and
whether the file has changed since), or, outside a repository, the day the file was last
written. Both can be pinned from the environment, so that a document can be rebuilt the same:
`SOURCE_DATE_EPOCH` (the reproducible-builds convention) is today, and `OPMKT_PLAN_VERSION`
the version shown.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path
from typing import NamedTuple

from opmkt.errors import UsageError
from opmkt.findings import say

PIN_VERSION = "OPMKT_PLAN_VERSION"
PIN_TODAY = "SOURCE_DATE_EPOCH"
_GIT_SECONDS = 10
# Git settings that would run a program of the repository's choosing: a plan may come from
# someone else's repository, and reading its version must not run anything of theirs.
_SAFE_GIT = ("-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null")


class Version(NamedTuple):
    """`commit` (a short hash, `modified` when the file differs from it), else the file's
    `written` day, else `pinned` text from the environment."""

    commit: str = ""
    modified: bool = False
    written: dt.date | None = None
    pinned: str = ""


def today() -> dt.date:
    """Today, or the day SOURCE_DATE_EPOCH (seconds since 1970, UTC) names."""
    pinned = os.environ.get(PIN_TODAY, "").strip()
    if not pinned:
        return dt.date.today()
    try:
        return dt.datetime.fromtimestamp(int(pinned), tz=dt.UTC).date()
    except (ValueError, OverflowError, OSError):
        raise UsageError(
            say(
                "{variable}={value} is not a time: write seconds since 1970-01-01 UTC",
                variable=PIN_TODAY,
                value=repr(pinned),
            )
        ) from None


def plan_version(plan: Path) -> Version:
    """The version of the plan file: OPMKT_PLAN_VERSION when set, else its last commit when
    git knows the file, else the day it was last written."""
    pinned = os.environ.get(PIN_VERSION, "").strip()
    if pinned:
        return Version(pinned=pinned)
    committed = _git_version(plan)
    if committed is not None:
        return committed
    stamp = plan.stat().st_mtime
    return Version(written=dt.datetime.fromtimestamp(stamp, tz=dt.UTC).date())


def _git_version(plan: Path) -> Version | None:
    """The last commit that changed `plan`, and whether it changed since; None when git is
    missing, the folder is no repository or the file was never committed."""
    status = _git(plan, "status", "--porcelain=v1", "--no-renames", "--", plan.name)
    if status is None or status.startswith("??") or status.startswith("!!"):
        return None
    commit = _git(plan, "log", "-1", "--format=%h", "--", plan.name)
    if not commit:
        return None
    return Version(commit=commit.strip(), modified=bool(status.strip()))


def _git(plan: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", *_SAFE_GIT, "-C", str(plan.parent.resolve()), *args],
            capture_output=True,
            text=True,
            timeout=_GIT_SECONDS,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None
