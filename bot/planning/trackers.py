"""Items exported from an issue tracker: "Epic CAR-310 …", "Story CAR-311 …", "[HIV-2] Story: …".

A Jira-like outline names each line by its issue type and key, in either order, the key sometimes in
brackets. The key is the task's name (what "is blocked by CAR-311" refers to, and what "blocks CAR-320"
makes wait); an epic gathers stories, so it is a phase, not a task of its own.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_TYPE = r"(?P<type>(?i:epic|initiative|user\s+story|story|task|sub-?task|bug|spike|improvement|chore))"
_KEY = r"\[?(?P<key>[A-Z][A-Z0-9]{1,9}-\d{1,6})\]?"
_SEP = r"\s*[:.\u2014\u2013-]?\s*"
_TRACKED = (
    re.compile(rf"^{_TYPE}{_SEP}{_KEY}\b{_SEP}(?P<rest>\S.*)$"),  # "Story CAR-311 Schema", "Story: CAR-311 - …"
    re.compile(rf"^{_KEY}\s*\(?{_TYPE}\)?{_SEP}(?P<rest>\S.*)$"),  # "[HIV-2] Story: …", "HIV-2 (Story) …"
    re.compile(r"^\[(?P<key>[A-Z][A-Z0-9]{1,9}-\d{1,6})\]\s*[:.\u2014\u2013-]?\s*(?P<rest>\S.*)$"),  # "[HIV-2] …"
)
_CONTAINERS = ("epic", "initiative")
_BLOCKS = re.compile(r"^\s*(?:blocks|is\s+blocking)\s*:?\s+(?P<keys>.+)$", re.IGNORECASE)
_KEYS = re.compile(r"\b[A-Z][A-Z0-9]{1,9}-\d{1,6}\b")


class Tracked(NamedTuple):
    """An issue-tracker line read: whether it gathers others (an epic), its key and its title."""

    gathers: bool
    key: str
    title: str


def tracked_item(text: str) -> Tracked | None:
    """The tracker line `text` is, if it opens with an issue type and a key, or a key in brackets."""
    for pattern in _TRACKED:
        match = pattern.match(text)
        if match is not None:
            kind = (match.groupdict().get("type") or "").lower()
            return Tracked(kind in _CONTAINERS, match.group("key"), match.group("rest").strip())
    return None


def blocked_keys(text: str) -> list[str]:
    """The keys a tracker link line says wait on its issue ("blocks CAR-320, CAR-323"); none for other lines."""
    match = _BLOCKS.match(text)
    return _KEYS.findall(match.group("keys")) if match else []
