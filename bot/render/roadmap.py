"""The roadmap comment on the parent: progress, phases, a task table, why each agent, the dependency graph.

Pure: state in, Markdown out. Kept under GitHub's 65,536-character body limit by leaving out the
agents' reasons, then the graph (saying so), then table rows (saying how many), then the titles in the
phase list, and at last by cutting the rest at a line (saying so).
"""

from __future__ import annotations

from typing import NamedTuple

from bot.domain.coordination import CoordinationState, CoordinationStatus, TaskState
from bot.domain.plan import Plan, Task
from bot.domain.roles import RoleSet
from bot.domain.status import TaskStatus
from bot.github_limits import BODY_CHARS, SUB_ISSUES_PER_ISSUE, WRITES_PER_HOUR
from bot.render.judgement import Insight, insight_lines, phase_label, phase_note, review_note
from bot.render.mermaid import render_mermaid
from bot.render.text import fit_body, safe_inline, table_cell
from bot.state_block import state_block

BODY_LIMIT = 60_000  # under github_limits.BODY_CHARS: the marker and headroom for multi-byte text take the rest
MARKER_ROOM = 64  # the roadmap marker line `marked_comment` puts first

STATUS_ICONS: dict[TaskStatus, str] = {
    TaskStatus.BLOCKED: "⛔ blocked",
    TaskStatus.READY: "🟢 ready",
    TaskStatus.IN_PROGRESS: "🚧 in progress",
    TaskStatus.DONE: "✅ done",
    TaskStatus.SKIPPED: "⏭️ skipped",
}

_HEADLINES: dict[CoordinationStatus, str] = {
    CoordinationStatus.ACTIVE: "",
    CoordinationStatus.NEEDS_CLARIFICATION: "⏸️ Waiting for answers to the clarifying questions.",
    CoordinationStatus.PAUSED: "⏸️ **Paused**: events are recorded, nothing is handed over. `/resume` to go on.",
    CoordinationStatus.CANCELLED: "🛑 **Cancelled**: open sub-issues were closed as not planned.",
    CoordinationStatus.COMPLETED: "🎉 **Complete**: every task is done or skipped.",
}


def progress_bar(done: int, total: int, width: int = 20) -> str:
    filled = round(width * done / total) if total else 0
    return "█" * filled + "░" * (width - filled)


def _progress(state: CoordinationState, plan: Plan) -> str:
    total = len(plan.tasks)
    finished = sum(1 for key in plan.keys if state.status_of(key).finished)
    skipped = sum(1 for key in plan.keys if state.status_of(key) is TaskStatus.SKIPPED)
    created = sum(1 for key in plan.keys if key in state.tasks and state.tasks[key].issue_number)
    delegated = sum(1 for task in plan.tasks if task.state == "open")  # finished in the plan: no sub-issue
    percent = round(100 * finished / total) if total else 0
    line = f"**Progress:** {finished}/{total} finished `{progress_bar(finished, total)}` {percent}%"
    if skipped:
        line += f" ({skipped} skipped)"
    if created < delegated:
        line += f"\n\n⏳ Creating sub-issues: {created}/{delegated} so far (paced to GitHub's write limits)."
        if state.paced_until is not None and state.paced_finish is not None:
            line += (f" GitHub allows {WRITES_PER_HOUR} writes an hour: the rest follows from "
                     f"{state.paced_until:%H:%M} UTC and should be done by {state.paced_finish:%Y-%m-%d %H:%M} UTC.")
    if delegated < total:
        line += f"\n\n{total - delegated} of the tasks were already finished in the plan; they get no sub-issue."
    return line


def _issue_ref(task: TaskState | None) -> str:
    return f"#{task.issue_number}" if task and task.issue_number else "—"


def _pulls(state: CoordinationState, task: TaskState | None) -> str:
    """Each pull request with its state; an open one with its review state once someone looked."""
    if task is None or not task.pulls:
        return "—"
    return ", ".join(
        f"#{link.number}" + (review_note(state, link.number) if link.state == "open" else f" ({link.state})")
        for link in task.pulls
    )


def _phases(state: CoordinationState, plan: Plan, *, titled: bool) -> list[str]:
    """The dependency layers, with the author's own phase: once before a layer that lies in one of
    them, beside each task when a layer mixes several. Untitled (a huge plan), each task is its
    sub-issue reference alone, so the list grows by a few characters a task, not a line's worth."""
    lines = ["### Phases", ""]
    authored = len({task.phase.strip() for task in plan.tasks}) > 1  # one heading over every task is no phasing
    for phase in plan.phases():
        tasks = [plan.task(key) for key in phase.task_keys]
        shared = authored and len({task.phase.strip() for task in tasks}) == 1
        head = f"{label}: " if shared and (label := phase_label(tasks[0])) else ""
        items = ", ".join(_phase_item(state, task, titled=titled, noted=authored and not shared) for task in tasks)
        lines.append(f"{phase.number}. {head}{items}")
    return lines


def _phase_item(state: CoordinationState, task: Task, *, titled: bool, noted: bool) -> str:
    delegated = state.tasks.get(task.key)
    if not titled:
        return _issue_ref(delegated) if delegated and delegated.issue_number else safe_inline(task.title, 30)
    return f"{safe_inline(task.title, 80)} ({_issue_ref(delegated)})" + (phase_note(task) if noted else "")


def _status_cell(state: CoordinationState, key: str) -> str:
    """A task held blocked only because the coordination is paused says so."""
    status = state.status_of(key)
    held = state.status is CoordinationStatus.PAUSED and key in state.tasks and not state.missing_prerequisites(key)
    return "⏸️ ready, paused" if status is TaskStatus.BLOCKED and held else STATUS_ICONS[status]


def _table(state: CoordinationState, plan: Plan, roles: RoleSet, limit: int | None) -> list[str]:
    lines = ["### Tasks", "", "| # | Task | Agent | Status | Sub-issue | PR |", "|---|---|---|---|---|---|"]
    keys = plan.ordered_keys()
    for position, key in enumerate(keys[:limit], start=1):
        task, spec = state.tasks.get(key), plan.task(key)
        role = roles.get(spec.agent)
        lines.append(
            f"| {position} | {table_cell(spec.title, 120)} | {table_cell(role.display_name if role else spec.agent)} "
            f"| {_status_cell(state, key)} | {_issue_ref(task)} | {_pulls(state, task)} |"
        )
    if limit is not None and len(keys) > limit:
        lines.append(f"\n… and {len(keys) - limit} more tasks: see the sub-issues of this issue.")
    return lines


def _reasons(plan: Plan) -> list[str]:
    """Why each task went to its agent: folded away, but there for anyone who wonders."""
    lines = ["<details><summary>Why these agents</summary>", ""]
    lines += [
        f"- **{safe_inline(task.title, 120)}**: {safe_inline(task.assignment_reason or 'no reason recorded', 300)}"
        for task in plan.tasks
    ]
    return [*lines, "", "</details>"]


def _notes(state: CoordinationState) -> list[str]:
    problems = [f"> ⚠️ {safe_inline(problem.text, 500)}" for problem in state.problems]
    return problems + [f"> 📝 {safe_inline(note, 500)}" for note in state.notes]


def render_roadmap(
    state: CoordinationState, roles: RoleSet, insight: Insight | None = None, *, limit: int = BODY_LIMIT,
    with_state: bool = False,
) -> str:
    """The whole roadmap; `with_state` (action mode) ends it with the hidden state block, in what room is left."""
    body = _visible(state, roles, insight, limit)
    if not with_state:
        return body
    utf16 = len(body.encode("utf-16-le")) // 2  # emoji count twice if GitHub counts UTF-16 units
    return body + state_block(state, BODY_CHARS - MARKER_ROOM - utf16)


def _visible(state: CoordinationState, roles: RoleSet, insight: Insight | None, limit: int) -> str:
    """The roadmap people read, shrunk to fit `limit` if the plan is very large (tests lower it to see each step)."""
    plan = state.plan
    if plan is None:
        return "## 🗺️ Coordination roadmap\n\nNo plan has been accepted yet."
    for step in _SHRINKING:
        shown = insight or Insight()
        if step.brief:  # the critical path goes before the graph; what needs attention stays
            shown = Insight(stalls=shown.stalls, conflicts=shown.conflicts, causes=shown.causes)
        body = _compose(state, plan, roles, shown, step)
        if len(body) <= limit:
            return body
    return fit_body(body, limit)  # cut at a line, saying so


class _Shown(NamedTuple):
    """What one shrink step keeps."""

    reasons: bool = True  # why each task went to its agent
    brief: bool = False  # insight without the critical path
    graph: bool = True
    rows: int | None = None  # task table rows
    titled: bool = True  # task titles in the phase list


# What to leave out, in turn, until the roadmap fits: the reasons, the critical path, the graph, table rows,
# then the titles in the phase list.
_SHRINKING = (
    _Shown(), _Shown(reasons=False), _Shown(reasons=False, brief=True), _Shown(reasons=False, brief=True, graph=False),
    _Shown(reasons=False, brief=True, graph=False, rows=200), _Shown(reasons=False, brief=True, graph=False, rows=50),
    _Shown(reasons=False, brief=True, graph=False, rows=50, titled=False),
)


def _compose(state: CoordinationState, plan: Plan, roles: RoleSet, insight: Insight, shown: _Shown) -> str:
    parts = [f"## 🗺️ Coordination roadmap: {safe_inline(plan.title, 200)}", "", _progress(state, plan)]
    if _HEADLINES[state.status]:
        parts += ["", _HEADLINES[state.status]]
    if state.problems or state.notes:
        parts += ["", *_notes(state)]
    if state.groups:
        refs = ", ".join(f"#{group.issue_number}" for group in state.groups if group.issue_number)
        parts += ["", f"This plan is larger than GitHub's {SUB_ISSUES_PER_ISSUE} sub-issues per issue: "
                      f"its tasks hang from {refs}."]
    extra = insight_lines(state, plan, insight)
    if extra:
        parts += ["", *extra]
    parts += ["", *_phases(state, plan, titled=shown.titled), "", *_table(state, plan, roles, shown.rows)]
    if shown.reasons:
        parts += ["", *_reasons(plan)]
    parts += ["", "### Dependency graph", ""]
    if shown.graph:
        parts.append(render_mermaid(plan, state.statuses, state.numbers))
    else:
        parts.append("_The graph is left out: the plan is too large to draw within GitHub's comment limit._")
    parts += ["", "<sub>Kept up to date by feature-coordinator. Comment `/help` for commands.</sub>"]
    return "\n".join(parts)
