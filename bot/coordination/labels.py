"""The labels the bot uses, and the one helper that moves a task's status label."""

from __future__ import annotations

from bot.coordination.session import Session
from bot.domain.roles import RoleSet
from bot.domain.status import STATUS_LABEL_COLOURS, TaskStatus
from bot.github_models import LabelSpec

NEEDS_CLARIFICATION = LabelSpec(
    name="coordination:needs-clarification", colour="d876e3",
    description="The plan needs answers before it can be coordinated",
)


def label_specs(roles: RoleSet) -> list[LabelSpec]:
    """One colour per agent, plus the status labels."""
    agents = [LabelSpec(name=role.label, colour=role.colour, description=role.display_name) for role in roles.roles]
    statuses = [
        LabelSpec(name=status.label, colour=STATUS_LABEL_COLOURS[status], description=f"Task is {status.value}")
        for status in TaskStatus
    ]
    return agents + statuses


def move_status(session: Session, key: str, status: TaskStatus) -> bool:
    """Sets a task's status and its sub-issue's label; a no-op when already there. True if it changed."""
    task = session.state.tasks[key]
    if task.status is status:
        return False
    previous, task.status = task.status, status
    session.save()
    if task.issue_number is not None:
        session.gh.remove_label(task.issue_number, previous.label)
        session.gh.add_labels(task.issue_number, [status.label])
    return True
