"""Leave out the list items that hold schema errors, so that the rules can check the rest."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeAlias

Loc = tuple[str | int, ...]


def innermost_item(data: Any, loc: Loc) -> Loc | None:
    """The place of the innermost list item on the way to `loc`, or None outside any."""
    found: Loc | None = None
    node = data
    for depth, part in enumerate(loc):
        if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            found = loc[: depth + 1]
            node = node[part]
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            break
    return found


_DROP = None
"""In a trie of places to leave out, the mark of a place left out whole."""

Trie: TypeAlias = dict[str | int, "Trie | None"]


def _trie(items: set[Loc]) -> Trie:
    root: Trie = {}
    # Shortest first: an item inside one already left out needs nothing more.
    for item in sorted(items, key=len):
        node: Trie | None = root
        for part in item[:-1]:
            assert node is not None
            child = node.setdefault(part, {})
            if child is _DROP:
                node = None
                break
            node = child
        if node is not None:
            node[item[-1]] = _DROP
    return root


def without(data: Any, items: set[Loc], kept: dict[Loc, list[int]]) -> Any:
    """A copy of `data` without the list items at `items`, sharing every untouched part;
    `kept` gets, for each list that loses items (by its place), the indices it keeps."""
    return _without(data, _trie(items), (), kept)


def _without(data: Any, trie: Trie, prefix: Loc, kept: dict[Loc, list[int]]) -> Any:
    if isinstance(data, list):
        out, indices = [], []
        for i, value in enumerate(data):
            if i in trie and trie[i] is _DROP:
                continue
            sub = trie.get(i)
            out.append(_without(value, sub, (*prefix, i), kept) if sub else value)
            indices.append(i)
        if len(indices) != len(data):
            kept[prefix] = indices
        return out
    if isinstance(data, dict):
        copy = dict(data)
        for key, sub in trie.items():
            if key in copy and sub:
                copy[key] = _without(copy[key], sub, (*prefix, key), kept)
        return copy
    return data


def dropped_ids(data: Any, items: set[Loc], kinds: Mapping[str, str]) -> dict[str, set[str]]:
    """The ids of the plan's items left out, by the kind that references name: an objective
    takes its sub-objectives with it."""
    dropped: dict[str, set[str]] = {}
    for item in items:
        node = data
        for part in item:
            node = node[part]
        parent = item[-2] if len(item) > 1 else None
        if len(item) >= 4 and item[-4] == "audit" and item[-3] in ("swot", "pestel"):
            kind: str | None = "audit item"
        else:
            kind = kinds.get(parent) if isinstance(parent, str) else None
        if kind is None or (kind == "KPI" and item[0] != "kpis"):
            continue
        stack = [node]
        while stack:
            one = stack.pop()
            if not isinstance(one, dict):
                continue
            value = one.get("id")
            if isinstance(value, (str, int)) and not isinstance(value, bool):
                dropped.setdefault(kind, set()).add(str(value))
            if kind == "objective" and isinstance(one.get("objectives"), list):
                stack.extend(one["objectives"])
    return dropped
