"""Task drafts: what a parser read from the plan, before keys, agents and dependencies are settled.

Every source (Markdown, a YAML/JSON block, Claude's tool call) produces drafts, and one assembly
step turns them into `Task`s, so all planners agree on keys, agent reasons and dependency rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.domain import Question

# Size caps on what one task may carry: plan text is untrusted and may be enormous.
MAX_TITLE = 200
MAX_ITEM = 500
MAX_ITEMS = 40
MAX_DESCRIPTION = 6000
MAX_EXCERPT = 2000
MAX_SUMMARY = 1500


@dataclass
class Draft:
    """One task as written. `depends` holds references as the author wrote them ("#2", "Schema")."""

    title: str
    line: int | None = None
    phase: str = ""
    stage: str = ""  # the phase heading around it ("Phase 3: User story 1"), however deep the task sits
    number: str | None = None  # the plan's own task numbering ("Task 3", "Step 1.2", "T012"), for references
    ordinal: str | None = None  # a list item's place in its list ("3." or "- 3."): names it only in flat lists
    step: bool = False  # a numbered step heading ("### 3. …", "Step 2.1"): written in the order to do it
    key: str | None = None
    alias: str | None = None
    agent: str | None = None
    agent_reason: str = ""
    description: list[str] = field(default_factory=list)
    deliverables: list[str] = field(default_factory=list)
    acceptance: list[str] = field(default_factory=list)
    constraints: list[str] = field(default_factory=list)
    depends: list[str] = field(default_factory=list)
    mentions: list[str] = field(default_factory=list)  # task numbers named in the body ("… (Task 1)")
    points: list[str] = field(default_factory=list)  # lettered sub-points under a short title ("a. New table")
    state: str = "open"  # "done" or "skipped" when the plan says the work is finished
    excerpt: str = ""

    @property
    def where(self) -> str:
        """How a question names this task: its title, and its line when known."""
        return f"“{self.title}” (line {self.line})" if self.line else f"“{self.title}”"


@dataclass
class DraftPlan:
    """Everything read from one plan: the drafts plus plan-wide text, notes and parse problems."""

    drafts: list[Draft] = field(default_factory=list)
    summary: str = ""
    acceptance: list[str] = field(default_factory=list)
    constraints: list[str] = field(default_factory=list)
    problems: list[Question] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # Order stated outside the tasks (a dependency section, an ASCII graph): (task ref, refs it waits on).
    statements: list[tuple[str, list[str]]] = field(default_factory=list)
    # Order stated between phases: (the phase that waits, what it waits on), as written.
    phase_order: list[tuple[str, str]] = field(default_factory=list)
    tests_first: bool = False  # the plan says its tests are written before the code they test
