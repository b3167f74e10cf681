"""The body of a task's sub-issue: everything its agent needs, and the marker that identifies it.

Agents read only their own sub-issue, so it carries the role's charter, the task (the author's own
text, quoted once, plus the planner's description only when it says something the quote does not),
deliverables, acceptance criteria as a checklist, constraints, and links to the prerequisite
sub-issues. Empty items and sections are left out. All plan text goes through the sanitiser, and
the body is kept under GitHub's 65,536-character limit by shrinking the longest texts (cut at a line
or word boundary), then by `fit_body` as the last step.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from pydantic import BaseModel, ConfigDict

from bot.domain import AgentRole, Plan, Task, TaskStatus
from bot.domain.judgement import Conventions
from bot.github_limits import BODY_CHARS
from bot.render.judgement import conventions_section
from bot.render.text import cut_at_boundary, fit_body, quote, safe_inline, safe_markdown

_CHECKBOX = re.compile(r"^([ \t]*+(?:[-*+]|\d{1,9}[.)])[ \t]++)\[([ xX])\]", re.MULTILINE)  # no \s: it spans lines
_WORDS = re.compile(r"\w+")
_LABEL_ONLY = re.compile(r"[ \t>*_#-]*+\w[\w /-]{0,40}+[ \t*_]*+:[ \t*_]*+")
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
    conventions: Conventions | None = None,
    limit: int = BODY_CHARS,
) -> str:
    """The body within `limit` (GitHub's; tests lower it to see the texts shrink)."""
    limits = _Limits()
    room = limit - len(marker) - 2
    standard = "\n".join(conventions_section(conventions or Conventions()))  # never shrunk
    while True:
        body = _compose(task, role, plan, parent_number, prerequisites, limits) + standard
        if len(body) <= room or limits.item <= 10:
            return f"{fit_body(body, room)}\n\n{marker}"
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
    limits: _Limits,
) -> str:
    parent = f"Part of #{parent_number}" if parent_number else f"Part of the plan “{safe_inline(plan.title, 200)}”"
    parts = [
        f"{parent} · Agent: **{safe_inline(role.display_name, 100)}** (`{role.label}`)",
        "",
        f"> **{safe_inline(role.display_name, 100)}** — {safe_inline(role.charter, 1000)}",
        "",
        "### Task",
        *_task_text(task, limits),
    ]
    parts += _list("Deliverables", "- ", task.deliverables, limits.item)
    parts += _list("Acceptance criteria", "- [ ] ", task.acceptance_criteria, limits.item)
    parts += _list("Constraints", "- ", task.constraints, limits.item)
    if prerequisites:
        parts += ["", "### Prerequisites", "", *(_prerequisite(link, limits.title) for link in prerequisites)]
    if task.assignment_reason.strip():
        parts += ["", f"<sub>Why this agent: {safe_inline(task.assignment_reason, 300)}</sub>"]
    return "\n".join(parts)


def _task_text(task: Task, limits: _Limits) -> list[str]:
    """The task once: the planner's description unless the author's text already says it, then that
    text quoted (cut at a line or word boundary); the title when there is neither."""
    excerpt = _trimmed_excerpt(task.excerpt, limits.excerpt)
    description = task.description.strip()
    lines: list[str] = []
    if description and not _says(excerpt, description):
        lines += ["", safe_markdown(cut_at_boundary(description, limits.description))]
    if excerpt:
        lines += ["", quote(_inert_checkboxes(excerpt))]
    return lines or ["", safe_inline(task.title, limits.title)]


def _trimmed_excerpt(excerpt: str, limit: int) -> str:
    """The author's text within `limit`, without trailing blank lines or labels left with nothing after them."""
    lines = cut_at_boundary(excerpt.strip("\n"), limit).rstrip().split("\n")
    while lines and (not lines[-1].strip() or _LABEL_ONLY.fullmatch(lines[-1])):
        lines.pop()
    return "\n".join(lines)


def _says(text: str, part: str) -> bool:
    """Whether `part`'s words appear, in order and together, in `text` (markup and case aside)."""
    words = " ".join(_WORDS.findall(part.lower()))
    return bool(words) and words in " ".join(_WORDS.findall(text.lower()))


def _list(heading: str, bullet: str, items: Sequence[str], limit: int) -> list[str]:
    items = [item for item in items if item.strip()]
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
