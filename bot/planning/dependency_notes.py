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
MAX_NAME, MAX_NAME_WORDS = 60, 6
MAX_GANTT_LINE = 500
_GANTT_BAR = re.compile(r"^(?P<name>[^:%#][^:]*):(?P<meta>.*)$")  # no lazy scan: linear on any spacing
_GANTT_SETTINGS = frozenset(("title", "dateformat", "axisformat", "section", "excludes", "includes", "todaymarker",
                             "tickinterval", "weekday", "inclusiveenddates", "topaxis"))


def statements_in(block: Block, ids: frozenset[str], lines: list[str] | None = None) -> list[Statement]:
    """The order a block states, line by line (`lines`: its source lines, when a paragraph spans several); a
    code block may also be a Gantt chart or a layered graph. In a section about order, an arrow chain of
    task names states it too ("Schema → Batch API → Screens")."""
    if isinstance(block, Code) and (chart := gantt_statements(block)):
        return chart
    lines = lines or _text_lines(block)
    return _lines(lines, ids, by_name=True) or (_layers(lines, ids) if isinstance(block, Code) else [])


def gantt_statements(block: Code) -> list[Statement]:
    """A Mermaid `gantt` chart: each bar that starts `after a b` waits on the bars with those ids (one with no
    start of its own follows the bar above it), named by the bar's title as the plan writes the task."""
    lines = [line.strip()[:MAX_GANTT_LINE] for line in block.content.split("\n")[:MAX_LINES] if line.strip()]
    if not lines or lines[0].lower() != "gantt":
        return []
    names: dict[str, str] = {}
    found: list[Statement] = []
    previous: str | None = None
    for line in lines[1:]:
        bar = _GANTT_BAR.match(line)
        if bar is None or bar.group("name").split()[0].lower() in _GANTT_SETTINGS:
            continue
        name = bar.group("name").strip()
        fields = [part.strip() for part in bar.group("meta").split(",")]
        fields = [part for part in fields if part.lower() not in ("crit", "done", "active", "milestone")]
        if len(fields) >= 3:
            names[fields[0]] = name
        start = fields[-2] if len(fields) >= 2 else None
        if start is not None and start.lower().startswith("after "):
            found.append((name, [names[ident] for ident in start.split()[1:] if ident in names]))
        elif start is None and previous is not None:
            found.append((name, [previous]))
        previous = name
    return [(name, after) for name, after in found if after]


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


def _lines(lines: list[str], ids: frozenset[str], by_name: bool = False) -> list[Statement]:
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
        links = parts if len(parts) > 1 else []
        refs = [numbered_refs(part, ids) or (_name(part) if by_name else []) for part in links]
        found += [(later, before) for before, after in pairwise(refs) if before for later in after]
    return found


def _name(part: str) -> list[str]:
    """A chain's link as a task name ("Batch API"), when it is short enough to be one."""
    name = part.strip(" .;:*_`")
    return [name] if name and len(name) <= MAX_NAME and len(name.split()) <= MAX_NAME_WORDS else []


def _layers(lines: list[str], ids: frozenset[str]) -> list[Statement]:
    """An ASCII graph drawn top-down: each row of task ids waits on the row above it."""
    if not any(_CONNECTOR.match(line) for line in lines if line.strip()):
        return []
    rows = [refs for line in lines if (refs := numbered_refs(line, ids))]
    return [(later, above) for above, below in pairwise(rows) for later in below]
