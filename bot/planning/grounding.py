"""Keeps Claude's plan grounded in the plan's own structure.

Claude is shown the tasks the structure reader found (the same outline the rule planner uses), so it
starts from the author's task level and titles. Its answer is then checked against the text: a task
whose title's words are mostly absent from the plan was invented and is sent back for correction;
each task that matches an outline task takes over what the structure knows for sure — the author's
id (so keys do not change between planners), the line, and whether the work is already done.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.planning.drafts import Draft

_WORD = re.compile(r"[a-z0-9][a-z0-9_]{2,}")
_STOP = frozenset(("the", "and", "for", "with", "from", "into", "that", "this", "its", "all", "new"))
MAX_OUTLINE = 120  # outline lines shown to Claude; a larger plan is outlined in parts anyway


def outline_lines(drafts: Sequence[Draft], text: str = "") -> list[str]:
    """The structure reader's tasks as prompt lines, limited to those written in `text` when given."""
    lines = []
    for draft in drafts:
        if text and draft.title.lower() not in text.lower():
            continue
        state = f" [{draft.state} in the plan]" if draft.state != "open" else ""
        ident = f" (id {draft.key})" if draft.key else ""
        lines.append(f"- line {draft.line or '?'}: {draft.title}{ident}{state}")
    return lines[:MAX_OUTLINE]


def ungrounded(titles: Sequence[str], plan: str) -> list[str]:
    """The titles most of whose words do not occur in the plan: invented scope, not the author's."""
    present = set(_WORD.findall(plan.lower()))
    missing = []
    for title in titles:
        words = [word for word in _WORD.findall(title.lower()) if word not in _STOP]
        if words and sum(word in present for word in words) * 2 < len(words):
            missing.append(title)
    return missing


def ground(drafts: list[Draft], outline: Sequence[Draft]) -> list[Draft]:
    """Claude's drafts, each taking the author's id, line and done state from the outline task it matches."""
    by_title = {_norm(draft.title): draft for draft in outline}
    for draft in drafts:
        match = by_title.get(_norm(draft.title)) or next(
            (known for known in outline if len(known.title) > 8 and _norm(known.title) in _norm(draft.excerpt)), None
        )
        if match is not None:
            draft.key = draft.key or match.key
            draft.line = draft.line or match.line
            draft.number = draft.number or match.number
            draft.state = match.state
    return drafts


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[*_`]", "", text).lower().split())
