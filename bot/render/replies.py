"""Replies on the plan issue: configuration errors, command answers, questions answered.

User-visible sentences live here as functions of their data, so tests assert against them and
wording changes happen in one place.
"""

from __future__ import annotations

from collections.abc import Sequence

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
