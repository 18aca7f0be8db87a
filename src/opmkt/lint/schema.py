"""The JSON Schemas of the plan and actuals files, generated from the models."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from opmkt.plan.model import FORMULA_INPUTS, Actuals, Plan

DIALECT = "https://json-schema.org/draft/2020-12/schema"

ENUM_DESCRIPTIONS: dict[frozenset[str], dict[str, str]] = {
    frozenset(d): d
    for d in (
        {
            "sum": "The period's rows add up: sessions, orders, revenue.",
            "last": "The last row of the period counts: followers, subscribers.",
        },
        {
            "press": "Newspapers and magazines.",
            "posters": "Posters and billboards.",
            "tv": "Television.",
            "radio": "Radio.",
            "mobile": "Mobile apps and text messages.",
            "social_media": "Social networks.",
            "email": "Email and newsletters.",
            "website": "The organization's website.",
            "search": "Search engines: ads and SEO.",
            "events": "Events, fairs and shows.",
            "in_store": "In the shop: displays, tastings, staff.",
            "partnership": "Partners and co-marketing.",
            "other": "Any other channel.",
        },
        {
            "product": "Product: what is offered.",
            "price": "Price: how it is priced.",
            "place": "Place: where and how it is sold.",
            "promotion": "Promotion: how it is made known.",
            "people": "People: who serves the customers (7P).",
            "process": "Process: how the service is delivered (7P).",
            "physical_evidence": "Physical evidence: what customers see and touch (7P).",
        },
        {
            "business": "Activité: revenue, market share, new offers.",
            "communication": "Awareness and image.",
            "conversion": "Conversion et fidélisation: turning prospects into customers, and "
            "keeping them.",
        },
        {
            "roi": "(revenue − spend) / spend × 100; reads revenue and spend.",
            "cac": "spend / customers; reads spend and customers.",
            "average_basket": "revenue / orders; reads revenue and orders.",
            "conversion_rate": "conversions / visits × 100; reads conversions and visits.",
        },
        {
            "financial": "Measures money: revenue, margin, return on investment.",
            "performance": "Measures how well the actions work: visits, footfall, conversions.",
        },
        {"product": "Something sold.", "service": "Something done for the customer."},
        {
            "planned": "Not started yet.",
            "in_progress": "Under way.",
            "done": "Finished.",
            "cancelled": "Dropped: it targets nothing any more.",
        },
        {
            "requested": "Asked for, not received yet (does not satisfy quote-missing).",
            "received": "Received, not accepted yet.",
            "accepted": "Accepted: the quote's amount is committed.",
            "waived": "No quote is needed (media bought on an ad platform): give a reason.",
        },
        {"month": "Every month from `from` to `to`.", "quarter": "Every 3 months from `from`."},
        {
            "error": "Fails the run.",
            "warning": "Fails the run with --strict.",
            "info": "Never fails the run.",
        },
        {
            "client": "What the plan says, without validate's findings, rule ids or hints.",
            "team": "With validate's counts on the cover and its findings in an appendix.",
        },
        {
            "summary": "The budget, the money to date, each objective and the largest risks.",
            "audit": "Market, competitors, offer, segments, pricing, channels, SWOT, PESTEL.",
            "review": "Last period's review: keep, drop, adjust.",
            "mix-5c": "The marketing mix and the 5C.",
            "objectives": "The objectives as a tree, with their indicators and deadlines.",
            "actions": "The action plan and its timeline.",
            "budget": "The budget by objective, category, channel and month, and the quotes.",
            "indicators": "The indicators and their formulas.",
            "results": "Spend and progress as of a date (with actuals).",
            "appendix": "validate's findings (team audience only).",
        },
    )
}
_INPUTS = {
    "revenue": "The KPI id of the revenue.",
    "spend": "`budget` for the actual spend, or the KPI id of the spend.",
    "customers": "The KPI id of the customers won.",
    "orders": "The KPI id of the number of orders.",
    "conversions": "The KPI id of the conversions.",
    "visits": "The KPI id of the visits.",
}
ENUM_DESCRIPTIONS |= {
    frozenset(inputs): {name: _INPUTS[name] for name in inputs}
    for inputs in FORMULA_INPUTS.values()
}
"""A description of each value of each enum, for editors' completion and hover."""


def json_schema(kind: str = "plan") -> dict[str, Any]:
    model = Actuals if kind == "actuals" else Plan
    body = model.model_json_schema(mode="validation")
    if kind != "actuals":
        _rule_ids(body["$defs"]["LintSettings"]["properties"])
    _refine(body)
    return {"$schema": DIALECT, **body}


def _rule_ids(lint: dict[str, Any]) -> None:
    """lint.disable and the keys of lint.severity are rule ids: the registry's."""
    from opmkt.lint.rules import RULES

    ids = {"enum": list(RULES), "enumDescriptions": [rule.SUMMARY for rule in RULES.values()]}
    lint["disable"]["items"] = {"type": "string", **ids}
    lint["severity"]["propertyNames"] = ids


_SUBSCHEMA = ("items", "additionalProperties", "not", "if", "then", "else", "propertyNames")
_SUBSCHEMAS = ("anyOf", "oneOf", "allOf", "prefixItems")
_EMPTY = "Empty: the same as leaving the field out."


def _refine(schema: dict[str, Any]) -> None:
    """What pydantic's schema lacks for editors. yaml-language-server heads a hover with a
    title: every property gets one from its key, and no definition keeps its class name
    (`PlanInfo`). Its hover also joined the titles of both branches of an optional field's
    `anyOf` when neither had a description ("Organization || Organization"): the empty
    branch says what it means. Numeric defaults are numbers, not text, and each value of an
    enum has a description, for completion and hover."""
    if isinstance(schema.get("default"), str) and schema.get("type") == "number":
        value = float(schema["default"])
        schema["default"] = int(value) if value.is_integer() else value
    if "enum" in schema and "enumDescriptions" not in schema:
        described = ENUM_DESCRIPTIONS.get(frozenset(map(str, schema["enum"])))
        if described is not None:
            schema["enumDescriptions"] = [described[str(value)] for value in schema["enum"]]
    for branch in schema.get("anyOf", []):
        if branch == {"type": "null"}:
            branch["description"] = _EMPTY
    for name, sub in schema.get("properties", {}).items():
        sub["title"] = " ".join(word.capitalize() for word in name.split("_"))
    for sub in schema.get("$defs", {}).values():
        sub.pop("title", None)
    for sub in _subschemas(schema):
        _refine(sub)


def _subschemas(schema: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The schemas directly inside `schema`, in every keyword that holds one."""
    for key in _SUBSCHEMA:
        if isinstance(schema.get(key), dict):
            yield schema[key]
    for key in _SUBSCHEMAS:
        yield from schema.get(key, [])
    for key in ("patternProperties", "properties", "$defs"):
        yield from schema.get(key, {}).values()


def render(kind: str = "plan") -> str:
    return json.dumps(json_schema(kind), ensure_ascii=False, indent=2) + "\n"
