"""The rule-based planner: deterministic, offline, and the fallback whenever Claude is unavailable."""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain import DEFAULT_ROLES, PlanOutcome, RoleSet
from bot.judgement.testing_gaps import untested_note
from bot.planning.assemble import assemble
from bot.planning.classifier import KeywordClassifier
from bot.planning.drafts import DraftPlan
from bot.planning.markdown import parse_markdown
from bot.planning.phrases import RoleNames
from bot.planning.sufficiency import DEFAULT_CAP, check_drafts, check_plan

# Where an untagged task goes when no role's vocabulary matches it; ignored if the role set lacks it.
FALLBACK_AGENT = "feature-implementation"


class RulePlanner:
    """Reads the plan's Markdown (or its explicit yaml/json block) and checks the result."""

    name = "rules"

    def __init__(self, roles: RoleSet = DEFAULT_ROLES, cap: int = DEFAULT_CAP, notes: Sequence[str] = ()) -> None:
        self.roles = roles
        self.cap = cap
        self.classifier = KeywordClassifier(roles, FALLBACK_AGENT)
        self._notes = tuple(notes)

    def plan(self, title: str, body: str) -> PlanOutcome:
        source = parse_markdown(body, RoleNames(self.roles))
        return self.conclude(source, title, self.name, self._notes)

    def conclude(self, source: DraftPlan, title: str, planner: str, notes: Sequence[str] = ()) -> PlanOutcome:
        """Drafts from any reader to an outcome: assembled and checked, or the questions to ask."""
        notes = (*notes, *source.notes)
        questions = check_drafts(source, self.cap)
        if questions:
            return PlanOutcome(questions=tuple(questions), notes=notes)
        assembly = assemble(source, title, self.roles, self.classifier, planner)
        notes = (*notes, *assembly.notes)
        questions = check_plan(assembly.plan, assembly.dangling, assembly.where)
        if questions:
            return PlanOutcome(questions=tuple(questions), notes=notes)
        gap = untested_note(assembly.plan)  # a note, never a question: the author may test elsewhere
        return PlanOutcome(plan=assembly.plan, notes=(*notes, gap) if gap else notes)
