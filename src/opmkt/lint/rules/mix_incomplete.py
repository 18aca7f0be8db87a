"""A policy of the marketing mix is missing: one of the 4P, or of the 7P when services are sold.

The method frames the actions with the marketing mix: the 4P split operational marketing into
four policies, `product` (what is sold and what sets it apart), `price` (what it sells at),
`place` (where and through which channels it is distributed) and `promotion` (the communication
that reaches the target customers), and each action works on one of them. A policy left out is a
side of the offer no action was thought through for. The 7P add three policies that matter
where a service is sold, because the customer buys the experience as much as the result:
`people` (staff trained to serve customers), `process` (how the business runs, from order to
delivery) and `physical_evidence` (tangible signs that sway the customer's decision).

Decisions where the plan format is silent:

- A policy written with blank text (`price: ""`, or `price:` with no value) counts as missing;
  the finding points at the blank value, and at the `mix` mapping when the key is not written.
- "The offer has a service" means an item of `audit.offer` with `kind: service`; the message
  names the first one. Without one, the three extra P are never asked for.
- With no `mix` section, one warning on line 1 names the 4P, and (with a service offered) one
  info names the three extra P, rather than one finding per policy of a missing section.

Passes::

    mix:
      product: Organic sourdough breads and celebration cakes
      price: Premium on special breads, breakfast set at 3.90
      place: Shop, click and collect, cargo-bike delivery
      promotion: Instagram, local ads, welcome pack for new residents

Fails (2:3, no price; 4:10, place is blank)::

    mix:
      product: Organic sourdough breads and celebration cakes
      promotion: Instagram, local ads, welcome pack for new residents
      place: ""
"""

from __future__ import annotations

from collections.abc import Iterator

from opmkt.findings import Finding, Message, Severity, say
from opmkt.i18n import N_
from opmkt.lint.context import Context
from opmkt.plan.model import Mix, Plan

ID = "mix-incomplete"
SUMMARY = N_(
    "one of the 4P is missing (people, process, physical_evidence too when services are sold)"
)
DEFAULT_SEVERITY = Severity.WARNING

# Each policy with what the author should write for it, in the method's order.
_FOUR_P: tuple[tuple[str, Message], ...] = (
    ("product", say("what you sell and what sets it apart")),
    ("price", say("the price level, discounts and bundles")),
    ("place", say("the distribution channels and presence on the market")),
    ("promotion", say("the communication and advertising that reach the target customers")),
)
_SERVICE_P: tuple[tuple[str, Message], ...] = (
    ("people", say("how staff are trained to serve customers")),
    ("process", say("how a purchase runs, from order to delivery and after-sales")),
    (
        "physical_evidence",
        say("the tangible signs that reassure customers (reviews, shop front)"),
    ),
)


def check(plan: Plan, ctx: Context) -> Iterator[Finding]:
    service = _first_service(plan)
    mix = plan.mix
    if mix is None:
        yield ctx.section_finding(
            ID,
            DEFAULT_SEVERITY,
            say(
                "the plan has no marketing mix: add mix with product, price, place and "
                "promotion (the 4P)"
            ),
            "mix",
        )
        if service is not None:
            yield ctx.section_finding(
                ID,
                Severity.INFO,
                say(
                    "the offer includes a service ('{service}'): add people, process and "
                    "physical_evidence to the mix (the 7P)",
                    service=service,
                ),
                "mix",
            )
        return
    for policy, fix in _FOUR_P:
        if _blank(mix, policy):
            yield _missing(ctx, DEFAULT_SEVERITY, policy, say("say {fix}", fix=fix))
    if service is None:
        return
    for policy, fix in _SERVICE_P:
        if _blank(mix, policy):
            yield _missing(
                ctx,
                Severity.INFO,
                policy,
                say(
                    "the offer includes a service ('{service}'), so say {fix}",
                    service=service,
                    fix=fix,
                ),
            )


def _missing(ctx: Context, severity: Severity, policy: str, fix: Message) -> Finding:
    loc = ("mix", policy)
    said = (
        say("mix.{policy} is blank: {fix}", policy=policy, fix=fix)
        if ctx.has(*loc)
        else say("mix.{policy} is missing: {fix}", policy=policy, fix=fix)
    )
    return ctx.finding(ID, severity, said, loc)


def _blank(mix: Mix, policy: str) -> bool:
    value: str | None = getattr(mix, policy)
    return value is None or not value.strip()


def _first_service(plan: Plan) -> str | None:
    offer = plan.audit.offer if plan.audit is not None else None
    return next((item.name for item in offer or () if item.kind == "service"), None)
