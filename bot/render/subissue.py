"""The body of a task's sub-issue: everything its agent needs, and the marker that identifies it.

Agents read only their own sub-issue, so it carries the role's charter, the task, the plan text it
came from, deliverables, acceptance criteria as a checklist, constraints, and links to the
prerequisite sub-issues. All plan text goes through the safety helpers, and the body is kept under
GitHub's 65,536-character limit by shrinking the longest texts, never by cutting the rendered
Markdown (which could reopen a mention or a fence).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from pydantic import BaseModel, ConfigDict

from bot.domain import AgentRole, Plan, Task, TaskStatus
from bot.render.text import quote, safe_inline, safe_markdown, truncate

MAX_BODY = 65_536
_CHECKBOX = re.compile(r"^([ \t]*+(?:[-*+]|\d{1,9}[.)])[ \t]++)\[([ xX])\]", re.MULTILINE)  # no \s: it spans lines
MAX_LIST = 25
_STATUS_TEXT = {
    TaskStatus.BLOCKED: "⏳ blocked",
    TaskStatus.READY: "🟢 ready",
    TaskStatus.IN_PROGRESS: "🔨 in progress",
    TaskStatus.DONE: "✅ done",
    TaskStatus.SKIPPED: "⏭️ skipped",
}


class PrerequisiteLink(BaseModel):
    """A task this one waits on; `number` is None until its sub-issue exists."""

    model_config = ConfigDict(frozen=True)

    key: str
    title: str
    number: int | None = None
    status: TaskStatus = TaskStatus.BLOCKED


@dataclass(frozen=True)
class _Limits:
    """How much of each kind of plan text goes in; halved until the body fits."""

    description: int = 20_000
    excerpt: int = 3_000
    item: int = 400
    title: int = 200


def render_subissue_body(
    task: Task,
    role: AgentRole,
    plan: Plan,
    *,
    parent_number: int | None,
    prerequisites: Sequence[PrerequisiteLink],
    marker: str,
) -> str:
    limits = _Limits()
    while True:
        body = _compose(task, role, plan, parent_number, prerequisites, marker, limits)
        if len(body) <= MAX_BODY or limits.item <= 10:
            return body
        limits = replace(
            limits,
            description=limits.description // 2,
            excerpt=limits.excerpt // 2,
            item=limits.item // 2,
            title=max(limits.title // 2, 20),
        )


def _compose(
    task: Task,
    role: AgentRole,
    plan: Plan,
    parent_number: int | None,
    prerequisites: Sequence[PrerequisiteLink],
    marker: str,
    limits: _Limits,
) -> str:
    parent = f"Part of #{parent_number}" if parent_number else f"Part of the plan “{safe_inline(plan.title, 200)}”"
    parts = [
        f"{parent} · Agent: **{safe_inline(role.display_name, 100)}** (`{role.label}`)",
        "",
        f"> **{safe_inline(role.display_name, 100)}** — {safe_inline(role.charter, 1000)}",
        "",
        "### Task",
        "",
        safe_markdown(truncate(task.description, limits.description)) if task.description.strip()
        else safe_inline(task.title, limits.title),
    ]
    if task.excerpt.strip():
        parts += ["", "### From the plan", "", quote(_inert_checkboxes(truncate(task.excerpt, limits.excerpt)))]
    parts += _list("Deliverables", "- ", task.deliverables, limits.item)
    parts += _list("Acceptance criteria", "- [ ] ", task.acceptance_criteria, limits.item)
    parts += _list("Constraints", "- ", task.constraints, limits.item)
    if prerequisites:
        parts += ["", "### Prerequisites", "", *(_prerequisite(link, limits.title) for link in prerequisites)]
    if task.assignment_reason:
        parts += ["", f"<sub>Why this agent: {safe_inline(task.assignment_reason, 300)}</sub>"]
    parts += ["", marker]
    return "\n".join(parts)


def _list(heading: str, bullet: str, items: Sequence[str], limit: int) -> list[str]:
    if not items:
        return []
    lines = ["", f"### {heading}", ""]
    lines += [f"{bullet}{safe_inline(item, limit)}" for item in items[:MAX_LIST]]
    if len(items) > MAX_LIST:
        lines.append(f"- … and {len(items) - MAX_LIST} more in the plan")
    return lines


def _prerequisite(link: PrerequisiteLink, limit: int) -> str:
    title = safe_inline(link.title, limit)
    if link.number:
        return f"- #{link.number} {title} — {_STATUS_TEXT[link.status]}"
    return f"- {title} (`{link.key}`, sub-issue not opened yet) — {_STATUS_TEXT[link.status]}"


def _inert_checkboxes(text: str) -> str:
    """Quoted plan text keeps its look, but its `- [ ]` items must not count as this issue's tasks."""
    return _CHECKBOX.sub(lambda m: f"{m.group(1)}\\[{m.group(2)}]", text)
