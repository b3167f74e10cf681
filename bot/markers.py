"""Hidden HTML-comment markers that let the bot find its own issues and comments on GitHub.

They are the source of truth when the database is lost: every sub-issue body carries the parent
number and task key, every bot comment says what it is.
"""

from __future__ import annotations

import re

_TASK = re.compile(r"<!--\s*coordinator:task\s+parent=(\d+)\s+key=([a-z0-9][a-z0-9-]*)\s*-->")
_GROUP = re.compile(r"<!--\s*coordinator:group\s+parent=(\d+)\s+index=(\d+)\s*-->")
_COMMENT = re.compile(r"<!--\s*coordinator:([a-z-]+)(?:\s+([^>]*?))?\s*-->")


def task_marker(parent: int, key: str) -> str:
    return f"<!-- coordinator:task parent={parent} key={key} -->"


def parse_task_marker(body: str | None) -> tuple[int, str] | None:
    """(parent number, task key) from a sub-issue body, or None if it is not one of ours."""
    match = _TASK.search(body or "")
    return (int(match.group(1)), match.group(2)) if match else None


def group_marker(parent: int, index: int) -> str:
    return f"<!-- coordinator:group parent={parent} index={index} -->"


def parse_group_marker(body: str | None) -> tuple[int, int] | None:
    """(parent number, part index) from the body of a part of a large plan, or None."""
    match = _GROUP.search(body or "")
    return (int(match.group(1)), int(match.group(2))) if match else None


def comment_marker(kind: str, detail: str = "") -> str:
    """Marks a bot comment: `roadmap`, `clarification`, `summary`, `review-aid`, `handover`…"""
    return f"<!-- coordinator:{kind} {detail} -->" if detail else f"<!-- coordinator:{kind} -->"


def comment_kind(body: str | None) -> tuple[str, str] | None:
    """(kind, detail) of the first coordinator marker in a comment, or None."""
    for match in _COMMENT.finditer(body or ""):
        if match.group(1) not in ("task", "group"):
            return match.group(1), (match.group(2) or "").strip()
    return None
