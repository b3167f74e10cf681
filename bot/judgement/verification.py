"""What CI says about a commit: commit statuses and check runs reduced to one verdict."""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain.judgement import Verification
from bot.github_models import CheckRecord

SUCCESS, FAILURE, PENDING, NONE = "success", "failure", "pending", "none"
_PASSING_RUNS = frozenset({"success", "neutral", "skipped"})
WORDS = {SUCCESS: "✅ passing", FAILURE: "❌ failing", PENDING: "⏳ pending", NONE: "— no checks"}


def _one(check: CheckRecord) -> str:
    if check.source == "status":
        return {"success": SUCCESS, "pending": PENDING}.get(check.state, FAILURE)  # error and failure fail
    if check.state != "completed":
        return PENDING
    return SUCCESS if check.conclusion in _PASSING_RUNS else FAILURE


def verdict(checks: Sequence[CheckRecord]) -> str:
    """failure if any check failed, pending if any is still running, none when nothing reported, else success."""
    found = {_one(check) for check in checks}
    for outcome in (FAILURE, PENDING, SUCCESS):
        if outcome in found:
            return outcome
    return NONE


def failure_streak(history: Sequence[tuple[str, str]]) -> int:
    """Failed verdicts in a row at the end of a task's history of (head commit, verdict)."""
    streak = 0
    for _, outcome in reversed(history):
        if outcome != FAILURE:
            break
        streak += 1
    return streak


def not_verified_reasons(report: Verification, titles: dict[str, str]) -> list[str]:
    """Plain sentences: which merge commits (and the branch head) are not green, and why; one sentence
    when no check ran anywhere (a repository without CI), instead of the same words per commit."""
    verdicts = {item.verdict for item in report.items} | ({report.head.verdict} if report.head else set())
    if report.items and verdicts == {"none"}:
        return [f"no status or check ran on the merge commits or at the head of `{report.branch}`"]
    reasons = [f"{titles.get(item.key, item.key)} (#{item.pull}): checks {WORDS[item.verdict]} at "
               f"`{item.sha[:12]}`" for item in report.items if item.verdict != SUCCESS]
    if report.head is None:
        reasons.append("the default branch head could not be read")
    elif report.head.verdict != SUCCESS:
        reasons.append(f"`{report.branch}` head: checks {WORDS[report.head.verdict]}")
    return reasons
