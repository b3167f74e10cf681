"""Order stated outside the tasks: "Task 6 — depends on Tasks 1-3, 5", `A --> B`, or an ASCII graph.

Plans often keep their order in one place: a "Dependencies" section, a code block drawn as a
graph, a sentence in the notes. Each line yields statements (task ref, refs it waits on; none for
"independent") that the assembly resolves against the plan's own numbering; nothing here guesses what a name means.
"""

from __future__ import annotations

import re
from itertools import islice, pairwise

from bot.planning.outline import Block, Code, ListBlock, Para
from bot.planning.phase_order import PhaseStatement, phase_statement, phase_statement_before
from bot.planning.refs import numbered_refs

Statement = tuple[str, list[str]]
_WAITS = re.compile(
    r"\b(?:depends?\s+(?:only\s+)?on|blocked\s+by|requires?|comes?\s+after|after|needs|waits?\s+(?:on|for)|follows)\b",
    re.IGNORECASE,
)
# "T007 blocks T009, T010", "Tests (T004-T006) before implementation (T007-T012)": what follows waits
_PRECEDES = re.compile(r"\b(?:before|blocks|unblocks|precedes|(?:is\s+)?needed\s+by|(?:is\s+)?required\s+by)\b",
                       re.IGNORECASE)
_FREE = re.compile(r"\b(?:independent|no dependencies|none|in parallel|can start (?:now|at once|immediately))\b",
                   re.IGNORECASE)
_ARROW = re.compile(r"\s*(?:-{1,3}>|={1,2}>|→|⟶)\s*")
_CONNECTOR = re.compile(r"^[\s|v^<>+\-─│┌┐└┘├┤┬┴┼▼▲↓↘↙/\\*.]+$")
MAX_LINES = 400


def statements_in(block: Block, ids: frozenset[str]) -> list[Statement]:
    """The order a block states, line by line; a code block may also be a layered graph."""
    lines = _text_lines(block)
    return _lines(lines, ids) or (_layers(lines, ids) if isinstance(block, Code) else [])


def phase_statements_in(block: Block) -> list[PhaseStatement]:
    """The order a block states between phases ("Foundational (Phase 2): Depends on Setup completion",
    "Implementation before polish")."""
    found: list[PhaseStatement | None] = []
    for line in _text_lines(block):
        line = line[:500]
        if (wait := _WAITS.search(line)) is not None:
            found.append(phase_statement(line, wait))
        elif (first := _PRECEDES.search(line)) is not None:
            found.append(phase_statement_before(line, first))
    return [statement for statement in found if statement is not None]


def heading_phase_order(title: str) -> list[PhaseStatement]:
    """"Phase 2: API (depends on Phase 1)": the order a phase heading states about itself."""
    wait = _WAITS.search(title[:500])
    statement = phase_statement(title[:500], wait) if wait is not None else None
    return [statement] if statement is not None else []


def _text_lines(block: Block) -> list[str]:
    if isinstance(block, Code):
        return block.content.split("\n")[:MAX_LINES]
    if isinstance(block, Para):
        return [block.inline.text]
    if isinstance(block, ListBlock):
        return [item.head.text for item in islice(block.walk(), MAX_LINES)]
    return []


def _lines(lines: list[str], ids: frozenset[str]) -> list[Statement]:
    found: list[Statement] = []
    for line in lines:
        line = line[:500]
        wait = _WAITS.search(line)
        if wait is not None:
            objects = numbered_refs(line[wait.end() :], ids)
            found += [(subject, objects) for subject in numbered_refs(line[: wait.start()], ids) if objects]
            continue
        first = _PRECEDES.search(line)
        if first is not None:
            subjects = numbered_refs(line[: first.start()], ids)
            found += [(later, subjects) for later in numbered_refs(line[first.end() :], ids) if subjects]
            continue
        if _FREE.search(line):
            found += [(subject, []) for subject in numbered_refs(line, ids)]  # stated to wait on nothing
            continue
        parts = _ARROW.split(line)
        refs = [numbered_refs(part, ids) for part in parts] if len(parts) > 1 else []
        found += [(later, before) for before, after in pairwise(refs) if before for later in after]
    return found


def _layers(lines: list[str], ids: frozenset[str]) -> list[Statement]:
    """An ASCII graph drawn top-down: each row of task ids waits on the row above it."""
    if not any(_CONNECTOR.match(line) for line in lines if line.strip()):
        return []
    rows = [refs for line in lines if (refs := numbered_refs(line, ids))]
    return [(later, above) for above, below in pairwise(rows) for later in below]
