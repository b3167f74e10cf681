"""Hidden HTML-comment markers that let the bot find its own issues and comments on GitHub.

They are the source of truth when the database is lost: every sub-issue body carries the parent
number and task key, every bot comment says what it is. Anyone can paste a marker into a comment,
so a comment's marker counts only when the bot wrote the comment (`RepoGateway.own_comments`).

Comments are untrusted text of up to 65,536 characters, read before any permission check, so the
patterns are linear: possessive quantifiers that never give back, and a bounded detail, so each
`<!--` is looked at for a bounded number of characters.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.github_models import CommentRecord

MAX_DETAIL = 200  # a comment id, a task key (at most 64) or "kind:key"; nothing the bot writes is longer
_TASK = re.compile(r"<!--\s*+coordinator:task\s++parent=(\d{1,18}+)\s++key=([a-z0-9][a-z0-9-]{0,99}+)\s*+-->")
_GROUP = re.compile(r"<!--\s*+coordinator:group\s++parent=(\d{1,18}+)\s++index=(\d{1,9}+)\s*+-->")
_COMMENT = re.compile(rf"<!--\s*+coordinator:([a-z]{{1,40}}+(?:-[a-z]{{1,40}}+){{0,4}}+)([^>]{{0,{MAX_DETAIL}}}+)>")


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


def has_comment_marker(bodies: Iterable[str | None], kind: str, detail: str = "") -> bool:
    """Whether one of these comment bodies carries `comment_marker(kind, detail)`: how a comment
    the bot may already have posted (before a crash, or in a cancelled run) is found."""
    return any(comment_kind(body) == (kind, detail) for body in bodies)


def comment_of_kind(comments: Iterable[CommentRecord], kind: str) -> CommentRecord | None:
    """The first of these comments whose marker is of `kind`, whatever its detail: how the one
    comment of a kind the bot keeps on an issue (its roadmap, summary…) is found again on GitHub."""
    return next((comment for comment in comments if kind_of(comment.body) == kind), None)


def kind_of(body: str | None) -> str | None:
    """The kind of a comment's first coordinator marker, whatever its detail."""
    found = comment_kind(body)
    return found[0] if found is not None else None


def comment_kind(body: str | None) -> tuple[str, str] | None:
    """(kind, detail) of the first coordinator marker in a comment, or None.

    The detail runs to the first `>` and must end with `--` (the comment's close); it is split off
    by hand rather than by a lazy group next to `\\s*`, which backtracks cubically on spaces.
    """
    for match in _COMMENT.finditer(body or ""):
        kind, rest = match.group(1), match.group(2)
        detail = rest.removesuffix("--")
        if kind not in ("task", "group") and detail != rest and (not detail or detail[0].isspace()):
            return kind, detail.strip()
    return None
