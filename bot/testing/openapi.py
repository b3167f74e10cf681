"""GitHub's REST contract, as the fake GitHub checks it: every request against `operations.json`.

`bot/testing/data/github-openapi/operations.json` is GitHub's own OpenAPI description of its REST API,
extracted (see the README beside it). A request whose method and path are no operation, whose
query names an undocumented parameter or a value of the wrong type, or whose JSON body has a field
the operation's schema does not document (or lacks a required one) is a violation: the fake answers
it as usual and records it, and the test fails at teardown. So the fake accepts nothing GitHub
documents as refused, and the bot cannot come to rely on an endpoint or a field that does not exist.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

OPERATIONS = Path(__file__).resolve().parent / "data" / "github-openapi" / "operations.json"
NOT_REST = frozenset({"/graphql"})  # the GraphQL API has its own schema, not in the REST description


@dataclass(frozen=True)
class _Template:
    pattern: re.Pattern[str]
    params: tuple[str, ...]
    literal: int  # characters outside parameters: the more, the more specific
    methods: dict[str, dict[str, Any]]


@cache
def _templates() -> tuple[_Template, ...]:
    operations: dict[str, dict[str, dict[str, Any]]] = json.loads(OPERATIONS.read_text())["operations"]
    templates = []
    for path, methods in operations.items():
        multi = {name for op in methods.values() for name in op.get("multi_segment", [])}
        params = tuple(re.findall(r"\{([^}]+)\}", path))
        regex = re.escape(path)
        for name in params:
            regex = regex.replace(re.escape(f"{{{name}}}"), f"(?P<{_group(name)}>{'.+' if name in multi else '[^/]+'})")
        templates.append(_Template(re.compile(f"^{regex}$"), params, len(re.sub(r"\{[^}]+\}", "", path)), methods))
    return tuple(sorted(templates, key=lambda t: -t.literal))


def _group(name: str) -> str:
    return re.sub(r"\W", "_", name)


def violations(method: str, path: str, query: dict[str, str], body: Any) -> list[str]:
    """What in this request GitHub's REST description does not document; empty when it all does."""
    if path in NOT_REST:
        return []
    found = False
    for template in _templates():
        match = template.pattern.match(path)
        if match is None:
            continue
        values = {name: match[_group(name)] for name in template.params}
        op = template.methods.get(method)
        if op is None or not all(_fits(v, op.get("path", {}).get(n, {})) for n, v in values.items()):
            found = found or op is None
            continue
        return _query_problems(op, query) + _body_problems(op, body)
    return [f"{method} {path}: {'method not allowed on' if found else 'no such'} operation"]


def _query_problems(op: dict[str, Any], query: dict[str, str]) -> list[str]:
    documented = op.get("query", {})
    problems = [f"query parameter {name!r} is not documented for {op['id']}"
                for name in query if name not in documented]
    problems += [f"query parameter {name}={value!r} does not fit {op['id']}" for name, value in query.items()
                 if name in documented and not _fits(value, documented[name])]
    problems += [f"{op['id']} needs query parameter {name!r}" for name in op.get("query_required", [])
                 if name not in query]
    return problems


def _body_problems(op: dict[str, Any], body: Any) -> list[str]:
    if body is None:
        return [f"{op['id']} needs a JSON body"] if op.get("body_required") else []
    if "body" not in op:
        return [f"{op['id']} takes no JSON body"]
    return [f"{op['id']} body{where}" for where in _schema_problems(body, op["body"], "")]


def _fits(text: str, schema: dict[str, Any]) -> bool:
    """A path or query value (always text on the wire) against its parameter schema."""
    kind = schema.get("type")
    if kind == "integer" and not re.fullmatch(r"-?\d+", text):
        return False
    if kind == "boolean" and text not in ("true", "false"):
        return False
    return "enum" not in schema or text in [str(v) for v in schema["enum"]]


_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,), "integer": (int,), "number": (int, float), "boolean": (bool,),
    "array": (list,), "object": (dict,),
}


def _schema_problems(value: Any, schema: dict[str, Any], where: str) -> list[str]:
    """Undocumented or missing fields and wrong types; every alternative of oneOf/anyOf is tried."""
    if value is None:
        return [] if schema.get("nullable") or not schema else [f"{where or ''}: null is not allowed"]
    for key in ("oneOf", "anyOf"):
        if schema.get(key):
            rest = {k: v for k, v in schema.items() if k != key}
            tried = [_schema_problems(value, {**rest, **option}, where) for option in schema[key]]
            return [] if any(not t for t in tried) else min(tried, key=len)
    problems = [p for part in schema.get("allOf") or [] for p in _schema_problems(value, part, where)]
    kind = schema.get("type")
    if kind in _TYPES and (not isinstance(value, _TYPES[kind]) or (kind != "boolean" and isinstance(value, bool))):
        return [*problems, f"{where}: expected {kind}, got {type(value).__name__}"]
    if "enum" in schema and value not in schema["enum"]:
        problems.append(f"{where}: {value!r} is not one of {schema['enum']}")
    if isinstance(value, dict) and ("properties" in schema or kind == "object"):
        problems += _object_problems(value, schema, where)
    if isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            problems += _schema_problems(item, schema["items"], f"{where}[{index}]")
    return problems


def _object_problems(value: dict[str, Any], schema: dict[str, Any], where: str) -> list[str]:
    properties = schema.get("properties", {})
    extra = schema.get("additionalProperties")
    problems = [f"{where}.{name}: required field missing" for name in schema.get("required", []) if name not in value]
    for name, item in value.items():
        if name in properties:
            problems += _schema_problems(item, properties[name], f"{where}.{name}")
        elif isinstance(extra, dict):
            problems += _schema_problems(item, extra, f"{where}.{name}")
        elif properties or extra is False:
            problems.append(f"{where}.{name}: field not documented")
    return problems
