"""The labels the bot uses: one per agent, the status labels, and the clarification label."""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain.roles import RoleSet
from bot.domain.status import STATUS_LABEL_COLOURS, TaskStatus
from bot.github_models import LabelSpec

NEEDS_CLARIFICATION = LabelSpec(
    name="coordination:needs-clarification", colour="d876e3",
    description="The plan needs answers before it can be coordinated",
)


def carries(labels: Sequence[str], name: str) -> bool:
    """Whether an issue has the label: GitHub's label names ignore case, and an issue shows an existing
    label as the repository spelt it (`Coordination:Needs-Clarification`), not as the bot named it."""
    return name.casefold() in {label.casefold() for label in labels}


def label_specs(roles: RoleSet) -> list[LabelSpec]:
    """One colour per agent, plus the status labels."""
    agents = [LabelSpec(name=role.label, colour=role.colour, description=role.display_name) for role in roles.roles]
    statuses = [
        LabelSpec(name=status.label, colour=STATUS_LABEL_COLOURS[status], description=f"Task is {status.value}")
        for status in TaskStatus
    ]
    return agents + statuses

