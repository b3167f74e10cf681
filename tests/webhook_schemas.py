"""What GitHub's webhook schemas allow a delivery to leave out or send as null.

The octokit schemas beside the examples (`shared/github-webhooks/schemas/`, draft-07, strict) say for
every object which keys are required and which values may be null. `loosened(payload, schema)` walks
a real example alongside its schema and yields, one at a time, every variant GitHub may also send: an
optional key left out, or a nullable value sent as null. A parser that rejects any of them would
turn a valid delivery into a 400.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

Json = dict[str, Any]
Path_ = tuple[str | int, ...]


@cache
def _by_id(root: Path) -> dict[str, tuple[Json, Path]]:
    """Every schema by its `$id` (`issues$labeled`, `common/issue.schema.json`)."""
    found = {}
    for path in root.rglob("*.schema.json"):
        schema = json.loads(path.read_text(encoding="utf-8"))
        found[schema["$id"]] = (schema, path)
    return found


def _resolved(root: Path, schema: Json, where: Path) -> Iterator[tuple[Json, Path]]:
    """The alternatives a schema stands for, with `$ref`s followed (refs are relative to their file)."""
    if "$ref" in schema:
        ref = schema["$ref"]
        known = _by_id(root).get(ref)
        target, at = known if known else (json.loads((where.parent / ref).read_text(encoding="utf-8")),
                                          (where.parent / ref).resolve())
        yield from _resolved(root, target, at)
    elif "allOf" in schema:
        merged: Json = {"properties": {}, "required": []}
        for part in schema["allOf"]:
            for alternative, at in _resolved(root, part, where):
                for name, value in alternative.get("properties", {}).items():
                    merged["properties"].setdefault(name, (value, at))
                merged["required"] += alternative.get("required", [])
        yield merged, where
    elif "oneOf" in schema or "anyOf" in schema:
        for option in schema.get("oneOf", []) + schema.get("anyOf", []):
            yield from _resolved(root, option, where)
    else:
        yield schema, where


def _nullable(root: Path, schema: Json, where: Path) -> bool:
    for alternative, _ in _resolved(root, schema, where):
        kind = alternative.get("type")
        if kind == "null" or (isinstance(kind, list) and "null" in kind):
            return True
    return False


def _loosenable(root: Path, value: Any, schema: Json, where: Path, at: Path_) -> Iterator[tuple[str, Path_]]:
    """("drop" | "null", path) for each key of `value` the schema lets GitHub omit or null."""
    if isinstance(value, list):
        for alternative, there in _resolved(root, schema, where):
            if "items" in alternative and value:
                yield from _loosenable(root, value[0], alternative["items"], there, (*at, 0))
                return
        return
    if not isinstance(value, dict):
        return
    for alternative, there in _resolved(root, schema, where):
        properties = alternative.get("properties")
        if not properties:
            continue
        required = set(alternative.get("required", []))
        for name, entry in properties.items():
            sub, sub_where = entry if isinstance(entry, tuple) else (entry, there)
            if name not in value:
                continue
            if name not in required:
                yield "drop", (*at, name)
            if value[name] is not None and _nullable(root, sub, sub_where):
                yield "null", (*at, name)
            yield from _loosenable(root, value[name], sub, sub_where, (*at, name))
        return  # the first alternative with properties describes an object


def loosened(payload: Json, schema_path: Path) -> Iterator[tuple[str, Json]]:
    """(`drop issue.body` / `null issue.body`, the payload changed so) for every such key."""
    root = schema_path.parent.parent
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    seen = set()
    for change, at in _loosenable(root, payload, schema, schema_path.resolve(), ()):
        if (change, at) in seen:
            continue
        seen.add((change, at))
        variant = copy.deepcopy(payload)
        node: Any = variant
        for key in at[:-1]:
            node = node[key]
        if change == "drop":
            del node[at[-1]]
        else:
            node[at[-1]] = None
        yield f"{change} {'.'.join(str(key) for key in at)}", variant
