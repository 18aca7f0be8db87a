"""Which budget line a row of an export is spend on: the lines' `match` patterns (`*` and `?`,
any case) against the row's source (campaign, account, description)."""

from __future__ import annotations

import difflib
import fnmatch
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from opmkt.findings import Value, say
from opmkt.plan.model import Plan
from opmkt.track.numbers import quoted


def pattern(text: str) -> re.Pattern[str]:
    """A `match` pattern as a regular expression: `*` any text, `?` one character, the rest
    as written, in any case. (fnmatch's `[…]` sets are not patterns here: `[` is itself.)"""
    escaped = fnmatch.translate(text.replace("[", "[[]"))
    return re.compile(escaped, re.IGNORECASE | re.DOTALL)


def matcher(text: str) -> Callable[[str], bool]:
    """Whether a source matches the `match` pattern `text`. Most patterns are a name then `*`:
    an ASCII source is compared with its start, without compiling a regular expression (a plan
    may have hundreds of patterns); any other is matched by `pattern`, compiled when first
    needed."""
    head = text[:-1]
    compiled: list[re.Pattern[str]] = []

    def by_pattern(source: str) -> bool:
        if not compiled:
            compiled.append(pattern(text))
        return compiled[0].match(source) is not None

    if not text.endswith("*") or not head.isascii() or "*" in head or "?" in head:
        return by_pattern
    start, size = head.lower(), len(head)

    def by_start(source: str) -> bool:
        # Beyond ASCII, case folds in ways lower() does not (K, the Kelvin sign, is a k).
        return source[:size].lower() == start if source.isascii() else by_pattern(source)

    return by_start


@dataclass(frozen=True)
class Placed:
    """Where a source goes: the one line, or why none (`problem`)."""

    line: str | None
    problem: Value | None = None


class Matcher:
    """The plan's lines and their patterns; each distinct source is placed once."""

    def __init__(self, patterns: Sequence[tuple[str, str]]) -> None:
        self._patterns = [(line, text, matcher(text)) for line, text in patterns]
        self._placed: dict[tuple[str, ...], Placed] = {}
        # Patterns by the text they start with (ASCII, lower case), so that a source is tried
        # against the few that may match it: a plan may have hundreds of patterns.
        self._by_start: dict[str, list[int]] = {}
        self._anywhere: list[int] = []
        for index, (_, text, _) in enumerate(self._patterns):
            start = re.split(r"[*?]", text, maxsplit=1)[0]
            if start and start.isascii():
                self._by_start.setdefault(start.lower(), []).append(index)
            else:
                self._anywhere.append(index)
        self._lengths = sorted({len(start) for start in self._by_start})

    @staticmethod
    def of(plan: Plan) -> Matcher:
        lines = plan.budget.lines if plan.budget else []
        return Matcher([(line.id, text) for line in lines for text in line.match or ()])

    @staticmethod
    def any_of(patterns: Sequence[str]) -> Callable[[str], bool]:
        """Whether a text matches one of `patterns`."""
        compiled = [pattern(text) for text in patterns]
        return lambda text: any(each.match(text) for each in compiled)

    def place(self, sources: tuple[str, ...]) -> Placed:
        placed = self._placed.get(sources)
        if placed is None:
            placed = self._placed[sources] = self._place(sources)
        return placed

    def _candidates(self, source: str) -> Iterable[int]:
        """The patterns that may match `source`: those starting as it does, and those that
        start with a wildcard or a character beyond ASCII (every pattern, for such a source)."""
        head = source[: self._lengths[-1]] if self._lengths else ""
        if not head.isascii():
            return range(len(self._patterns))
        head = head.lower()
        found = list(self._anywhere)
        for length in self._lengths:
            found += self._by_start.get(head[:length], ())
        return found

    def _place(self, sources: tuple[str, ...]) -> Placed:
        found: dict[str, str] = {}
        tried = sorted({index for source in sources for index in self._candidates(source)})
        for index in tried:
            line, text, matches = self._patterns[index]
            if line not in found and any(map(matches, sources)):
                found[line] = text
        if len(found) == 1:
            return Placed(next(iter(found)))
        shown = " / ".join(quoted(source) for source in sources if source) or say("(empty)")
        if found:
            which = ", ".join(f"{line} ({quoted(text)})" for line, text in found.items())
            return Placed(
                None,
                say("{source} matches several budget lines: {lines}", source=shown, lines=which),
            )
        return Placed(
            None,
            say(
                "{source} matches no budget line{nearest}",
                source=shown,
                nearest=self._nearest(sources),
            ),
        )

    def _nearest(self, sources: Iterable[str]) -> Value:
        """The patterns a source nearly matched, to show which one to widen."""
        if not self._patterns:
            return say(": no line of the plan has `match` patterns (add some, or give --line ID)")
        scored = []
        for line, text, _ in self._patterns:
            literal = text.replace("*", "").replace("?", "").casefold()
            score = max(
                difflib.SequenceMatcher(None, literal, source.casefold()).ratio()
                for source in sources
            )
            scored.append((score, line, text))
        scored.sort(key=lambda item: -item[0])
        near = ", ".join(f"{line} {quoted(text)}" for _, line, text in scored[:2])
        return say(
            " (nearest patterns: {patterns}): add a pattern to a line's `match`, or give --line ID",
            patterns=near,
        )
