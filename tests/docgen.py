"""The parts of the docs that are generated from the code, and the blocks that hold them.

The plan format's field tables come from the JSON Schema that `opmkt schema` prints (itself
generated from the models), its rule table from the rule registry, and each command page's help
block from the command. `tests/test_docs.py` fails when a committed block differs from what this
module generates; `pytest --update-golden` rewrites the blocks.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from opmkt.lint.rules import RULES
from opmkt.lint.schema import json_schema

BLOCK = re.compile(
    r"(<!-- opmkt-(?P<kind>help|output|generated): (?P<name>[a-z -]+) -->\n)"
    r"(?P<body>.*?)"
    r"(<!-- /opmkt-(?P=kind) -->)",
    re.DOTALL,
)
"""A generated block: between `<!-- opmkt-KIND: NAME -->` and `<!-- /opmkt-KIND -->`."""

Schema = dict[str, Any]


def blocks(text: str) -> dict[tuple[str, str], str]:
    """The generated blocks of a page, by (kind, name)."""
    return {(m["kind"], m["name"]): m["body"] for m in BLOCK.finditer(text)}


def refresh(text: str, render: Callable[[str, str], str]) -> str:
    """The page with every generated block replaced by `render(kind, name)`."""
    return BLOCK.sub(lambda m: m[1] + render(m["kind"], m["name"]) + m[5], text)


def text_block(body: str) -> str:
    """A command's output as a fenced block, as the pages show it."""
    return f"```text\n{body}```\n"


def rule_table() -> str:
    """The rule ids of `opmkt validate`, from the registry, in its order."""
    rows = ["| id | default | what it checks |", "|---|---|---|"]
    for rule in RULES.values():
        link = f"[`{rule.ID}`](rules.md#{rule.ID})"
        rows.append(f"| {link} | {rule.DEFAULT_SEVERITY.value} | {_cell(rule.SUMMARY)} |")
    return "\n".join(rows) + "\n"


def field_tables(kind: str) -> str:
    """One table per mapping of a plan (or actuals) file, in the order a file reads."""
    schema = json_schema(kind)
    prefix = "" if kind == "plan" else "actuals: "
    headings = _headings(schema, prefix)
    out: list[str] = []
    out += _table(f"{prefix}top level", schema, schema["$defs"], headings)
    for name, heading in headings.items():
        out += _table(heading, schema["$defs"][name], schema["$defs"], headings)
    return "\n".join(out)


def choice_tables() -> str:
    """What each value of each list of choices of a plan means, with the fields that take it."""
    schema = json_schema("plan")
    headings = _headings(schema, "")
    fields: dict[tuple[str, ...], list[str]] = {}
    meanings: dict[tuple[str, ...], list[str]] = {}
    for name, heading in headings.items():
        for field, prop in schema["$defs"][name].get("properties", {}).items():
            for choice in _choices(prop):
                values = tuple(choice["enum"])
                if values != tuple(RULES) and f"`{heading}.{field}`" not in fields.get(values, []):
                    fields.setdefault(values, []).append(f"`{heading}.{field}`")
                    meanings[values] = choice["enumDescriptions"]
    out: list[str] = []
    for values, where in fields.items():
        out += [", ".join(where) + ":", "", "| value | meaning |", "|---|---|"]
        out += [f"| `{v}` | {_cell(m)} |" for v, m in zip(values, meanings[values], strict=True)]
        out.append("")
    return "\n".join(out)


def _choices(prop: Schema) -> list[Schema]:
    """The lists of choices a property takes, in its branches, items and values."""
    if "enum" in prop:
        return [prop]
    found: list[Schema] = []
    for branch in prop.get("anyOf", []) + prop.get("oneOf", []):
        found += _choices(branch)
    for key in ("items", "additionalProperties"):
        if isinstance(prop.get(key), dict):
            found += _choices(prop[key])
    return found


def _headings(schema: Schema, prefix: str) -> dict[str, str]:
    """Each definition named by the first path where a file holds it (`budget.lines[]`)."""
    found: dict[str, str] = {}

    def visit(node: Schema, path: str) -> None:
        for field, prop in node.get("properties", {}).items():
            for ref, suffix in _refs(prop):
                name = ref.rsplit("/", 1)[1]
                if name not in found:
                    found[name] = prefix + path + field + suffix
                    visit(schema["$defs"][name], path + field + suffix + ".")

    visit(schema, "")
    return found


def _refs(prop: Schema, suffix: str = "") -> list[tuple[str, str]]:
    """The definitions a property holds, with how its path goes on to them (`[]`, `.*`)."""
    if "$ref" in prop:
        return [(prop["$ref"], suffix)]
    found: list[tuple[str, str]] = []
    for branch in prop.get("anyOf", []) + prop.get("oneOf", []):
        found += _refs(branch, suffix)
    if isinstance(prop.get("items"), dict):
        found += _refs(prop["items"], suffix + "[]")
    if isinstance(prop.get("additionalProperties"), dict):
        found += _refs(prop["additionalProperties"], suffix + ".*")
    return found


def _table(heading: str, node: Schema, defs: Schema, headings: dict[str, str]) -> list[str]:
    required = set(node.get("required", []))
    rows = [f"### `{heading}`", ""]
    if heading.endswith("top level"):
        rows[0] = f"### {heading.capitalize()}"
    rows += ["| field | value | required or default | what it is |", "|---|---|---|---|"]
    for field, prop in node.get("properties", {}).items():
        need = "required" if field in required else _default(prop)
        what = _cell(prop.get("description", ""))
        rows.append(f"| `{field}` | {_value(prop, headings)} | {need} | {what} |")
    return [*rows, ""]


def _default(prop: Schema) -> str:
    value = prop.get("default")
    if value is None or value == [] or value == {}:
        return ""
    return f"`{value}`"


_WORDS = {
    "^[A-Za-z0-9._-]+$": "id",
    "^[A-Z]{3}$": "currency code",
    "^[a-z]{2,3}(_[A-Z]{2})?$": "locale",
    "^[0-9]{4}-(0[1-9]|1[0-2])$": "month `YYYY-MM`",
    "^#[0-9A-Fa-f]{6}$": "colour `#rrggbb`",
}


def _value(prop: Schema, headings: dict[str, str]) -> str:
    """What a field holds, in words: `list of id`, `date YYYY-MM-DD`, a link to a mapping."""
    if "$ref" in prop:
        heading = headings[prop["$ref"].rsplit("/", 1)[1]]
        return f"[mapping](#{_anchor(heading)})"
    branches = [b for b in prop.get("anyOf", []) + prop.get("oneOf", []) if b.get("type") != "null"]
    if len(branches) == 2 and branches[1].get("items") == branches[0]:
        return _value(branches[0], headings) + ", or a list of them"
    if branches:
        return " or ".join(_value(branch, headings) for branch in branches)
    if "const" in prop:
        return f"`{prop['const']}`"
    if "enum" in prop:
        if prop["enum"] == list(RULES):
            return "[rule id](rules.md)"
        return " \\| ".join(f"`{value}`" for value in prop["enum"])
    if prop.get("format") == "date":
        return "date `YYYY-MM-DD`"
    if "pattern" in prop:
        return _WORDS[prop["pattern"]]
    if prop.get("type") == "array":
        return "list of " + _value(prop["items"], headings)
    if prop.get("type") == "object":
        return _mapping(prop, headings)
    if prop.get("type") == "number":
        return "number ≥ 0" if prop.get("minimum") == 0 else "number"
    return {"string": "text", "integer": "integer"}[prop["type"]]


def _mapping(prop: Schema, headings: dict[str, str]) -> str:
    keys = _value(prop.get("propertyNames", {"type": "string"}), headings)
    values = prop.get("additionalProperties") or next(iter(prop["patternProperties"].values()))
    value = _value(values, headings)
    if values.get("exclusiveMinimum") == 0:
        value = "number > 0"
    return f"mapping of {keys} → {value}"


def _anchor(heading: str) -> str:
    """The id the site gives a heading (Python-Markdown's): `budget.lines[]` → `budgetlines`."""
    text = re.sub(r"[^\w\s-]", "", heading).strip().lower()
    return re.sub(r"[-\s]+", "-", text)


def _cell(text: str) -> str:
    """Text in a Markdown table cell: a `|` would end the cell."""
    return " ".join(text.split()).replace("|", "\\|")
