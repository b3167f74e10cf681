"""Items exported from an issue tracker: "Epic CAR-310 …", "Story CAR-311 …", "Sub-task CAR-312 …".

A Jira-like outline names each line by its issue type and key. The key is the task's name (what
"is blocked by CAR-311" refers to); an epic gathers stories, so it is a phase, not a task of its own.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_TRACKED = re.compile(
    r"^(?P<type>(?i:epic|initiative|user\s+story|story|task|sub-?task|bug|spike|improvement|chore))"
    r"\s*[:\u2014\u2013-]?\s*(?P<key>[A-Z][A-Z0-9]{1,9}-\d{1,6})\b\s*[:.\u2014\u2013-]?\s*(?P<rest>\S.*)$"
)
_CONTAINERS = ("epic", "initiative")


class Tracked(NamedTuple):
    """An issue-tracker line read: whether it gathers others (an epic), its key and its title."""

    gathers: bool
    key: str
    title: str


def tracked_item(text: str) -> Tracked | None:
    """The tracker line `text` is, if it opens with an issue type and a key."""
    match = _TRACKED.match(text)
    if match is None:
        return None
    return Tracked(match.group("type").lower() in _CONTAINERS, match.group("key"), match.group("rest").strip())
