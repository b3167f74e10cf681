"""The coordinator's judgement in words: critical path, stalled work, conflicts, review state,
escalations, conventions and verified integration. Pure: decisions in, Markdown out."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.domain.coordination import CoordinationState
from bot.domain.judgement import Conventions, Verification
from bot.domain.plan import Plan, Task
from bot.judgement.conflicts import Conflict
from bot.judgement.escalation import Cause
from bot.judgement.review import LABELS as REVIEW_LABELS
from bot.judgement.stalled import Stall
from bot.judgement.verification import WORDS, not_verified_reasons
from bot.render.text import cut_at_boundary, quote, safe_inline, table_cell

_LOGIN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38}+)(?:\[bot\])?")
CONVENTIONS_IN_HANDOVER = 600
_SHOWN = 10
_CHAIN = 8


@dataclass(frozen=True)
class Insight:
    """What the roadmap shows beyond progress: computed by `bot.judgement`, shown by `render_roadmap`."""

    critical_path: list[str] = field(default_factory=list)
    stalls: list[Stall] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    causes: list[Cause] = field(default_factory=list)


def ref(state: CoordinationState, plan: Plan, key: str, limit: int = 80) -> str:
    """`Title (#12)`: a task as people know it (by its key when the plan no longer names it)."""
    task = state.tasks.get(key)
    title = plan.task(key).title if key in plan.keys else key
    return safe_inline(title, limit) + (f" (#{task.issue_number})" if task and task.issue_number else "")


def phase_label(task: Task) -> str:
    """The author's own phase ("_Phase 2: API_"), or "" when the plan gives none."""
    return f"_{safe_inline(task.phase, 60)}_" if task.phase.strip() else ""


def phase_note(task: Task) -> str:
    """The author's phase beside a task of the dependency layer the bot computed."""
    return f" · {label}" if (label := phase_label(task)) else ""


def review_note(state: CoordinationState, number: int) -> str:
    found = state.judgement.reviews.get(number)
    return f" {REVIEW_LABELS[found]}" if found in REVIEW_LABELS else ""


_STALL_TEXT = {
    "ready-without-pr": "ready for {days} days with no pull request",
    "pr-without-review": "pull request #{pull} open for {days} days with no review",
    "failing-checks": "checks are failing on #{pull}",
}


def insight_lines(state: CoordinationState, plan: Plan, insight: Insight) -> list[str]:
    lines: list[str] = []
    if len(insight.critical_path) > 1:
        path = insight.critical_path
        shown = path if len(path) <= _CHAIN else [*path[:3], "", *path[-3:]]
        chain = " → ".join(ref(state, plan, key, 60) if key else "…" for key in shown)
        lines += [f"**Critical path** ({len(insight.critical_path)} tasks left on the longest chain): {chain}"]
    attention = [f"- ⏰ {ref(state, plan, s.key)}: " + _STALL_TEXT[s.kind].format(days=int(s.days), pull=s.pull)
                 for s in insight.stalls[:_SHOWN]]
    attention += [f"- ⚔️ #{c.pulls[0]} ({ref(state, plan, c.keys[0], 60)}) "
                  f"and #{c.pulls[1]} ({ref(state, plan, c.keys[1], 60)}) "
                  f"both change {_files(c.files)}" for c in insight.conflicts[:_SHOWN]]
    if insight.causes:
        attention.insert(0, f"- 🙋 **Needs a decision** (`coordination:needs-decision`): "
                            f"{'; '.join(cause_text(state, plan, cause) for cause in insight.causes[:_SHOWN])}")
    if attention:
        lines += (["", "### Needs attention", ""] if lines else ["### Needs attention", ""]) + attention
    return lines


def _files(files: tuple[str, ...]) -> str:
    shown = ", ".join(f"`{table_cell(name, 100)}`" for name in files[:5])
    return shown + (f" and {len(files) - 5} more" if len(files) > 5 else "")


def cause_text(state: CoordinationState, plan: Plan, cause: Cause) -> str:
    keys = list(cause.keys)
    if cause.kind == "skipped-with-dependents":
        return (f"{ref(state, plan, keys[0])} was skipped, but {', '.join(ref(state, plan, k) for k in keys[1:])} "
                "depended on it")
    if cause.kind == "closed-unmerged":
        return f"pull requests for {ref(state, plan, keys[0])} were closed without merging twice, and none is open"
    if cause.kind == "dropped-finished":
        return (f"the plan no longer names finished work ({', '.join(ref(state, plan, k) for k in keys)}); "
                "the coordination keeps it")
    if cause.kind == "failing-checks":
        return f"the checks of {ref(state, plan, keys[0])} failed three times in a row"
    return "every task is finished, but the integration is not verified (see the integration summary)"


def escalation_comment(state: CoordinationState, plan: Plan, cause: Cause, author: str) -> str:
    """The one comment per cause; the author's login is checked before it is written as a mention."""
    who = f"@{author} " if _LOGIN.fullmatch(author) else ""
    return (f"🙋 {who}this plan needs a decision: {cause_text(state, plan, cause)}.\n\n"
            "The label `coordination:needs-decision` stays on the plan until the cause is resolved "
            "(`/retry`, `/skip`, `/assign`, an edit and `/replan`, or a new pull request).")


def conflict_comment(state: CoordinationState, plan: Plan, conflict: Conflict, here: int) -> str:
    other = conflict.pulls[1] if here == conflict.pulls[0] else conflict.pulls[0]
    other_key = conflict.keys[1] if here == conflict.pulls[0] else conflict.keys[0]
    return (f"⚔️ This pull request and #{other} ({ref(state, plan, other_key)}) "
            f"both change {_files(conflict.files)}. "
            "They belong to different tasks: agree on who changes what, or merge one and rebase the other.")


def conventions_section(conventions: Conventions) -> list[str]:
    """For the sub-issue body: the repository's standard, linked or quoted."""
    if conventions.empty:
        return []
    return ["", "### Conventions", "", _conventions_text(conventions, limit=None)]


def conventions_line(conventions: Conventions) -> str:
    """For a hand-over comment: the same standard, shorter."""
    if conventions.empty:
        return ""
    return "\n\n" + _conventions_text(conventions, limit=CONVENTIONS_IN_HANDOVER)


def _conventions_text(conventions: Conventions, limit: int | None) -> str:
    if conventions.path:
        name = safe_inline(conventions.path, 200)
        where = f"[`{name}`]({conventions.url})" if conventions.url else f"`{name}` (on the default branch)"
        return f"Follow the repository's conventions in {where}: coding standards and architectural patterns."
    text = conventions.text if limit is None else cut_at_boundary(conventions.text, limit)
    return "Follow the repository's conventions:\n\n" + quote(text)


def verification_section(plan: Plan, report: Verification) -> list[str]:
    """For the integration summary: checks at each merge commit and at the default branch head."""
    titles = {key: plan.task(key).title for key in plan.keys}
    lines = ["### Verified integration", ""]
    if report.verified:
        lines.append("✅ Integration verified: checks pass at every merge commit and at the head of "
                     f"`{safe_inline(report.branch, 100)}`.")
    else:
        reasons = [safe_inline(reason, 300) for reason in not_verified_reasons(report, titles)]
        lines.append("⚠️ **Integration is not verified**: " + "; ".join(reasons) + ".")
    lines += ["", "| Task | PR | Commit | Checks |", "|---|---|---|---|"]
    for item in report.items:
        lines.append(f"| {table_cell(titles.get(item.key, item.key), 100)} | #{item.pull} | `{item.sha[:12]}` "
                     f"| {WORDS[item.verdict]} |")
    if report.head is not None:
        lines.append(f"| head of `{table_cell(report.branch, 60)}` | — | `{report.head.sha[:12]}` "
                     f"| {WORDS[report.head.verdict]} |")
    return lines

