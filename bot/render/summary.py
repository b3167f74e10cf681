"""The integration summary posted on the parent when every task is finished."""

from __future__ import annotations

from bot.domain.coordination import CoordinationState
from bot.domain.coverage import Coverage
from bot.domain.plan import Plan
from bot.domain.roles import RoleSet
from bot.domain.status import TaskStatus
from bot.render.judgement import verification_section
from bot.render.roadmap import BODY_LIMIT, STATUS_ICONS
from bot.render.text import fit_body, safe_inline, safe_markdown, table_cell, truncate

_FILES_SHOWN = 8


def _files(files: list[str]) -> str:
    shown = ", ".join(f"`{table_cell(name, 100)}`" for name in files[:_FILES_SHOWN])
    extra = len(files) - _FILES_SHOWN
    return (shown + (f" and {extra} more" if extra > 0 else "")) or "—"


def _task_table(state: CoordinationState, plan: Plan, roles: RoleSet) -> list[str]:
    lines = ["| Task | Agent | Outcome | PRs | Changed files |", "|---|---|---|---|---|"]
    for key in plan.ordered_keys():
        spec, task = plan.task(key), state.tasks.get(key)
        merged = task.merged_pulls if task else []
        role = roles.get(spec.agent)
        files = sorted({name for link in merged for name in link.files})
        issue = f" (#{task.issue_number})" if task and task.issue_number else ""
        lines.append(
            f"| {table_cell(spec.title, 100)}{issue} | {table_cell(role.display_name if role else spec.agent)} "
            f"| {STATUS_ICONS[state.status_of(key)]} | {', '.join(f'#{link.number}' for link in merged) or '—'} "
            f"| {_files(files)} |"
        )
    return lines


def _task_ref(state: CoordinationState, plan: Plan, key: str) -> str:
    """`Title (#issue, PR #n)`, or the task's outcome when it has no merged pull request."""
    task = state.tasks.get(key)
    merged = task.merged_pulls if task and task.status is TaskStatus.DONE else []
    refs = [f"#{task.issue_number}"] if task and task.issue_number else []
    refs += [f"PR #{link.number}" for link in merged] or [state.status_of(key).value]
    return f"{safe_inline(plan.task(key).title, 100)} ({', '.join(refs)})"


def _coverage(state: CoordinationState, plan: Plan, items: list[Coverage]) -> list[str]:
    """Each criterion with the tasks and PRs that covered it; an uncovered one says which tasks
    addressed it without a merged pull request, or that none did."""
    if not items:
        return ["_The plan states no acceptance criteria._"]
    lines = []
    for item in items:
        tasks = "; ".join(_task_ref(state, plan, key) for key in item.task_keys)
        if item.covered:
            covering = "; ".join(_task_ref(state, plan, key) for key in item.covered_by)
            lines.append(f"- [x] {safe_inline(item.criterion, 300)} — covered by {covering}")
        elif tasks:
            lines.append(f"- [ ] {safe_inline(item.criterion, 300)} — **not covered**: no merged pull request "
                         f"from {tasks}")
        else:
            lines.append(f"- [ ] {safe_inline(item.criterion, 300)} — **not covered**: no task addresses it")
    return lines


def render_summary(
    state: CoordinationState, plan: Plan, roles: RoleSet, items: list[Coverage], narrative: str | None = None
) -> str:
    uncovered = [item for item in items if not item.covered]
    skipped = [key for key in plan.keys if state.status_of(key) is TaskStatus.SKIPPED]
    verdict = (
        "✅ Every acceptance criterion of the plan is covered by a merged pull request."
        if not uncovered
        else f"⚠️ {len(uncovered)} of {len(items)} acceptance criteria are not covered: check them before release."
    )
    parts = [f"## 🧩 Integration summary: {safe_inline(plan.title, 200)}", "", verdict]
    if skipped:
        parts.append(f"\n{len(skipped)} task(s) were skipped.")
    parts += ["", "### Tasks", "", *_task_table(state, plan, roles)]
    parts += ["", "### Acceptance criteria", "", *_coverage(state, plan, items)]
    if state.judgement.verification is not None:
        parts += ["", *verification_section(plan, state.judgement.verification)]
    if narrative:
        parts += ["", "### Review", "", safe_markdown(truncate(narrative, 4000))]
    return fit_body("\n".join(parts), BODY_LIMIT)
