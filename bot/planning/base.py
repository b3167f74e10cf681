"""The planner interface and the choice between the rule-based and the Claude planner."""

from __future__ import annotations

from typing import Literal, Protocol

from bot.domain import PlanOutcome, RoleSet
from bot.planning.claude import ClaudePlanner
from bot.planning.rules import RulePlanner
from bot.settings import Settings

PlannerChoice = Literal["auto", "rules", "claude"]


class Planner(Protocol):
    """Turns the title and body of a plan issue into a plan, or the questions to ask first."""

    name: str

    def plan(self, title: str, body: str) -> PlanOutcome: ...


def make_planner(settings: Settings, roles: RoleSet, cap: int, choice: PlannerChoice = "auto") -> Planner:
    """Claude when a key is set and the choice allows it; otherwise the rules.

    Asking for Claude without a key still plans (with the rules) and says why in the notes, so a
    missing key never stops the bot.
    """
    has_key = settings.anthropic_api_key is not None and bool(settings.anthropic_api_key.get_secret_value())
    if choice != "rules" and has_key:
        return ClaudePlanner(settings, roles, cap)
    notes = ("The Claude planner was asked for, but ANTHROPIC_API_KEY is not set; the rule-based planner "
             "made this plan.",) if choice == "claude" else ()
    return RulePlanner(roles, cap, notes=notes)
