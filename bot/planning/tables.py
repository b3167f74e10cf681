"""Tasks written as table rows: `| T-3 | Add CORS middleware | P1 | ✅ | Phase 1 |`.

A table holds tasks when one column names the work (Task, Title, Name…) and another gives an id,
the dependencies or the owner, or when its rows read as instructions. Status tables ("Package |
Status | Evidence") and feature tables ("Feature | Purpose") have no such column and are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.planning.drafts import Draft
from bot.planning.keys import slugify
from bot.planning.outline import Row, Table
from bot.planning.phrases import mostly_instructions
from bot.planning.priorities import aside_title, priority_title
from bot.planning.refs import ALL, numbered_refs, says_none
from bot.planning.taskbody import TaskBody, state_of

_TITLES = ("task", "tasks", "title", "name", "work item", "story", "step", "item", "deliverable", "action",
           "activity", "todo", "to do", "description", "work")
_IDS = ("task id", "id", "#", "no", "no.", "nr", "number", "key", "ref", "phase", "step", "wp", "ticket")
_GROUPS = ("phase", "stage", "milestone", "step", "epic", "feature")
_DEPENDS = re.compile(r"depend|prereq|blocked|requires|after|needs", re.IGNORECASE)
_STATUS = ("status", "state", "done", "progress", "✅")
_AGENT = ("agent", "owner", "role", "assignee", "team")
_PRIORITY = ("priority", "moscow", "prio")
# A Notes cell that states the order, in a table with no column for it: "Depends on 2; Adyen …", "needs 3",
# "Needs everything above" (rows by their numbers)
_NOTED = re.compile(r"\b(?:depends\s+on|needs|requires|after|blocked\s+by)\s+(?:rows?\s+|#)?"
                    r"(?P<refs>\d{1,3}(?:\s*(?:,|&|\band\b)\s*#?\d{1,3})*|everything\s+(?:above|before))\b",
                    re.IGNORECASE)


_STRUCK = re.compile(r"^~~([^~]+)~~$")


@dataclass(frozen=True)
class Columns:
    title: int
    ident: int | None
    depends: int | None
    status: int | None
    agent: int | None
    priority: int | None = None  # "Must / Should / Could / Won't": a won't-have row is no task


def task_columns(table: Table) -> Columns | None:
    """Which columns hold the title, id, dependencies, status and owner; None when rows are not tasks."""
    header = [" ".join(cell.lower().split()).strip("*_` ") for cell in table.header]
    title = next((header.index(name) for name in _TITLES if name in header), None)
    ident = next((header.index(name) for name in _IDS if name in header and header.index(name) != title), None)
    if title is None and ident is not None:  # "| # | Phase | … |": the rows are named by their phase
        title = next((header.index(name) for name in _GROUPS if name in header and header.index(name) != ident), None)
    if title is None or not table.rows:
        return None
    depends = next((i for i, cell in enumerate(header) if _DEPENDS.search(cell) and i != title), None)
    status = next((header.index(name) for name in _STATUS if name in header), None)
    agent = next((header.index(name) for name in _AGENT if name in header), None)
    priority = next((header.index(name) for name in _PRIORITY if name in header), None)
    if ident is None and depends is None and agent is None and not _moscow(table, priority):
        rows = [row.cells[title] for row in table.rows if len(row.cells) > title]
        if not mostly_instructions(rows) or len(rows) < 2:
            return None
    return Columns(title, ident, depends, status, agent, priority)


def _moscow(table: Table, column: int | None) -> bool:
    """Whether a priority column ranks the rows MoSCoW-style, which makes each row a piece of work."""
    cells = [row.cells[column] for row in table.rows if column is not None and len(row.cells) > column]
    return bool(cells) and all(priority_title(cell) or aside_title(cell) for cell in cells)


def row_tasks(table: Table, columns: Columns, body: TaskBody, phase: str) -> list[Draft]:
    return [draft for row in table.rows if (draft := _row_task(table, row, columns, body, phase)) is not None]


def _row_task(table: Table, row: Row, columns: Columns, body: TaskBody, phase: str) -> Draft | None:
    cells = row.cells + [""] * (len(table.header) - len(row.cells))
    title = cells[columns.title].strip()
    struck = _STRUCK.match(title)
    title = struck.group(1) if struck else title
    if not title or set(title) <= set("-:|"):
        return None
    if columns.priority is not None and aside_title(cells[columns.priority]):
        return None  # "Won't"
    ident = cells[columns.ident].strip() if columns.ident is not None else ""
    draft = body.titled(title, None, phase, row.line, ident or None, whole=True)
    if ident and columns.ident is not None:
        name = table.header[columns.ident].strip().lower()
        draft.key = draft.key or slugify(ident if not ident.replace(".", "").isdigit() else f"{name} {ident}")
        draft.number = ident.lstrip("#")
    if columns.depends is not None:
        _depends(draft, cells[columns.depends])
    elif columns.ident is not None:
        draft.depends += [ref for cell in cells for ref in _noted(cell)]
    if columns.status is not None and draft.state == "open":
        draft.state = state_of(cells[columns.status])
    if struck:
        draft.state = "skipped"  # "~~Paper cheque printing~~": dropped, whatever its other cells say
    if columns.agent is not None and cells[columns.agent].strip():
        draft.agent = draft.agent or cells[columns.agent].strip()[:40]
    used = {columns.title, columns.ident, columns.depends, columns.status, columns.agent, columns.priority}
    draft.description += [
        f"{table.header[i].strip()}: {cell.strip()}" for i, cell in enumerate(cells)
        if i not in used and cell.strip() and i < len(table.header)
    ]
    draft.excerpt = body.excerpt(table.line, table.line + 1) + "\n" + body.excerpt(row.line, row.line)
    return draft


def phase_rows(table: Table, columns: Columns) -> list[tuple[str, str]]:
    """A phase table's Dependencies column as order between phases: ("Phase 2", "Phase 1")."""
    if columns.ident is None or columns.depends is None:
        return []
    rows = [row.cells for row in table.rows if len(row.cells) > max(columns.ident, columns.depends)]
    return [(f"phase {cells[columns.ident].strip().lstrip('#')}", cells[columns.depends]) for cells in rows
            if cells[columns.depends].strip() and not says_none(cells[columns.depends])]


def _noted(cell: str) -> list[str]:
    """The rows a notes cell says this one waits on, by number."""
    found: list[str] = []
    for match in _NOTED.finditer(cell):
        refs = match.group("refs")
        found += [ALL] if refs.lower().startswith("everything") else re.findall(r"\d+", refs)
    return found


def _depends(draft: Draft, cell: str) -> None:
    if not cell.strip() or says_none(cell):
        return
    refs = numbered_refs(cell)
    draft.depends += refs or [cell.strip()]
