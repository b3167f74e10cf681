"""Steps written as plain paragraphs: "Step 1: Add the models" with "Files:" and "Why:" lines under it.

Coding agents (Cline, Aider) answer with a plan of unmarked lines, no list and no heading: each step a
paragraph opening "Step N:", its files and reasons on the lines below, and the lists or code right after
it its details; a paragraph of its own ("Not doing:", "Let me know if …") ends them. Two such paragraphs
make a plan.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.planning.drafts import Draft
from bot.planning.outline import Block, Para
from bot.planning.properties import property_lines
from bot.planning.taskbody import TaskBody

_STEP_LINE = re.compile(r"^\s*(?:step|task)\s*#?\d{1,3}\s*[:.)\u2014\u2013-]\s*\S", re.IGNORECASE)
MIN_STEPS = 2


def paragraph_steps(sections: Sequence[Sequence[Block]], body: TaskBody) -> list[Draft]:
    """One draft per "Step N:" paragraph in the blocks of each work section; none when fewer than two."""
    drafts: list[Draft] = []
    for blocks in sections:
        current: Draft | None = None
        for block in blocks:
            lines = body.outline.source(block.line, block.end).split("\n") if isinstance(block, Para) else []
            if isinstance(block, Para) and _STEP_LINE.match(lines[0].replace("*", "")):
                current = _step(block, lines, body)
                drafts.append(current)
            elif isinstance(block, Para):
                current = None  # a paragraph of its own ("Not doing:", "Let me know …") ends the step's details
            elif current is not None:
                body.block(current, block, None)
                current.excerpt = body.excerpt(current.line or block.line, block.end)
    return drafts if len(drafts) >= MIN_STEPS else []


def _step(para: Para, lines: list[str], body: TaskBody) -> Draft:
    """The step's first line is its title; the lines below are its fields ("Files:", "Why:") or its text."""
    draft = body.titled(lines[0].replace("*", "").strip(), None, "", para.line, None)
    rest = "\n".join(lines[1:]).strip()
    fields = property_lines(rest)
    if fields is not None:
        body.properties(draft, fields)
    elif rest:
        body.block(draft, Para(para.inline, para.line + 1, para.end), None)
    draft.excerpt = body.excerpt(para.line, para.end)
    return draft
