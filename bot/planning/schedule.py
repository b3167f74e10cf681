"""Headings that name a slot of time in a schedule: "Week of 3 March", "Weeks 1-2", "Day 3", "Mon-Tue", "Q3".

A plan laid out as a schedule lists each slot's work under it; the slot is a phase, never a task of its
own, and its items are the tasks. (Numbered slots, "Week 2" or "Sprint 14", are phases already.)
"""

from __future__ import annotations

import re

_DAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?"
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?"
          r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_SLOT = re.compile(
    r"^(?:(?:weeks?|sprints?|days?|months?|iterations?)\s+(?:(?:of|starting)\s+)?"
    rf"(?:\d|{_MONTH}\b)[\w\s,./\u2013-]{{0,25}}?"
    rf"|{_DAY}(?:\s*[\u2013/&-]\s*{_DAY}|\s+\d{{1,2}}(?:\s+{_MONTH})?)?"
    rf"|q[1-4](?:\s+\d{{4}})?|{_MONTH}(?:\s+\d{{1,4}})?(?:\s*[\u2013-]\s*(?:{_MONTH}\s*)?\d{{0,4}})?)"
    r"\s*(?:\([^()]{0,40}\))?\s*:?$",
    re.IGNORECASE,
)


def schedule_title(title: str) -> bool:
    """Whether a heading only names a slot of time ("Week of 3 March", "Days 1-3", "Mon-Tue (setup)")."""
    return _SLOT.match(title.strip()) is not None
