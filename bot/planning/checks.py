"""Whether a checklist's box is a check to pass or a thing to build.

"Tests pass", "Docs updated", "Reviewed by a coordinator", "No console errors" state what must be true when the
work is done; "Entry schema", "Score board screen" name the work itself. A checklist of things to build, in a plan
with no other list of work, is the plan's task list; a checklist of checks is its criteria.
"""

from __future__ import annotations

import re
from itertools import pairwise

# A state said of the work: a verb of being or ability, or a result ("pass", "green")
_STATE_WORDS = frozenset((
    "is", "are", "was", "were", "be", "been", "has", "have", "had", "can", "could", "should", "must", "will",
    "pass", "passes", "passing", "green", "works", "succeeds", "fails",
))
# The process around any change, named alone ("Unit tests", "Documentation", "Changelog entry")
_PROCESS_WORDS = frozenset((
    "unit", "integration", "e2e", "end-to-end", "test", "tests", "testing", "coverage", "doc", "docs",
    "documentation", "readme", "changelog", "entry", "release", "notes", "code", "security", "peer", "review",
    "reviews", "lint", "linting", "ci", "qa", "sign-off", "approval", "screenshots", "the", "a", "and", "all",
))
_IRREGULAR_RESULTS = frozenset(("done", "written", "shown", "seen", "given", "taken", "built", "made", "run", "off"))
_WORD = re.compile(r"[a-z][a-z'-]*")
_MEASURE = re.compile(r"[%\u2264\u2265<>]|\b(?:under|within|below|above)\s+\d")


def reads_as_check(text: str) -> bool:
    """Whether a box states a condition the work must meet rather than naming work to do."""
    words = _WORD.findall(text.lower().replace("`", ""))
    if not words:
        return False
    stated = any(word in _STATE_WORDS for word in words) or _MEASURE.search(text) is not None
    # "Docs updated", "Reviewed by the committee"
    result = _participle(words[-1]) or any(_participle(word) and after == "by" for word, after in pairwise(words))
    negated = words[0] in ("no", "zero")  # "No console errors"
    return stated or result or negated or all(word in _PROCESS_WORDS for word in words)


def mostly_work(lines: list[str]) -> bool:
    """Whether more than half of a checklist's boxes name work rather than checks."""
    return sum(not reads_as_check(line) for line in lines) * 2 > len(lines)


def _participle(word: str) -> bool:
    """A past participle ending a line or before "by": "updated", "written" (not "feed", "seed" or "bed")."""
    regular = len(word) > 4 and word.endswith("ed") and not word.endswith("eed")
    return regular or word in _IRREGULAR_RESULTS
