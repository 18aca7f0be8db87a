"""One of the six parts of the audit is missing or empty.

The method starts with an audit of the business before any objective is set: the state of the
market (`market`), what competitors do (`competitors`), the products and services offered
(`offer`), the target customers (`segments`), the prices to set (`pricing`) and the
communication and distribution channels at hand (`channels`). Everything after it rests on that
base: the review of last year is read against it, objectives answer what it found, and the
marketing mix sets product, price, place and promotion from it. A plan whose audit skips a part
sets its objectives blind on that side (no competitors: nothing to position against; no
segments: nobody to target).

Decisions where the plan format is silent:

- A part written but empty counts as missing: blank text (`market: ""`, `pricing:` with no value)
  or an empty list (`competitors: []`). Such a finding points at the empty value; a part not
  written at all is reported on the `audit` mapping, path `audit.<part>`.
- `channels` is complete only with both halves the method names, communication AND distribution:
  with one of them empty, one finding on `channels` says which half is missing.
- With no `audit` section at all, one finding on line 1 names the six parts rather than six
  findings on a section that does not exist.

Passes::

    audit:
      market: 14,000 residents, 600 new homes delivered in 2027
      competitors:
        - name: Maison Paul
      offer:
        - {name: Sourdough loaf, kind: product, price: 6.80}
      segments:
        - {id: families, name: Local families}
      pricing: 5 to 10 % above the franchise next door
      channels:
        communication: [instagram, flyers]
        distribution: [shop, click_and_collect]

Fails (2:3, no competitors, offer, segments or pricing; 4:5, no distribution channel)::

    audit:
      market: 14,000 residents, 600 new homes delivered in 2027
      channels:
        communication: [instagram, flyers]
"""

from __future__ import annotations

from collections.abc import Iterator

from opmkt.findings import Finding, Listed, Message, Severity, say
from opmkt.i18n import N_
from opmkt.lint.context import Context
from opmkt.plan.model import Audit, Plan

ID = "audit-incomplete"
SUMMARY = N_("one of market, competitors, offer, segments, pricing, channels is missing or empty")
DEFAULT_SEVERITY = Severity.WARNING

# In the order the method lists them, with what the author should write for each.
_PARTS: tuple[tuple[str, Message], ...] = (
    ("market", say("describe the state of the market (size, trends, recent changes)")),
    ("competitors", say("list the competitors, each with name, strengths and weaknesses")),
    ("offer", say("list the products and services offered, each with name, kind and price")),
    ("segments", say("list the target customers, each with id, name and size")),
    ("pricing", say("say how prices are set against the market")),
    (
        "channels",
        say("list the channels at hand as communication: [...] and distribution: [...]"),
    ),
)


def check(plan: Plan, ctx: Context) -> Iterator[Finding]:
    audit = plan.audit
    if audit is None:
        names = Listed(tuple(part for part, _fix in _PARTS))
        said = say("the plan has no audit: add an audit section with {names}", names=names)
        yield ctx.section_finding(ID, DEFAULT_SEVERITY, said, "audit")
        return
    for part, fix in _PARTS:
        if _is_empty(audit, part):
            # Written but empty: the finding lands on the empty value, where the fix goes.
            said = (
                say("audit.{part} is empty: {fix}", part=part, fix=fix)
                if ctx.has("audit", part)
                else say("audit.{part} is missing: {fix}", part=part, fix=fix)
            )
            yield ctx.finding(ID, DEFAULT_SEVERITY, said, ("audit", part))
    channels = audit.channels
    if channels is not None and not _is_empty(audit, "channels"):
        for half, other, example in (
            ("communication", "distribution", "[instagram, newsletter]"),
            ("distribution", "communication", "[shop, website]"),
        ):
            if not _texts(getattr(channels, half)):
                yield ctx.finding(
                    ID,
                    DEFAULT_SEVERITY,
                    say(
                        "audit.channels names {other} channels but no {half} channel: add "
                        "{half}: {example}",
                        other=other,
                        half=half,
                        example=example,
                    ),
                    ("audit", "channels", half),
                )


def _is_empty(audit: Audit, part: str) -> bool:
    value = getattr(audit, part)
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list):
        return not value
    # channels: empty only when neither half names a channel.
    return not _texts(value.communication) and not _texts(value.distribution)


def _texts(items: list[str]) -> list[str]:
    return [item for item in items if item.strip()]
