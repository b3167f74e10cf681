"""Planning: from the text of a plan issue to a validated, dependency-ordered set of tasks.

`make_planner` picks the planner; every planner returns a `PlanOutcome` (a plan, or questions).
"""

from bot.planning.base import Planner, PlannerChoice, make_planner
from bot.planning.claude import ClaudePlanner
from bot.planning.rules import RulePlanner

__all__ = ["ClaudePlanner", "Planner", "PlannerChoice", "RulePlanner", "make_planner"]
