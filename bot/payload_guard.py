"""Cheap checks that turn a pathological webhook payload into a 400 before it costs anything.

GitHub's payloads nest about ten levels deep and their lists hold a few hundred items at most. A
body nested thousands deep parses, then overflows the stack of whatever walks it next (storing it
raised `RecursionError`, a 500); a list of a million wrong items makes validation collect a million
errors (seconds and gigabytes before its 400). So depth is measured on the raw JSON text, before
it is parsed, and list sizes on the parsed payload, before it is validated; both in linear time.
"""

from __future__ import annotations

import re
from typing import Any

MAX_DEPTH = 64
MAX_ITEMS = 1_000

_STRING = re.compile(rb'"(?:[^"\\]++|\\.)*+"?', re.S)  # possessive, and an unclosed one runs to the end: linear
_NOT_BRACKET = bytes(byte for byte in range(256) if byte not in b"[]{}")
_PASSES = 3
_RUN = re.compile(rb"[\[{]+|[\]}]+")


def nesting_too_deep(json_text: bytes, limit: int = MAX_DEPTH) -> bool:
    """Whether the JSON text nests arrays and objects deeper than `limit` (brackets in strings do not count).

    Only brackets are kept (at C speed) and empty pairs dropped a few times, each time one level
    less, so a wide payload shrinks to little; then the depth is followed run by run, stopping as
    soon as it is too deep.
    """
    if json_text.count(b"[") + json_text.count(b"{") <= limit:
        return False
    brackets = _STRING.sub(b"", json_text).translate(None, _NOT_BRACKET)
    removed = 0
    while removed < _PASSES and brackets:
        brackets, removed = brackets.replace(b"[]", b"").replace(b"{}", b""), removed + 1
    depth = 0
    for run in _RUN.finditer(brackets):
        depth += len(run.group()) if run.group()[0] in b"[{" else -len(run.group())
        if depth + removed > limit:
            return True
    return False


def oversized_list(payload: Any, limit: int = MAX_ITEMS) -> str | None:
    """The dotted path of the first list longer than `limit`, or None. Iterative: no recursion to overflow."""
    pending: list[tuple[str, Any]] = [("", payload)]
    while pending:
        path, node = pending.pop()
        if isinstance(node, list):
            if len(node) > limit:
                return path or "<root>"
            pending += [(f"{path}[{index}]", item) for index, item in enumerate(node) if isinstance(item, dict | list)]
        elif isinstance(node, dict):
            pending += [(f"{path}.{key}" if path else str(key), value) for key, value in node.items()
                        if isinstance(value, dict | list)]
    return None
