"""References to other tasks as authors write them: "Task 3", "Tasks 1-3, 5", "Phase 2, 4", "T012", "#2".

Pure functions over one short line (callers cap the length). Every pattern is linear: no quantified
group can match the same text two ways, and ranges are expanded with a cap, so hostile text such
as "Tasks 1-999999999" costs nothing.
"""

from __future__ import annotations

import re

MAX_RANGE = 200
ALL = "*"  # "All phases", "all previous tasks": every earlier task

_NUM = r"(?:[A-Za-z]?\d{1,6}(?:\.\d{1,4}){0,3}[a-z]?)"
_WORD = r"(?:tasks?|steps?|phases?|stages?|milestones?|(?:task\s)?groups?|stor(?:y|ies)|items?|packages?|wps?)"
_LIST = rf"#?{_NUM}(?:\s*(?:-|\u2013|to|through)\s*#?{_NUM})?"
_NAMED = re.compile(
    rf"\b{_WORD}\s*(?>(?P<list>{_LIST}(?:\s*(?:,|/|&|\band\b|\bor\b)\s*(?:{_WORD}\s*)?{_LIST})*+))",
    re.IGNORECASE,
)
_HASH = re.compile(rf"(?<![\w/])#({_NUM})\b")
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
_ALL = re.compile(rf"\ball\s+(?:(?:the\s+)?(?:previous|prior|earlier|other|above)\s+)?{_WORD}\b", re.IGNORECASE)
_PART = re.compile(rf"{_NUM}(?:\s*(?:-|\u2013|to|through)\s*#?{_NUM})?", re.IGNORECASE)
_SEPARATOR = re.compile(r"\s*(?:-|\u2013|to|through)\s*#?", re.IGNORECASE)
_ID_RANGE = re.compile(r"^(?P<prefix>[A-Z][A-Z_-]*?)(?P<low>\d{1,6})-(?P<prefix2>[A-Z][A-Z_-]*?)(?P<high>\d{1,6})$")
_NONE = frozenset(("none", "nothing", "n/a", "na", "-", "—", "\u2013", "independent", "no dependencies", "tbd"))


def numbered_refs(text: str, ids: frozenset[str] = frozenset()) -> list[str]:
    """Task numbers and ids named in `text`, ranges expanded, in order; ALL for "all phases"."""
    found: list[str] = []
    if _ALL.search(text):
        found.append(ALL)
    for match in _NAMED.finditer(text):
        for part in _PART.finditer(match.group("list")):
            found += _expand(part.group(0))
    found += ["#" + match.group(1) for match in _HASH.finditer(text)]  # "#3": a place in the plan
    if ids:
        words = _TOKEN.finditer(text.replace("\u2013", "-"))  # an en dash joins a range as a hyphen does
        found += [name for match in words for name in _ids_in(match.group(0).rstrip(".-_"), ids)]
    return list(dict.fromkeys(found))


def _ids_in(word: str, ids: frozenset[str]) -> list[str]:
    """The plan's ids a word names: itself, or every id of a range such as "T004-T006" or "QB-2-QB-5"."""
    word = word.upper()
    if word in ids:
        return [word]
    match = _ID_RANGE.match(word)
    if match is None or match.group("prefix") != match.group("prefix2"):
        return []
    low, high, width = int(match.group("low")), int(match.group("high")), len(match.group("low"))
    if not 0 <= high - low <= MAX_RANGE:
        return []
    names = [f"{match.group('prefix')}{number:0{width}d}" for number in range(low, high + 1)]
    return [name for name in names if name in ids]


def says_none(text: str) -> bool:
    """Whether a dependency field says there is none ("None", "n/a", "independent")."""
    return text.strip().strip(".*_`").strip().lower() in _NONE


def _expand(text: str) -> list[str]:
    """"1-3" as ["1", "2", "3"]; "7.1" as itself; a range of non-integers is kept as its two ends."""
    ends = _SEPARATOR.split(text.strip().lstrip("#"), maxsplit=1)
    if len(ends) == 2 and all(end.isascii() and end.isdecimal() for end in ends):
        low, high = int(ends[0]), int(ends[1].lstrip("#"))
        if 0 <= high - low <= MAX_RANGE:
            return [str(number) for number in range(low, high + 1)]
    return [end.lstrip("#") for end in ends if end]
