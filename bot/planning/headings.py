"""What a heading, a list item's head or a table announces: a task id, a step, a phase, or a kind of section.

Plans mark their task level in a handful of ways ("## Task 3:", "### TASK-004:", "#### Step 1.2:",
"### 2. Title", "## Phase 1: …") and mark reference material by what a section is about ("Out of
scope", "Risks & Mitigation", "Files to modify"). Sections are recognised by the words in their
title, not by an exact name, so variants ("📚 Resources", "Open Questions (v2)") are found too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from bot.planning.phrases import Field, field_label, starts_imperative
from bot.planning.priorities import area_title, aside_title, priority_title
from bot.planning.schedule import schedule_title
from bot.planning.trackers import tracked_item


class Kind(StrEnum):
    """How a heading names its unit of work, strongest first."""

    TASK = "task"
    STEP = "step"
    NUMBERED = "numbered"
    PHASE = "phase"
    PLAIN = "plain"


class Role(StrEnum):
    """What a section holds."""

    WORK = "work"
    REFERENCE = "reference"
    ACCEPTANCE = "acceptance"
    CONSTRAINTS = "constraints"
    DEPENDENCIES = "dependencies"


@dataclass(frozen=True)
class Heading:
    """A heading read: its kind, the author's id or number, and the title without them."""

    kind: Kind
    title: str
    number: str | None = None
    ident: str | None = None  # an id meant as a name (TASK-004, T012, A1): kept as the task key


_SEP = r"\s*(?:[:.)\uff1a—\u2013·|]|\s-)\s*"  # "BOOK-12 · Title" and "BOOK-12 | Title" as exported from trackers
_LEAD = re.compile(r"^[^\w`*\[(#]+")  # emoji and bullets before the words
_ID = re.compile(
    rf"^(?P<id>[A-Z][A-Z0-9]*(?:[-_][A-Z0-9]+)*-?\d+[A-Z0-9]*){_SEP}(?P<rest>.+)$"
    rf"|^(?P<tid>T\d{{2,5}})\b(?:{_SEP}|\s+)(?P<trest>.+)$"
)
_TASK = re.compile(
    rf"^(?:task\s*group|work\s*package|user\s*story|task|story|ticket|wp)\s*[#-]?\s*"
    rf"(?P<num>[A-Za-z]?\d{{1,5}}(?:\.\d{{1,4}})*[a-z]?)\b(?:{_SEP}|\s+)(?P<rest>.*)$",
    re.IGNORECASE,
)
_STEP = re.compile(rf"^step\s*#?\s*(?P<num>\d{{1,4}}(?:\.\d{{1,4}})*)\b(?:{_SEP}|\s+)(?P<rest>.*)$", re.IGNORECASE)
_PHASE = re.compile(
    rf"^(?:phase|stage|milestone|sprint|week|part|wave|iteration|epic|release)\s*(?P<num>\d{{1,4}}|[ivx]{{1,5}})?\b"
    rf"(?:{_SEP}|\s+)?(?P<rest>.*)$",
    re.IGNORECASE,
)
_NUMBERED = re.compile(r"^(?P<num>\d{1,4}(?:\.\d{1,4})*)(?:[.)]\s*|\s+)(?P<rest>\S.*)$")
# "M2 — Ladder": a milestone by its short name, as plans number them (M1, M2…), not a tracker key
_MILESTONE = re.compile(rf"^M(?P<num>\d{{1,3}}){_SEP}(?P<rest>\S.*)$")


def read_heading(text: str) -> Heading:
    """The kind, number and title of a heading (or of a list item's head line)."""
    text = _LEAD.sub("", text).strip()
    number = None
    match = _NUMBERED.match(text)
    if match:
        number, text = match.group("num"), match.group("rest").strip()
    if tracked := tracked_item(text):  # "Story CAR-311 Schema": a tracker's key names the task, an epic gathers
        return Heading(Kind.PHASE if tracked.gathers else Kind.TASK, tracked.title, tracked.key, tracked.key)
    if match := _MILESTONE.match(text):
        return Heading(Kind.PHASE, match.group("rest").strip(), match.group("num"))
    if match := _ID.match(text):
        ident = match.group("id") or match.group("tid")
        return Heading(Kind.TASK, (match.group("rest") or match.group("trest")).strip(), ident, ident)
    for kind, pattern in ((Kind.TASK, _TASK), (Kind.STEP, _STEP), (Kind.PHASE, _PHASE)):
        match = pattern.match(text)
        if match and (kind is not Kind.PHASE or match.group("num") or match.group("rest").startswith(":")):
            rest = match.group("rest").strip().lstrip(":").strip() or text
            found = match.group("num") or number
            return Heading(kind, rest, found, _ident(kind, found, text[: match.start("num")] if found else ""))
    if schedule_title(text):
        return Heading(Kind.PHASE, text, number)  # "Week of 3 March": a slot of the schedule
    return Heading(Kind.NUMBERED if number else Kind.PLAIN, text, number)


def heading_field(title: str) -> Field | None:
    """The task field a sub-heading announces ("### Acceptance criteria"), when that is all it says."""
    label = field_label(read_heading(title).title)
    return label[0] if label is not None and not label[1] else None


def _ident(kind: Kind, number: str | None, prefix: str) -> str | None:
    """"WP-A1" for "Work package A1": an id meant as a name. "Task 3" is a position, renumbered
    when a task is inserted, so it names the task in references but does not become its key."""
    if kind is not Kind.TASK or not number or number.replace(".", "").isdigit():
        return None
    return "-".join([*re.findall(r"[A-Za-z]+", prefix), number])


def _words(*phrases: str, guard_hyphens: bool = False) -> re.Pattern[str]:
    """Any of the phrases as whole words; `guard_hyphens` also refuses a word joined to another by a hyphen
    ("plan" names the work, "floor-plan model" one task)."""
    before, after = (r"(?<![\w-])", r"(?![\w-])") if guard_hyphens else (r"\b", r"\b")
    return re.compile(before + "(?:" + "|".join(re.escape(p) for p in phrases) + ")" + after)


_DEPENDENCY_TITLES = _words(
    "dependencies", "dependency", "implementation order", "execution order", "order of work", "sequencing",
    "action graph", "dependency graph", "task graph", "critical path",
)
_ACCEPTANCE_TITLES = _words(
    "acceptance criteria", "acceptance", "definition of done", "done when", "success criteria", "exit criteria",
    "checklist", "verification checklist", "quality gates", "test plan checklist",
)
_CHECKLIST = re.compile(r"\bcheck-?lists?\b")
_CONSTRAINT_TITLES = _words("constraints", "constraint", "guardrails", "non-functional requirements", "nfrs")
_REFERENCE_WORDS = (
    "background", "overview", "summary", "motivation", "goal", "goals", "objective", "objectives", "why",
    "problem", "problem statement", "non-goals", "non goals", "out of scope", "open questions", "questions",
    "references", "reference", "links", "risk", "risks", "mitigation", "alternatives", "glossary", "timeline",
    "timelines", "estimate", "estimates", "estimated time", "appendix", "related", "resources", "assumptions",
    "faq", "discussion", "rationale", "prior art", "architecture", "current state", "analysis", "context",
    "legend", "status", "progress", "changes from", "coverage", "table of contents", "contents", "benefits",
    "limitations", "considerations", "decisions", "decision log", "metrics", "files", "next steps",
    "future work", "follow-ups", "follow-up", "notes", "known issues", "requirements", "details", "pricing",
    "changelog", "history", "quick reference", "environment variables", "file structure", "directory structure",
    "tech stack", "proposed solution", "prerequisites", "after implementation", "after release", "afterwards",
    "alternatives considered", "options considered", "rejected alternatives", "drawbacks", "unresolved questions",
    "blockers", "not doing", "not now", "won't do", "consequences",
    # a bug report's sections describe the fault, not the work
    "steps to reproduce", "to reproduce", "reproduction", "repro steps", "reproduction steps", "expected",
    "expected behaviour", "expected behavior", "expected result", "actual", "actual behaviour", "actual behavior",
    "actual result", "screenshots", "environment",
)
_ALTERNATION = "|".join(re.escape(word) for word in _REFERENCE_WORDS)
# A reference word opens the title (alone or before a connector: "Risks & Mitigation", "Files to modify",
# "Questions we still need to answer")
# or closes it ("Implementation status"); "Status page" names work, not reference material.
_PHRASES = "|".join(re.escape(word) for word in _REFERENCE_WORDS if " " in word)
_REFERENCE_TITLE = re.compile(
    rf"^(?:{_ALTERNATION})(?:$|\s*(?:[&/:(,—\u2013-]|and\b|to\b|from\b|for\b|of\b|in\b|we\b|that\b|still\b))"
    rf"|^(?:{_PHRASES})\b"
    rf"|\b(?:{_ALTERNATION})$"
)
_TRAILER = re.compile(r"\s*(?:\([^()]*\)|[^\w)]+)$")  # "(v2)", " 🎯", ":" after the words
_CONTAINER_TITLES = _words(
    "tasks", "task", "task list", "todo", "todos", "to do", "to-do", "steps", "scope", "work items", "work",
    "implementation", "plan", "plans", "backlog", "breakdown", "deliverables", "milestones", "phases",
    "roadmap", "what we need to do", "action items", "checklist of work", "changes", "approach", "proposal",
    "subtasks", "work plan", "workplan", "stories", "user stories", "fixes", "punch list", "outline",
    guard_hyphens=True,
)
# Everyday words for "the work is below", as the whole title: "What needs doing", "How we'll build it", "To change",
# "Things to fix (v1)". "What has been done" and "What we won't do" report or exclude work; "To fix the redirect"
# names one task
_WORK_DONE = (r"(?:do|doing|done|build|built|change|changed|fix|fixed|add|added|implement|implemented"
              r"|make|made|ship|create)")
_WORK_PHRASE = re.compile(
    r"^(?:what\s+(?:still\s+)?(?:(?:needs|has|have)\s+(?:to\s+)?|(?:is|are)\s+to\s+|must\s+)(?:be\s+)?"
    r"|(?:what|how)\s+(?:we|i|you)\s*(?:['\u2019]ll|will|need\s+to|must|should|are\s+going\s+to|plan\s+to)\s+"
    r"|(?:what|things|work|items|changes)\s+to\s+|to\s+)" + _WORK_DONE
    + r"(?:\s+(?:it|this|first|next|now|here))?\s*(?:$|[:(?!\u2014\u2013-].*$)"  # "To fix the redirect" is one task
)


def section_role(title: str) -> Role:
    """What a section holds, judged from the words of its title."""
    text = _LEAD.sub("", title.lower()).strip()
    text = _NUMBERED.sub(r"\g<rest>", text)
    if _DEPENDENCY_TITLES.search(text):
        return Role.DEPENDENCIES
    if _ACCEPTANCE_TITLES.search(text) and not names_a_container(_CHECKLIST.sub("", text)):
        return Role.ACCEPTANCE  # "Implementation checklist", "TODO checklist" list the work
    if _CONSTRAINT_TITLES.search(text):
        return Role.CONSTRAINTS
    if _REFERENCE_TITLE.search(_TRAILER.sub("", text)) and not _starts_with_work(text):
        return Role.REFERENCE
    if aside_title(text) and not priority_title(text):
        return Role.REFERENCE  # "Won't have", "Alternatives considered", "Would you be willing to contribute?"
    return Role.WORK


def checklist_title(title: str) -> bool:
    """Whether "checklist" is the title's word for what it holds ("Checklist", "Launch checklist"): a list that is
    the work when its boxes are instructions and no other section holds the tasks."""
    return _CHECKLIST.search(_LEAD.sub("", title.lower())) is not None


def _starts_with_work(text: str) -> bool:
    """"Implement the status page" names work even though "status" is a reference word; so does a numbered
    phase or milestone ("Milestone 1 — Room status"): a stage of the work, whatever it is about."""
    heading = read_heading(text)
    numbered_phase = heading.kind is Kind.PHASE and heading.number is not None
    return heading.kind in (Kind.TASK, Kind.STEP) or numbered_phase or starts_imperative(heading.title)


def names_a_container(title: str) -> bool:
    """Whether a title opens with a word for the work below ("Tasks", "Changes (v2)"), rather than naming one
    piece of work that ends with such a word ("Student portal changes")."""
    text = read_heading(_LEAD.sub("", title.lower())).title
    return _CONTAINER_TITLES.match(text) is not None or _WORK_PHRASE.match(text) is not None


def holds_tasks(title: str) -> bool:
    """Whether a section's title says its lists are the work ("Tasks", "Scope", "What needs doing")."""
    text = _LEAD.sub("", title.lower())
    return _CONTAINER_TITLES.search(text) is not None or _WORK_PHRASE.match(read_heading(text).title) is not None \
        or priority_title(text) or area_title(text)


