"""Rule documentation, taken from each rule module's docstring: for `opmkt rules`, SARIF help
and `docs/rules.md`."""

from __future__ import annotations

import functools
import inspect

from opmkt.lint.rules import RULES, Rule

RULES_URL = "Validation rules"
"""The label, in the package's project URLs (`pyproject.toml`), of the page that documents
every rule (docs/rules.md as published): a rule's help is that page at the rule's anchor."""


def help_text(rule: Rule) -> str:
    """The whole documentation of a rule, as written in its module docstring."""
    return inspect.cleandoc(rule.__doc__ or rule.SUMMARY)


def help_markdown(rule: Rule) -> str:
    """The documentation with its examples as fenced YAML blocks."""
    return _rst_blocks_to_markdown(help_text(rule))


def help_uri(rule: Rule) -> str | None:
    """Where a reader finds the rule's documentation on the web, for SARIF viewers; None
    when opmkt runs without its package metadata (from a source folder)."""
    page = _rules_page()
    return None if page is None else f"{page}#{rule.ID}"


@functools.cache
def _rules_page() -> str | None:
    from importlib.metadata import PackageNotFoundError, metadata

    try:
        urls = metadata("opmkt").get_all("Project-URL") or []
    except PackageNotFoundError:
        return None
    for entry in urls:
        label, _, url = str(entry).partition(",")
        if label.strip() == RULES_URL:
            return url.strip()
    return None


def description(rule: Rule) -> str:
    """The rule's first paragraph after its title line: what it checks and why."""
    paragraphs = help_text(rule).split("\n\n")
    body = paragraphs[1] if len(paragraphs) > 1 else paragraphs[0]
    return " ".join(body.split())


def markdown() -> str:
    """`docs/rules.md`: every rule with its id, default severity and documentation."""
    out = [
        "# Validation rules",
        "",
        "<!-- Generated from the rule modules by `opmkt rules --markdown`: do not edit. -->",
        "",
        "Each rule can be turned off for a plan (`lint: {disable: [id]}`), given another "
        "severity (`lint: {severity: {id: error}}`), or silenced on one line with a trailing "
        "`# opmkt: ignore[id]` comment. `opmkt validate --select id` and `--ignore id` narrow "
        "one run.",
        "",
        "| rule | default | what it checks |",
        "|---|---|---|",
    ]
    out += [
        f"| [`{r.ID}`](#{r.ID}) | {r.DEFAULT_SEVERITY.value} | {r.SUMMARY} |"
        for r in RULES.values()
    ]
    for rule in RULES.values():
        title, _, rest = help_text(rule).partition("\n")
        out += [
            "",
            f"## {rule.ID}",
            "",
            f"Default severity: **{rule.DEFAULT_SEVERITY.value}**. {title}",
            "",
        ]
        out.append(_rst_blocks_to_markdown(rest.strip()))
    return "\n".join(out).rstrip() + "\n"


def _rst_blocks_to_markdown(text: str) -> str:
    """Turn the docstrings' `Passes::` literal blocks into fenced YAML blocks."""
    lines = text.splitlines()
    out: list[str] = []
    in_block = False
    for line in lines:
        if in_block and line and not line.startswith("    "):
            out.append("```")
            in_block = False
        if line.endswith("::") and not in_block:
            out.append(line[:-1])
            out.append("")
            out.append("```yaml")
            in_block = True
            continue
        if in_block:
            if line.strip() or out[-1] != "```yaml":
                out.append(line[4:])
            continue
        out.append(line)
    while in_block and out and not out[-1].strip():
        out.pop()
    if in_block:
        out.append("```")
    return "\n".join(out)
