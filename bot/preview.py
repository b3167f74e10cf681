"""`coordinator plan FILE`: what the bot would do with a plan, without touching GitHub.

Shows the tasks with their agents (and why), dependencies, phases, the Mermaid graph and every
sub-issue body as it would be posted; or the clarifying questions, with exit status 2 so scripts
and CI can tell a plan that is not ready yet.
"""

from __future__ import annotations

import re
from pathlib import Path

from bot.domain import DEFAULT_ROLES, Plan, PlanOutcome, RoleSet, TaskStatus
from bot.markers import task_marker
from bot.planning import make_planner
from bot.planning.base import PlannerChoice
from bot.planning.sufficiency import DEFAULT_CAP
from bot.render.mermaid import render_mermaid
from bot.render.questions import render_questions
from bot.render.subissue import PrerequisiteLink, render_subissue_body
from bot.render.text import counted, safe_inline, table_cell
from bot.settings import Settings

READY, UNREADABLE, NOT_READY = 0, 1, 2
MAX_COMMENT = 65_000  # under github_limits.BODY_CHARS, with room for the reply's marker
MAX_ROWS = 150
_BACKTICKS = re.compile(r"`+")


def run_preview(
    path: Path | str,
    planner_choice: PlannerChoice,
    fmt: str,
    settings: Settings,
    *,
    roles: RoleSet = DEFAULT_ROLES,
    cap: int = DEFAULT_CAP,
) -> tuple[str, int]:
    """(output, exit status): 0 when the plan is ready, 2 when it needs answers, 1 when unreadable."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return f"error: cannot read {path}: {error}", UNREADABLE
    title, body = split_document(text, Path(path).stem.replace("-", " ").capitalize())
    outcome = make_planner(settings, roles, cap, planner_choice).plan(title, body)
    status = READY if outcome.ready else NOT_READY
    if fmt == "json":
        return outcome.model_dump_json(indent=2), status
    return render_outcome(outcome, roles, title=title, subissues=True), status


def split_document(text: str, default_title: str) -> tuple[str, str]:
    """(issue title, issue body) of a plan file: a first-line `# Heading` is the title.

    The heading's line stays as a blank line, so line numbers in questions match the file.
    """
    first, _, rest = text.lstrip("\ufeff").partition("\n")
    if first.startswith("# "):
        return first[2:].strip(), "\n" + rest
    return default_title, text


def render_outcome(
    outcome: PlanOutcome, roles: RoleSet, *, title: str = "", subissues: bool = False, limit: int = MAX_COMMENT
) -> str:
    """The preview as Markdown.

    Without `subissues` it is short enough for a GitHub comment (the `/coordinate dry-run` reply):
    long lists are cut and, if still over `limit`, the optional sections are left out. With it, every
    sub-issue body follows (for the terminal, where length does not matter).
    """
    if outcome.plan is None or not outcome.ready:
        heading = f"# Plan preview: {safe_inline(title, 200)}" if title.strip() else "# Plan preview"
        return f"{heading}\n\n" + render_questions(outcome.questions, outcome.notes)
    plan = outcome.plan
    order = plan.ordered_keys()
    phases = plan.phases()
    rows = len(order) if subissues else MAX_ROWS
    header = [
        f"# Plan preview: {safe_inline(plan.title, 200)}",
        "",
        f"Planner: **{plan.planner}** · {counted(len(order), 'task')} in {counted(len(phases), 'phase')}"
        " · ready to delegate",
        *(f"\n> **Note:** {safe_inline(note, 600)}" for note in outcome.notes),
        "",
        "## Tasks",
        "",
        *_table(plan, roles, order, rows),
    ]
    optional = [
        ["## Why these agents", "", *_reasons(plan, order, rows)],
        ["## Phases", "", *(
            f"{phase.number}. " + ", ".join(safe_inline(plan.task(key).title, 80) for key in phase.task_keys)
            for phase in phases
        )],
        ["## Dependency graph", "", render_mermaid(plan)],
    ]
    if subissues:
        optional.append(["## Sub-issues", "", "Opened in this order; issue numbers are assigned on creation.", "",
                         *_subissues(plan, roles, order)])
    text = _join(header, optional)
    if optional and not subissues and len(text) > limit:
        header.append("\n_Some sections were left out to fit in a comment; run `coordinator plan` to see all._")
        while optional and len(text) > limit:  # said once, however many sections go
            optional.pop(0)
            text = _join(header, optional)
    return text


def _join(header: list[str], sections: list[list[str]]) -> str:
    lines = list(header)
    for section in sections:
        lines += ["", *section]
    return "\n".join(lines) + "\n"


def _reasons(plan: Plan, order: list[str], rows: int) -> list[str]:
    lines = [
        f"- **{safe_inline(plan.task(key).title, 120)}**: {safe_inline(plan.task(key).assignment_reason, 300)}"
        for key in order[:rows]
    ]
    return lines + ([f"- … and {len(order) - rows} more"] if len(order) > rows else [])


def _table(plan: Plan, roles: RoleSet, order: list[str], limit: int) -> list[str]:
    position = {key: index for index, key in enumerate(order, 1)}
    rows = ["| # | Task | Agent | Depends on |", "|---|------|-------|------------|"]
    for key in order[:limit]:
        task = plan.task(key)
        role = roles.get(task.agent)
        deps = ", ".join(
            f"{position[dep]}" + ("*" if dep in task.inferred else "") for dep in task.depends_on if dep in position
        ) or "—"
        state = {"done": " ✅ done in the plan", "skipped": " ⏭️ skipped in the plan"}.get(task.state, "")
        rows.append(
            f"| {position[key]} | {table_cell(task.title, 120)} (`{key}`){state} "
            f"| {table_cell(role.display_name if role else task.agent, 60)} | {deps} |"
        )
    if len(order) > limit:
        rows.append(f"| … | {len(order) - limit} more tasks | | |")
    if any(task.inferred for task in plan.tasks):
        rows += ["", "\\* implied by the plan's wording rather than stated (see the note above)."]
    return rows


def _subissues(plan: Plan, roles: RoleSet, order: list[str]) -> list[str]:
    """Each body as it would be posted, fenced so its own Markdown shows literally."""
    initial = {t.key: TaskStatus.READY if not t.depends_on else TaskStatus.BLOCKED for t in plan.tasks}
    parts: list[str] = []
    for index, key in enumerate(order, 1):
        task = plan.task(key)
        if task.state != "open":
            parts += [f"### {index}. {safe_inline(task.title, 120)}: {task.state} in the plan, no sub-issue", ""]
            continue
        role = roles.require(task.agent)
        links = [
            PrerequisiteLink(key=dep, title=plan.task(dep).title, number=None, status=initial[dep])
            for dep in task.depends_on
        ]
        body = render_subissue_body(
            task, role, plan, parent_number=None, prerequisites=links, marker=task_marker(0, key)
        )
        fence = "`" * max(3, 1 + max((len(run) for run in _BACKTICKS.findall(body)), default=0))
        parts += [f"### {index}. {safe_inline(task.title, 120)} → `{role.label}`", "", f"{fence}markdown", body,
                  fence, ""]
    return parts
