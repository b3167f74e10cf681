"""The domain: plans, tasks, agent roles and statuses as Pydantic models with no I/O."""

from bot.domain.plan import Phase, Plan, PlanOutcome, Question, Task
from bot.domain.roles import DEFAULT_ROLES, AgentRole, RoleSet
from bot.domain.status import TaskStatus

__all__ = [
    "DEFAULT_ROLES",
    "AgentRole",
    "Phase",
    "Plan",
    "PlanOutcome",
    "Question",
    "RoleSet",
    "Task",
    "TaskStatus",
]
