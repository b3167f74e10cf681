"""The dependency graph as a Mermaid flowchart, which GitHub renders inline in issues and comments.

Titles come from the plan, so labels are entity-encoded (nothing in them can close a label, start
a new statement or inject HTML), node ids come from keys rather than titles, and the graph is
capped so a huge plan still renders (GitHub refuses very large diagrams).
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.domain import Plan, TaskStatus
from bot.render.text import mermaid_label

MAX_NODES = 100
MAX_EDGES = 300
_STYLES = {
    TaskStatus.BLOCKED: "fill:#fbe9e9,stroke:#b60205,color:#000",
    TaskStatus.READY: "fill:#e6f6ea,stroke:#0e8a16,color:#000",
    TaskStatus.IN_PROGRESS: "fill:#fff6d6,stroke:#fbca04,color:#000",
    TaskStatus.DONE: "fill:#ece6fa,stroke:#5319e7,color:#000",
    TaskStatus.SKIPPED: "fill:#f2f2f2,stroke:#999999,color:#555,stroke-dasharray:4 3",
}


def node_id(key: str) -> str:
    """A Mermaid-safe id: keys are [a-z0-9-]; the prefix keeps reserved words like `end` out."""
    return "t_" + key.replace("-", "_")


def render_mermaid(
    plan: Plan,
    statuses: Mapping[str, TaskStatus] | None = None,
    numbers: Mapping[str, int] | None = None,
) -> str:
    """A ```mermaid block: one node per task (in dependency order), an edge per dependency."""
    order = plan.ordered_keys()
    shown = order[:MAX_NODES]
    visible = set(shown)
    tasks = {task.key: task for task in plan.tasks}
    lines = ["```mermaid", "flowchart TD"]
    for key in shown:
        number = f"#{numbers[key]} " if numbers and key in numbers else ""
        lines.append(f'    {node_id(key)}["{mermaid_label(number + tasks[key].title)}"]')
    edges = [
        f"    {node_id(dep)} --> {node_id(key)}"
        for key in shown for dep in tasks[key].depends_on if dep in visible
    ]
    lines += edges[:MAX_EDGES]
    hidden = len(order) - len(shown)
    if hidden or len(edges) > MAX_EDGES:
        note = f"{hidden} more tasks and {max(len(edges) - MAX_EDGES, 0)} more links are not drawn"
        lines.append(f'    more["{mermaid_label(note, 100)}"]')
    if statuses:
        lines += _classes({key: statuses[key] for key in shown if key in statuses})
    lines.append("```")
    return "\n".join(lines)


def _classes(statuses: Mapping[str, TaskStatus]) -> list[str]:
    lines: list[str] = []
    for status in TaskStatus:
        members = [node_id(key) for key, value in statuses.items() if value is status]
        if members:
            name = status.value.replace("-", "_")
            lines += [f"    classDef {name} {_STYLES[status]}", f"    class {','.join(members)} {name}"]
    return lines
