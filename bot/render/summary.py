"""The integration summary posted on the parent when every task is finished."""

from __future__ import annotations

from bot.domain.coordination import CoordinationState
from bot.domain.coverage import Coverage
from bot.domain.roles import RoleSet
from bot.domain.status import TaskStatus
from bot.render.roadmap import BODY_LIMIT, STATUS_ICONS
from bot.render.text import safe_inline, safe_markdown, table_cell, truncate

_FILES_SHOWN = 8


def _files(files: list[str]) -> str:
    shown = ", ".join(f"`{table_cell(name, 100)}`" for name in files[:_FILES_SHOWN])
    extra = len(files) - _FILES_SHOWN
    return (shown + (f" and {extra} more" if extra > 0 else "")) or "—"


def _task_table(state: CoordinationState, roles: RoleSet) -> list[str]:
    assert state.plan is not None
    lines = ["| Task | Agent | Outcome | PRs | Changed files |", "|---|---|---|---|---|"]
    for key in state.plan.ordered_keys():
        spec, task = state.plan.task(key), state.tasks.get(key)
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


def _coverage(items: list[Coverage]) -> list[str]:
    if not items:
        return ["_The plan states no acceptance criteria._"]
    lines = []
    for item in items:
        if item.covered:
            refs = ", ".join(f"#{number}" for number in item.pulls)
            lines.append(f"- [x] {safe_inline(item.criterion, 300)} — covered by {refs}")
        else:
            lines.append(f"- [ ] {safe_inline(item.criterion, 300)} — **not covered** by any merged pull request")
    return lines


def render_summary(
    state: CoordinationState, roles: RoleSet, items: list[Coverage], narrative: str | None = None
) -> str:
    assert state.plan is not None
    uncovered = [item for item in items if not item.covered]
    skipped = [key for key in state.plan.keys if state.status_of(key) is TaskStatus.SKIPPED]
    verdict = (
        "✅ Every acceptance criterion of the plan is covered by a merged pull request."
        if not uncovered
        else f"⚠️ {len(uncovered)} of {len(items)} acceptance criteria are not covered: check them before release."
    )
    parts = [f"## 🧩 Integration summary: {safe_inline(state.plan.title, 200)}", "", verdict]
    if skipped:
        parts.append(f"\n{len(skipped)} task(s) were skipped.")
    parts += ["", "### Tasks", "", *_task_table(state, roles), "", "### Acceptance criteria", "", *_coverage(items)]
    if narrative:
        parts += ["", "### Review", "", safe_markdown(truncate(narrative, 4000))]
    return "\n".join(parts)[:BODY_LIMIT]
