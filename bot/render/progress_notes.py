"""Comments on sub-issues and pull requests as work moves: hand-overs, unblocking, review aids."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.domain.coordination import TaskState
from bot.domain.judgement import Conventions
from bot.domain.plan import Task
from bot.domain.roles import AgentRole
from bot.domain.status import TaskStatus
from bot.render.judgement import conventions_line
from bot.render.text import safe_inline

_FILES_LISTED = 15


def handover_comment(role: AgentRole, task: Task, parent: int, conventions: Conventions | None = None) -> str:
    """Addressed to the agent: the one place the bot writes a role's mention, and only the configured one."""
    return (
        f"{role.mention} this task is ready for you ({role.display_name}). "
        f"Its prerequisites are finished; the description above has the deliverables and acceptance "
        f"criteria. Part of #{parent}. Link your pull request with `Closes #<this issue>`."
    ) + conventions_line(conventions or Conventions())


def _output_lines(task: Task, state: TaskState) -> list[str]:
    header = f"- **{safe_inline(task.title, 120)}**" + (f" (#{state.issue_number})" if state.issue_number else "")
    if state.status is TaskStatus.SKIPPED:
        return [header + ": skipped, nothing was produced."]
    merged = state.merged_pulls
    if not merged:
        return [header + ": closed as done without a linked pull request."]
    lines = [header + ":"]
    for link in merged:
        sha = f" at `{link.merge_commit_sha[:12]}`" if link.merge_commit_sha else ""
        lines.append(f"  - #{link.number} merged{sha}")
        files = [f"`{safe_inline(name, 120)}`" for name in link.files[:_FILES_LISTED]]
        if files:
            more = len(link.files) - _FILES_LISTED
            lines.append("    - changed: " + ", ".join(files) + (f" and {more} more" if more > 0 else ""))
    return lines


def prerequisite_outputs_comment(outputs: Sequence[tuple[Task, TaskState]]) -> str:
    lines = ["🟢 **Unblocked.** Every prerequisite of this task is finished. What they produced:", ""]
    for task, state in outputs:
        lines += _output_lines(task, state)
    return "\n".join(lines)


@dataclass(frozen=True)
class PrerequisiteState:
    """A prerequisite as a reviewer sees it: its definition, its sub-issue and PRs, its status."""

    task: Task
    state: TaskState | None
    status: TaskStatus


def _prerequisite_line(item: PrerequisiteState) -> str:
    issue = f" (#{item.state.issue_number})" if item.state and item.state.issue_number else ""
    merged = ", ".join(f"#{link.number}" for link in item.state.merged_pulls) if item.state else ""
    where = f", merged in {merged}" if merged else ""
    return f"- {safe_inline(item.task.title, 120)}{issue}: {item.status.value}{where}"


def review_aid_comment(task: Task, issue_number: int, prerequisites: Sequence[PrerequisiteState],
                       status_context: str) -> str:
    """Posted once on a pull request linked to a task: what reviewers should check, and where the
    prerequisites stood; the commit status keeps the latter up to date afterwards."""
    lines = [f"🧭 This pull request works on #{issue_number}: **{safe_inline(task.title, 120)}**.", ""]
    lines.append("**Acceptance criteria** (for reviewers):")
    lines += [f"- [ ] {safe_inline(item, 300)}" for item in task.acceptance_criteria] or ["- _none stated_"]
    if prerequisites:
        waiting = [item for item in prerequisites if not item.status.finished]
        lines += ["", "**Prerequisites:**", *(_prerequisite_line(item) for item in prerequisites), ""]
        lines.append(
            f"⏳ {len(waiting)} prerequisite(s) are not finished yet; the `{status_context}` status stays "
            "pending until they are." if waiting else "✅ Every prerequisite is finished."
        )
    return "\n".join(lines)
