"""The files an editor has open, each checked as `opmkt validate` checks it: the same loader
(from the editor's text rather than the disk), the same rules, settings and suppressions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

from opmkt.errors import OpmktError
from opmkt.findings import Finding
from opmkt.io.files import resolved, same_file
from opmkt.lint.context import Context
from opmkt.lint.engine import check
from opmkt.plan.loader import Loaded, clearly_not_opmkt, load, load_bytes
from opmkt.plan.model import Actuals, Plan
from opmkt.plan.walk import PlanIndex


@dataclass
class Checked:
    """One file as last checked: what it loaded to and what validation found."""

    path: Path
    loaded: Loaded | None
    findings: list[Finding] = field(default_factory=list)
    unreadable: str | None = None
    """Why the text could not be read at all (too many values): validate's `error:` line."""
    plan: Loaded | None = None
    """The plan itself, or the plan an actuals file tracks, when it loaded."""
    source: str | None = None
    """The editor's text that was checked (None: the file on disk)."""
    version: int | None = None
    """The editor's version of that text."""
    stamp: int | None = None
    """For a file read from disk, its modification time then: a later one is read again."""
    skipped: bool = False
    """The file is YAML but clearly no plan or actuals file: nothing is said about it."""

    @property
    def model(self) -> Plan | None:
        """The plan whose ids the file uses, whole or without the items that do not load."""
        if self.plan is None:
            return None
        if self.plan.plan is not None:
            return self.plan.plan
        return self.plan.rest if isinstance(self.plan.rest, Plan) else None

    @cached_property
    def index(self) -> PlanIndex | None:
        model = self.model
        return None if model is None else PlanIndex.build(model)

    @property
    def actuals(self) -> Actuals | None:
        if self.loaded is None:
            return None
        if self.loaded.actuals is not None:
            return self.loaded.actuals
        return self.loaded.rest if isinstance(self.loaded.rest, Actuals) else None

    def context(self) -> Context | None:
        """What the rules saw: the file with the plan it belongs to."""
        model = self.model
        if self.loaded is None or self.plan is None or model is None:
            return None
        return Context(self.loaded, model, self.actuals if self.loaded.kind == "actuals" else None)


class Session:
    """The open files' texts, by path, and the last check of each."""

    def __init__(self) -> None:
        self.as_of: dt.date | None = None
        """The day of the results shown (None: today), as `opmkt status --as-of`."""
        self.texts: dict[Path, str] = {}
        self.versions: dict[Path, int | None] = {}
        self.checked: dict[Path, Checked] = {}
        self.good: dict[Path, Checked] = {}
        """The last check of each file that had a plan: what completion offers while the text
        being typed does not load."""

    def edit(self, path: Path, text: str, version: int | None = None) -> None:
        self.texts[path] = text
        self.versions[path] = version

    def close(self, path: Path) -> None:
        self.texts.pop(path, None)
        self.versions.pop(path, None)
        self.checked.pop(path, None)
        self.good.pop(path, None)

    def load(self, path: Path) -> Loaded:
        """The file as the editor has it, else as it is on disk (OpmktError if unreadable)."""
        text = self.texts.get(path)
        if text is None:
            return load(path, str(path))
        return load_bytes(text.encode("utf-8", errors="surrogatepass"), str(path))

    def check(self, path: Path) -> Checked:
        """Check a file as validate does; an actuals file against its plan, taken from the
        editor when the plan is open there (its unsaved text is what the user sees)."""
        result = self._check(path)
        self.checked[path] = result
        if result.model is not None:
            self.good[path] = result
        return result

    def _check(self, path: Path) -> Checked:
        blank = Checked(
            path, None, source=self.texts.get(path), version=self.versions.get(path),
            stamp=self._stamp(path),
        )  # fmt: skip
        try:
            loaded = self.load(path)
        except OpmktError as exc:
            return replace(blank, unreadable=exc.message)
        if clearly_not_opmkt(loaded.doc):
            # Editors start the server for every YAML file (a CI workflow, a compose file):
            # those are left alone, as `validate --skip-non-plans` skips them.
            return replace(blank, loaded=loaded, skipped=True)
        tracked = tracked_plan(loaded)
        plans = {} if tracked is None else self._open_plan(tracked)
        findings = sorted(check(loaded, plans), key=lambda f: f.sort_key)
        # For an actuals file, the engine reads its plan into `plans` when it is not open.
        plan = loaded if loaded.kind == "plan" else next(iter(plans.values()), None)
        return replace(blank, loaded=loaded, findings=findings, plan=plan)

    def current(self, path: Path) -> Checked:
        """The check of the file as it is now: the last one, unless it has changed since."""
        checked = self.checked.get(path)
        if (
            checked is None
            or checked.source != self.texts.get(path)
            or checked.stamp != self._stamp(path)
        ):
            checked = self.check(path)
        return checked

    def _stamp(self, path: Path) -> int | None:
        if path in self.texts:
            return None
        try:
            return path.stat().st_mtime_ns
        except OSError:
            return None

    def _open_plan(self, tracked: Path) -> dict[Path, Loaded]:
        path = self._editor_path(tracked)
        if path is None:
            return {}
        try:
            return {resolved(tracked, str(tracked)): self.load(path)}
        except OpmktError:
            return {}

    def dependents(self, plan: Path) -> list[Path]:
        """The open actuals files that track `plan`: to check again when it changes."""
        out = []
        for path, checked in self.checked.items():
            tracked = None if checked.loaded is None else tracked_plan(checked.loaded)
            if tracked is not None and path in self.texts and same_file(tracked, plan):
                out.append(path)
        return out

    def actuals_of(self, plan: Checked) -> list[Checked]:
        """The actuals files of a plan: the open ones that track it, else the `actuals.yaml`
        beside it (where `opmkt track` and `opmkt status` look) when it tracks this plan."""
        found = [self.current(path) for path in self.dependents(plan.path)]
        if found:
            return found
        beside = plan.path.parent / "actuals.yaml"
        if beside == plan.path or not beside.is_file():
            return []
        try:
            loaded = load(beside, str(beside))
        except OpmktError:
            return []
        tracked = tracked_plan(loaded)
        if tracked is None or not same_file(tracked, plan.path):
            return []
        return [Checked(beside, loaded, plan=plan.loaded)]

    def family(self, path: Path) -> list[Checked]:
        """A plan and its actuals files, from either: where its ids are written."""
        checked = self.current(path)
        if checked.loaded is None:
            return []
        tracked = tracked_plan(checked.loaded)
        if tracked is None:
            return [checked, *self.actuals_of(checked)]
        plan = self.current(self._editor_path(tracked) or tracked)
        others = [a for a in self.actuals_of(plan) if a.path != path]
        return [plan, checked, *others]

    def _editor_path(self, tracked: Path) -> Path | None:
        return next((path for path in self.texts if same_file(path, tracked)), None)


def tracked_plan(loaded: Loaded) -> Path | None:
    """The plan an actuals file names, as a path; None for a plan."""
    if loaded.kind != "actuals":
        return None
    model = loaded.actuals if loaded.actuals is not None else loaded.rest
    if not isinstance(model, Actuals):
        return None
    return Path(loaded.file).parent / model.plan
