"""The one Jinja environment of opmkt: sandboxed, strict about undefined names."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, select_autoescape
from jinja2.sandbox import SandboxedEnvironment


def yaml_str(value: Any) -> str:
    """A YAML double-quoted scalar holding `value` as text (JSON strings are valid YAML)."""
    return json.dumps(str(value), ensure_ascii=False)


# Markdown that plan text must not start: emphasis, code, links, tables, strikethrough, math
# (`$` on GitHub); `_` only where it can open or close emphasis (not inside social_media).
_MD_INLINE = re.compile(r"[\\`*\[\]|~$]|(?<![^\W_])_|_(?![^\W_])")
_MD_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
# What makes a line a heading, a list item, a rule or a setext underline (`>` is an entity).
_MD_LINE_START = re.compile(r"^(?:([#+\-=])|([0-9]+)([.)]))")
_NEWLINES = re.compile(r"\r\n|\r|\n")
_BLANK_LINES = re.compile(r"\n[ \t]*\n")


def _md_inline(text: str) -> str:
    """Plain text as literal Markdown: no markup, no raw HTML (`<` and `>` as entities)."""
    text = _MD_ENTITY.sub("&amp;", text)
    text = _MD_INLINE.sub(lambda m: "\\" + m.group(), text)
    return text.replace("<", "&lt;").replace(">", "&gt;")


def md_cell(value: Any) -> str:
    """Text from the plan in a Markdown table cell, list item or heading: escaped, on one line
    (`<br>` for its line breaks), nothing at its start that would make a heading or a list."""
    text = _MD_LINE_START.sub(_escape_line_start, _md_inline(str(value)).strip(), count=1)
    return _NEWLINES.sub("<br>", text)


def md_text(value: Any) -> str:
    """Text from the plan as Markdown paragraphs: escaped, wrapped lines joined, a blank line
    between paragraphs, nothing that could start a heading or a list."""
    paragraphs = _BLANK_LINES.split(_NEWLINES.sub("\n", str(value)).strip())
    out = []
    for paragraph in paragraphs:
        line = _md_inline(" ".join(paragraph.split()))
        if line:
            out.append(_MD_LINE_START.sub(_escape_line_start, line, count=1))
    return "\n\n".join(out)


def _escape_line_start(match: re.Match[str]) -> str:
    if match.group(1):
        return "\\" + match.group(1)
    return match.group(2) + "\\" + match.group(3)


def paragraphs(value: Any) -> list[str]:
    """Text as its paragraphs (split at blank lines), each on one line: wrapped lines in a
    YAML block are one paragraph, as a reader expects."""
    text = _NEWLINES.sub("\n", str(value)).strip()
    return [" ".join(p.split()) for p in _BLANK_LINES.split(text) if p.strip()]


def md_indent(depth: Any) -> str:
    """Indentation at the start of a Markdown table cell (leading spaces would be trimmed)."""
    return "&emsp;" * max(int(depth), 0)


def environment(*search_path: Path) -> SandboxedEnvironment:
    """Templates run sandboxed: a template from a repository under review cannot reach Python
    internals. Autoescape is on for HTML templates, chosen by file name.

    The search path is in order: a user's template folder first lets its templates replace or
    extend (`{% extends "base.html.j2" %}`) the shipped ones of the same name."""
    env = SandboxedEnvironment(
        loader=FileSystemLoader([str(p) for p in search_path]),
        undefined=StrictUndefined,
        autoescape=select_autoescape(["html", "html.j2", "htm"], default=False),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["yaml_str"] = yaml_str
    env.filters["md_cell"] = md_cell
    env.filters["md_text"] = md_text
    env.filters["md_indent"] = md_indent
    env.filters["paragraphs"] = paragraphs
    return env
