"""An objective's title has fewer than 3 words.

The S of SMART: a title is what the team reads in every report, so it must say what changes,
for whom or by how much. One or two words ("Notoriété", "More sales") name a wish, not an
objective. Every objective is checked, at every depth.

A word is a run of characters between spaces that holds at least one letter or digit: a dash,
an ampersand or a currency sign standing alone does not count, "d'affaires" and
"click-and-collect" count once, and "7,80 €" counts once. A blank title counts 0 words.

Passes::

    objectives:
      - id: O1
        category: business
        title: Raise shop revenue by 10 %

Fails (3:12, two words)::

    objectives:
      - id: O1
        title: More sales
        category: business
"""

from __future__ import annotations

from collections.abc import Iterator

from opmkt.findings import Finding, Severity, say, say_n
from opmkt.i18n import N_
from opmkt.lint.context import Context
from opmkt.plan.model import Plan

ID = "smart-specific"
SUMMARY = N_("objective title has fewer than 3 words")
DEFAULT_SEVERITY = Severity.WARNING

MIN_WORDS = 3


def check(plan: Plan, ctx: Context) -> Iterator[Finding]:
    for at in ctx.index.objective_list:
        title = at.objective.title
        words = _words(title)
        if words >= MIN_WORDS:
            continue
        said = (
            say("title is blank")
            if words == 0
            else say_n(
                "title '{title}' has {n} word", "title '{title}' has {n} words", words,
                title=title.strip(),
            )
        )  # fmt: skip
        message = say(
            "objective '{id}' › {said}: say what changes, for whom or by how much, in {least} "
            "words at least (e.g. 'Raise the average basket to 8.50 €')",
            id=at.objective.id,
            said=said,
            least=MIN_WORDS,
        )
        yield ctx.finding(ID, DEFAULT_SEVERITY, message, (*at.loc, "title"))


def _words(title: str) -> int:
    return sum(1 for token in title.split() if any(c.isalnum() for c in token))
