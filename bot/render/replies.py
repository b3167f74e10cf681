"""Short bot comments: hand-overs, unblocking notes, review aids, configuration errors.

User-visible sentences live here as functions of their data, so tests assert against them and
wording changes happen in one place.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain.coordination import TaskState
from bot.domain.plan import PlanOutcome, Task
from bot.domain.plan_diff import PlanDiff
from bot.domain.roles import AgentRole
from bot.domain.status import TaskStatus
from bot.render.text import neutralize_mentions, quote, safe_inline, truncate

_FILES_LISTED = 15


def handover_comment(role: AgentRole, task: Task, parent: int) -> str:
    """Addressed to the agent: the one place the bot writes a mention, and only the configured one."""
    return (
        f"{role.mention} this task is ready for you ({role.display_name}). "
        f"Its prerequisites are finished; the description above has the deliverables and acceptance "
        f"criteria. Part of #{parent}. Link your pull request with `Closes #<this issue>`."
    )


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


def config_error_comment(error: str) -> str:
    return (
        "⚠️ **The coordinator configuration cannot be used**, so nothing was done.\n\n"
        f"{quote(truncate(error, 3000))}\n\n"
        "Fix `.github/coordinator.yml` on the default branch, then comment `/coordinate`."
    )


def config_fixed_comment() -> str:
    return "✅ The coordinator configuration is valid again."


def questions_answered_comment() -> str:
    return "✅ Thanks: the plan now has what it needs. The roadmap below tracks it."


def review_aid_comment(task: Task, issue_number: int, prerequisites: Sequence[tuple[Task, TaskStatus]]) -> str:
    """Posted once on a pull request linked to a task: what reviewers should check."""
    lines = [f"🧭 This pull request works on #{issue_number}: **{safe_inline(task.title, 120)}**.", ""]
    lines.append("**Acceptance criteria** (for reviewers):")
    lines += [f"- [ ] {safe_inline(item, 300)}" for item in task.acceptance_criteria] or ["- _none stated_"]
    if prerequisites:
        lines += ["", "**Prerequisites:**"]
        lines += [f"- {safe_inline(dep.title, 120)}: {status.value}" for dep, status in prerequisites]
    return "\n".join(lines)


def denied_reply(login: str) -> str:
    return (
        f"Sorry, only people with write access to this repository can change the coordination, and "
        f"{neutralize_mentions('@' + login)} does not have it. `/status` and `/help` work for everyone."
    )


def not_coordinated_reply() -> str:
    return "This issue is not coordinated yet. Add the trigger label or comment `/coordinate` on the plan issue."


def coordinate_reply(outcome: PlanOutcome, diff: PlanDiff | None) -> str:
    """The answer to `/coordinate` and `/replan`: questions asked, or what changed."""
    if not outcome.ready or outcome.plan is None:
        return f"The plan needs answers first: I asked {len(outcome.questions)} question(s) above."
    if diff is None or diff.empty:
        return f"The plan's {len(outcome.plan.tasks)} tasks are all tracked; nothing new to create."
    plan = outcome.plan
    lines = [f"Plan applied ({len(plan.tasks)} tasks)."]
    for label, keys in (("Added", diff.added), ("Removed (closed as not planned)", diff.removed),
                        ("Updated", diff.changed), ("Kept (finished)", diff.kept)):
        if keys:
            lines.append(f"- {label}: " + ", ".join(f"`{key}`" for key in keys))
    return "\n".join(lines)


def command_reply(answers: Sequence[tuple[str, str]]) -> str:
    """One reply for every command of a comment, each answer under its command."""
    if len(answers) == 1:
        return answers[0][1]
    return "\n\n".join(f"**`{safe_inline(line, 100).replace('`', '')}`**\n{answer}" for line, answer in answers)
