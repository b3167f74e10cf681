"""Replies on the plan issue: configuration errors, command answers, questions answered.

User-visible sentences live here as functions of their data, so tests assert against them and
wording changes happen in one place.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from bot.domain.coordination import CoordinationState, CoordinationStatus
from bot.domain.plan import PlanOutcome
from bot.domain.plan_diff import PlanDiff
from bot.render.text import neutralize_mentions, quote, safe_inline, truncate


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


def denied_reply(login: str, commands: Sequence[str]) -> str:
    """One polite refusal for every command of the comment the author may not run."""
    names = [f"`/{name}`" for name in dict.fromkeys(commands)]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return (
        f"Sorry, {neutralize_mentions('@' + login)}: only people with write access to this repository can "
        f"run {listed}, so nothing was changed. `/status` and `/help` work for everyone."
    )


def not_coordinated_reply() -> str:
    return "This issue is not coordinated yet. Add the trigger label or comment `/coordinate` on the plan issue."


def no_plan_reply() -> str:
    return "The plan has no tasks yet: answer the clarifying questions above, then the tasks can be steered."


def cancelled_reply() -> str:
    return "The coordination is cancelled, so its tasks no longer change."


def no_subissue_reply(title: str) -> str:
    return f"**{safe_inline(title, 100)}** has no sub-issue yet; it gets one when the coordination is active."


def task_missing_reply(name: str, usage: str, example: str) -> str:
    return (f"`/{name}` needs a task here. Usage: `{usage}`, for example `{example}`. "
            "On a task's own sub-issue the task can be left out.")


def removed_task_reply() -> str:
    return "This sub-issue's task is no longer in the plan, so there is nothing to steer here."


def config_invalid_reply(parent: int) -> str:
    return f"Nothing was done: the coordinator configuration is invalid (see the comment on #{parent})."


def sub_issue_coordinate_reply(parent: int) -> str:
    return f"`/coordinate` works on the plan issue: comment it on #{parent}."


def _diff_lines(diff: PlanDiff, numbers: Mapping[str, int]) -> list[str]:
    """One bullet per kind of change, each task by title and sub-issue."""
    def name(key: str) -> str:
        number = numbers.get(key) or diff.closed.get(key)
        return f"**{safe_inline(diff.titles.get(key, key), 100)}**" + (f" (#{number})" if number else "")

    sections = (("Added", diff.added), ("Removed (closed as not planned)", diff.removed),
                ("Updated", diff.changed), ("Kept (finished, no longer in the text)", diff.kept))
    return [f"- {label}: " + ", ".join(name(key) for key in keys) for label, keys in sections if keys]


def coordinate_reply(outcome: PlanOutcome, diff: PlanDiff | None, state: CoordinationState) -> str:
    """The answer to `/coordinate` and `/replan`: questions asked, or what changed."""
    if state.status is CoordinationStatus.CANCELLED:
        return (
            "This coordination was cancelled, which is final: nothing was created. "
            "Open a new plan issue to start again."
        )
    if not outcome.ready or outcome.plan is None:
        return f"The plan needs answers first: I asked {len(outcome.questions)} question(s) above."
    if diff is None or diff.empty:
        return f"Nothing changed: the plan's {len(outcome.plan.tasks)} tasks are all tracked."
    lines = [f"Plan applied ({len(state.plan.tasks) if state.plan else len(outcome.plan.tasks)} tasks).",
             *_diff_lines(diff, state.numbers)]
    if diff.added and state.status is CoordinationStatus.PAUSED:
        lines.append("The coordination is paused: the new tasks get their sub-issues on `/resume`.")
    return "\n".join(lines)


def command_reply(answers: Sequence[tuple[str, str]]) -> str:
    """One reply for every command of a comment, each answer under its command."""
    if len(answers) == 1:
        return answers[0][1]
    return "\n\n".join(f"**`{safe_inline(line, 100).replace('`', '')}`**\n{answer}" for line, answer in answers)
