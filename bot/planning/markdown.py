"""Reads a plan written in Markdown into task drafts: the outline first, then the task level.

People write plans in many shapes: a flat checklist, phases with bullets, one heading per task
("## Task 3:", "### TASK-004:", "#### Step 1.2:"), OpenSpec groups, spec-kit `T012` lines, tables
whose rows are tasks. The level is chosen per plan from evidence (ids, numbering, checkboxes, what
the sections are about); sections of reference material are left out by what their titles say.
A fenced yaml/json plan, or front matter holding tasks, wins over all of it.
"""

from __future__ import annotations

import re
from collections import Counter

from bot.planning.boards import board_columns
from bot.planning.checks import mostly_work
from bot.planning.dependency_notes import gantt_statements, heading_phase_order, phase_statements_in, statements_in
from bot.planning.drafts import MAX_ITEM, MAX_ITEMS, MAX_SUMMARY, Draft, DraftPlan
from bot.planning.explicit import find_explicit_plan
from bot.planning.headings import (
    Kind,
    Role,
    checklist_title,
    heading_field,
    holds_tasks,
    names_a_container,
    read_heading,
    section_role,
)
from bot.planning.outline import Code, Item, ListBlock, Outline, Para, Rule, Section, Table, build_outline
from bot.planning.paragraphs import MIN_PARAGRAPHS, defined_terms, essay_steps
from bot.planning.phrases import (
    Field,
    RoleNames,
    field_label,
    mostly_instructions,
    starts_imperative,
    take_agent,
    take_dependencies,
)
from bot.planning.priorities import (
    area_title,
    aside_label,
    link_only,
    no_response,
    priority_title,
    set_aside_item,
    solution_title,
)
from bot.planning.prose import bold_steps, prose_steps
from bot.planning.schedule import schedule_title
from bot.planning.step_paragraphs import paragraph_steps
from bot.planning.tables import Columns, phase_rows, row_tasks, task_columns
from bot.planning.taskbody import TaskBody
from bot.planning.threads import without_thread
from bot.planning.trackers import blocked_keys

MAX_BODY = 200_000
_LEVELS = (Kind.TASK, Kind.STEP, Kind.NUMBERED, Kind.PHASE)
_STEPS = re.compile(r"\bsteps\b", re.IGNORECASE)
# "Tests MUST be written and FAIL before implementation" (spec-kit), "write the tests first", "test-first"
_TESTS_FIRST = re.compile(r"\btests?\b[^.\n]{0,60}?\bbefore\s+(?:the\s+)?implementation\b"
                          r"|\bwrite\s+(?:the\s+)?tests?\s+first\b|\btest[- ]first\b", re.IGNORECASE)
_MAX_QUESTION_WORDS = 12
_SUMMARY_ROLES = ("overview", "summary", "goal", "goals", "context", "background", "motivation", "problem")


def parse_markdown(body: str, names: RoleNames) -> DraftPlan:
    """Task drafts from the Markdown body of a plan issue."""
    outline = build_outline(without_thread(body[:MAX_BODY]))
    reader = _Reader(outline, names)
    explicit = find_explicit_plan(outline)
    if explicit is not None:
        explicit.summary = explicit.summary or reader.summary()
        return explicit
    plan = reader.read()
    plan.tests_first = _TESTS_FIRST.search(body[:MAX_BODY]) is not None
    if len(body) > MAX_BODY:
        plan.notes.append(f"Only the first {MAX_BODY:,} characters of the plan were read.")
    if outline.cut is not None:
        plan.notes.append(f"Lines {outline.cut[0]} to {outline.cut[1]} nest lists or quotes too deeply and were "
                          "not read.")
    return plan


def _document(root: Section) -> Section:
    """The root, with a lone top heading (the document's title) folded into it."""
    if len(root.children) == 1 and not any(isinstance(b, ListBlock | Table) for b in root.blocks):
        title = root.children[0]
        if title.level == 1 or (title.children and not all(_is_field(child) for child in title.children)):
            return Section(level=0, line=root.line, end=root.end, blocks=[*root.blocks, *title.blocks],
                           children=title.children)
    return root


class _Reader:
    """Walks the sections of one document, collecting drafts and plan-wide text into `plan`."""

    def __init__(self, outline: Outline, names: RoleNames) -> None:
        self.outline = outline
        self.names = names
        self.root = _document(outline.root)
        self.plan = DraftPlan()
        self.preamble: list[Draft] = []
        self.body = TaskBody(outline, names, _ids(self.root))
        self.level: Kind | None = None
        self._kinds: dict[int, Kind] = {}
        self._weak: set[int] = set()  # heading tasks that hold nothing but prose
        self._headed: set[int] = set()  # tasks read from a heading
        self._proposals = _proposals(self.root)
        self._columns = board_columns(self.root)  # a pasted board's columns, and whether each is finished work

    def read(self) -> DraftPlan:
        self.plan.summary = self.summary()
        self.level = self._choose_level()
        self._visit(self.root, None, "")
        if not self.plan.drafts:
            paragraphs = self._work_paragraphs()
            steps = paragraph_steps([section.blocks for section, work in [(self.root, True), *self._headings()]
                                     if work], self.body)
            self.plan.drafts = steps or self.preamble or bold_steps(paragraphs, self.body) or prose_steps(paragraphs)
        headed_or_weak = self._weak | self._headed
        if any(id(draft) not in headed_or_weak for draft in self.plan.drafts):
            # "## Format" or "## Conventions" paragraphs beside a real task list are notes, not tasks; beside
            # other prose headings they are tasks like them ("Schedule editor" reads as an order, its siblings not)
            self.plan.drafts = [draft for draft in self.plan.drafts if id(draft) not in self._weak]
        if len(self.plan.drafts) == 1 and _only_prose(self.plan.drafts[0], self._weak):
            self.plan.drafts = []  # one section of prose that gives no instruction ("Next meeting") is no plan
        self.plan.drafts = _first_of_each_number(self.plan.drafts)
        self._mark_stages()
        return self.plan

    def _work_paragraphs(self) -> list[Para]:
        """The paragraphs of the plan outside reference sections, in document order."""
        return [block for section, work in [(self.root, True), *self._headings()] if work
                for block in section.blocks if isinstance(block, Para)]

    def _mark_stages(self) -> None:
        """Each draft's enclosing phase heading, so order stated between phases reaches tasks nested below them."""
        sections = self.root.walk()[1:]
        phases = [(s.title, s.line, next((t.line for t in sections[i + 1:] if t.level <= s.level), 1 << 30))
                  for i, s in enumerate(sections) if self._kind(s) is Kind.PHASE]
        for draft in self.plan.drafts:
            around = [title for title, start, end in phases if draft.line is not None and start <= draft.line < end]
            draft.stage = around[-1] if around else draft.phase

    def summary(self) -> str:
        """The opening paragraphs of the plan, or of its overview/goal/context section."""
        named = [s for s in self.root.walk()[1:] if read_heading(s.title).title.lower().strip(": ") in _SUMMARY_ROLES]
        for section in (self.root, *named):
            paragraphs = [
                self.body.source(b.line, b.end) for b in section.blocks
                if isinstance(b, Para) and not b.inline.text.endswith(":") and field_label(b.inline.text) is None
            ]
            if paragraphs:
                return "\n\n".join(paragraphs)[:MAX_SUMMARY]
        return ""

    # The task level -----------------------------------------------------------------------------

    def _role(self, section: Section) -> Role:
        """What a section holds; an issue form's proposal holds the work when the form has no task list."""
        if id(section) in self._proposals or id(section) in self._columns:
            return Role.WORK
        return _structural_role(section)

    def _holds(self, section: Section) -> bool:
        """Whether a section's lists are the work, by its title or as the form's only proposal."""
        return holds_tasks(section.title) or id(section) in self._proposals or id(section) in self._columns

    def _kind(self, section: Section) -> Kind:
        found = self._kinds.get(id(section))
        if found is None:
            found = self._kinds[id(section)] = read_heading(section.title).kind
        return found

    def _choose_level(self) -> Kind | None:
        """The heading kind that marks tasks in this plan, strongest first; None when headings mark none."""
        counts: Counter[Kind] = Counter()
        for section, work in self._headings():
            kind = self._kind(section)
            if (work or kind in (Kind.TASK, Kind.STEP)) and self._candidate(section, kind):
                counts[kind] += 1
        return next((kind for kind in _LEVELS if counts[kind] >= (1 if kind in (Kind.TASK, Kind.STEP) else 2)), None)

    def _headings(self) -> list[tuple[Section, bool]]:
        """Every heading, and whether it sits in work (not reference material)."""
        out: list[tuple[Section, bool]] = []
        stack = [(child, True) for child in reversed(self.root.children)]
        while stack:
            section, inherited = stack.pop()
            work = inherited and self._role(section) is Role.WORK
            out.append((section, work))
            stack.extend((child, work or (inherited and _after_rule(section, child)))
                         for child in reversed(section.children))
        return out

    def _candidate(self, section: Section, kind: Kind) -> bool:
        """Whether a heading of `kind` is one task, rather than a container of finer ones."""
        below = {self._kind(s) for s in section.walk()[1:]}
        if kind is Kind.TASK:
            return Kind.TASK not in below
        if kind is Kind.STEP:
            return not below & {Kind.TASK, Kind.STEP}
        if kind not in (Kind.NUMBERED, Kind.PHASE) or below & set(_LEVELS):
            return False
        if any(isinstance(b, Table) and task_columns(b) for s in section.walk() for b in s.blocks):
            return False
        lists = [b for s in section.walk() for b in s.blocks if isinstance(b, ListBlock)]
        if kind is Kind.PHASE:  # a phase that is nothing but a list of two or more items holds them as its tasks
            only_a_list = len(section.blocks) == 1 and len(lists) == 1 and len(lists[0].items) >= 2
            return not only_a_list and not any(self._tasky(b, strict=False) for b in lists)
        return not any(self._tasky(b, strict=True) for b in lists)

    def _tasky(self, block: ListBlock, strict: bool) -> bool:
        """A list of work items; `strict` asks for plain instructions (not checkboxes or sub-numbered steps)."""
        items = block.items
        if strict:
            plain = [i for i in items if i.checked is None and read_heading(i.head.text).kind is not Kind.NUMBERED]
            return len(plain) >= 3 and mostly_instructions([i.head.text for i in plain])
        marked = sum(i.checked is not None or starts_imperative(i.head.text) or _has_id(i) for i in items)
        return marked * 2 > len(items)

    # Sections -----------------------------------------------------------------------------------

    def _visit(self, section: Section, parent: Section | None, phase: str) -> None:
        role = Role.WORK if parent is None else self._role(section)
        if role is not Role.WORK:
            self._harvest(section, role)
            for child in section.children:
                if self._kind(child) in (Kind.TASK, Kind.STEP) or _after_rule(section, child):
                    self._visit(child, section, phase)
            return
        if parent is not None and self._is_task(section, parent):
            draft = self.body.heading_task(section, phase)
            self._headed.add(id(draft))
            if self.level is None and _unlabelled(section) and not starts_imperative(draft.title):
                self._weak.add(id(draft))
            self.plan.drafts.append(draft)
            return
        inner = phase if parent is None else section.title
        self._container(section, inner, preamble=parent is None)
        for child in section.children:
            self._visit(child, section, inner)

    def _is_task(self, section: Section, parent: Section) -> bool:
        kind = self._kind(section)
        if self.level is not None:
            if kind is self.level and self._candidate(section, kind):
                return True
            return kind is Kind.PLAIN and not section.children and bool(section.blocks) and any(
                self._kind(s) is self.level for s in parent.children
            )
        return self._reads_as_task(section)

    def _reads_as_task(self, section: Section) -> bool:
        """With no heading level in the plan: a leaf heading holding one task's text is that task."""
        # "Student portal changes" over a paragraph is one piece of work; "Changes" over one is a container
        one_piece = _prose_only(section) and len(section.blocks) < MIN_PARAGRAPHS \
            and not names_a_container(section.title)
        if (self._holds(section) and not one_piece) or any(self._kind(c) is not Kind.PLAIN or not _is_field(c)
                                                                 for c in section.children):
            return False
        if any(isinstance(b, Table) and task_columns(b) for b in section.blocks):
            return False
        title = read_heading(section.title).title
        if take_agent(title, self.names)[1] or take_dependencies(title)[1] or section.children:
            return True
        lists = [b for b in section.blocks if isinstance(b, ListBlock)]
        if not lists:
            return any(isinstance(b, Para) for b in section.blocks)
        marked = any(item.checked is not None or _has_id(item) for block in lists for item in block.items)
        if marked or self._kind(section) is Kind.PHASE:
            return False  # a phase of checkbox or numbered-id items holds tasks; it is not one
        return _has_prose(section) or not self._tasky(lists[0], strict=False) or starts_imperative(title)

    def _container(self, section: Section, phase: str, preamble: bool) -> None:
        target = self.preamble if preamble else self.plan.drafts
        before = len(target)
        pending: Field | None = None
        aside = False  # the list follows "Not doing:" or "Won't have"
        asked = False  # … or a question ("Who would benefit?"), which it answers unless it lists instructions
        group: str | None = None  # the list follows "**Backend**", "Must have:" or "Week 2:"
        a_phase = self._kind(section) is Kind.PHASE
        if a_phase:
            self.plan.phase_order += heading_phase_order(section.title)
        for block in section.blocks:
            if isinstance(block, Para):
                label = field_label(block.inline.text)
                pending = label[0] if label and not label[1] else None
                asked = _asks(block.inline.text)
                aside = aside_label(block.inline.text) or asked
                group = _group_label(block.inline.text)
                if a_phase and label and label[0] is Field.DEPENDS and label[1]:
                    self.plan.phase_order.append((section.title, label[1]))  # "**Depends on:** Phase 1"
            elif isinstance(block, ListBlock):
                if aside and not (asked and _instructions(block)):
                    aside = False
                elif pending in (Field.ACCEPTANCE, Field.CONSTRAINTS):
                    self._plan_items(pending, block)
                elif pending in (None, Field.DELIVERABLES) and (preamble or self._holds_tasks(block, section)):
                    drafts = self._list_tasks(block, group or phase)
                    if self._columns.get(id(section)):
                        for draft in drafts:
                            draft.state = "done"  # a card in the board's "Done" column
                    if block.ordered and _STEPS.search(section.title):
                        for draft in drafts:
                            draft.step = True  # "## Implementation steps" numbers its items in order
                    target.extend(drafts)
                pending, aside = None, False
            elif isinstance(block, Code):
                self.plan.statements += gantt_statements(block)
            elif isinstance(block, Table) and (columns := task_columns(block)) is not None:
                if self._summarises_phases(block, columns):
                    self.plan.phase_order += phase_rows(block, columns)
                else:
                    target.extend(row_tasks(block, columns, self.body, phase))
        if len(target) == before:
            target.extend(self._paragraph_tasks(section, phase))

    def _paragraph_tasks(self, section: Section, phase: str) -> list[Draft]:
        """Tasks written as paragraphs, where nothing else marks them: defined terms, or an essay of steps
        under a heading that says it holds the work."""
        paragraphs = [block for block in section.blocks if isinstance(block, Para)]
        terms = defined_terms(paragraphs, self.body, phase)
        if terms or not holds_tasks(section.title) or len(paragraphs) < len(section.blocks):
            return terms
        drafts, statements = essay_steps(paragraphs, self.body, phase)
        self.plan.statements += statements
        return drafts

    def _summarises_phases(self, table: Table, columns: Columns) -> bool:
        """A table of phases in a plan that writes its tasks as headings is an overview, not the tasks."""
        if self.level not in (Kind.TASK, Kind.STEP) or columns.ident is None:
            return False
        return table.header[columns.ident].strip().lower() in ("phase", "stage", "milestone", "#")

    def _holds_tasks(self, block: ListBlock, section: Section) -> bool:
        if self._holds(section) or self._kind(section) is Kind.PHASE:
            return True
        return self.level is None and self._tasky(block, strict=False)

    def _harvest(self, section: Section, role: Role) -> None:
        """Plan-wide criteria and constraints, and order stated outside the tasks."""
        for sub in section.walk():
            if sub is not section and (self._kind(sub) in (Kind.TASK, Kind.STEP) or _after_rule(section, sub)):
                continue
            for block in sub.blocks:
                if isinstance(block, Code) and role is not Role.DEPENDENCIES:
                    self.plan.statements += gantt_statements(block)
                elif role is Role.DEPENDENCIES and isinstance(block, Para):
                    lines = self.outline.source(block.line, block.end).split("\n")
                    self.plan.statements += statements_in(block, self.body.ids, lines)
                    self.plan.phase_order += phase_statements_in(block)
                elif role is Role.DEPENDENCIES or isinstance(block, ListBlock | Para):
                    self.plan.statements += statements_in(block, self.body.ids)
                    self.plan.phase_order += phase_statements_in(block)
                if role in (Role.ACCEPTANCE, Role.CONSTRAINTS) and isinstance(block, ListBlock):
                    self._plan_items(Field.ACCEPTANCE if role is Role.ACCEPTANCE else Field.CONSTRAINTS, block)

    # Lists --------------------------------------------------------------------------------------

    def _list_tasks(self, block: ListBlock, phase: str) -> list[Draft]:
        drafts: list[Draft] = []
        last: str | None = None  # the number of the item that made the last draft
        for item in block.items:
            if not item.head.text or set_aside_item(item.head.text, item.head.bold) or link_only(item.head.raw):
                continue  # "**Won't:** paid bookings", "Design: https://…"
            number = read_heading(item.head.text).number
            if drafts and _sub_number(number, last):
                # Kiro writes "- [ ] 2. Models" then "- [ ] 2.1 …" as siblings: 2.1 is a step of task 2
                drafts[-1].description.append(self.body.source(item.line, item.end))
                continue
            nested = item.lists
            if _is_group(item, self.names) and any(self._tasky(b, strict=False) for b in nested) \
                    and len(item.blocks) == len(nested):
                drafts.extend(d for b in nested for d in self._list_tasks(b, phase=item.head.text))
                last = None
            else:
                drafts.append(self.body.item_task(item, phase))
                last = number
                self.plan.statements += _blocks(item, drafts[-1])
        return drafts

    def _plan_items(self, kind: Field, block: ListBlock) -> None:
        target = self.plan.acceptance if kind is Field.ACCEPTANCE else self.plan.constraints
        for item in block.items:
            text = " ".join(item.head.raw.split())
            if text and len(target) < MAX_ITEMS:
                target.append(text[:MAX_ITEM])


def _after_rule(section: Section, sub: Section) -> bool:
    """Whether a heading below `section` comes after a `---` in its text: "## Summary", a paragraph, `---`,
    then "### Phase 1": the rule closed the summary, and the phases are the plan, not part of it."""
    return any(isinstance(block, Rule) and block.line < sub.line for block in section.blocks)


def _structural_role(section: Section) -> Role:
    """What a section holds; one whose sub-headings are MoSCoW priorities holds work, whatever its title
    ("Requirements (MoSCoW)" over "Must have" / "Should have"); an unanswered form field holds nothing."""
    if any(priority_title(child.title) for child in section.children):
        return Role.WORK
    if not section.children and len(section.blocks) == 1 and isinstance(section.blocks[0], Para) \
            and no_response(section.blocks[0].inline.text):
        return Role.REFERENCE
    return section_role(section.title)


def _proposals(root: Section) -> set[int]:
    """The issue-form proposal sections ("Describe the solution you'd like") that hold the work: those with a
    list, in a form with no section whose title says it holds the tasks; and a requirements table there."""
    sections = root.walk()[1:]
    if any(holds_tasks(section.title) for section in sections):
        return set()
    elsewhere = _work_outside_checklists(root)
    return {id(section) for section in sections if (solution_title(section.title)
            and any(isinstance(block, ListBlock) for block in section.blocks)) or _requirement_rows(section)
            or _checklist_of_work(section, elsewhere)}


def _checklist_of_work(section: Section, elsewhere: bool) -> bool:
    """A checklist section ("Checklist", "Launch checklist") in a plan with no section of tasks is the work, not
    the checks the word usually heads, when its boxes are mostly instructions ("- [ ] Add the table"), or mostly
    things to build ("- [ ] Entry schema", not "- [ ] Tests pass") and no list `elsewhere` holds work."""
    if not checklist_title(section.title):
        return False
    heads = [item.head.text for item in _boxes(section)]
    if len(heads) < 2:
        return False
    return mostly_instructions(heads) or (mostly_work(heads) and not elsewhere)


def _boxes(section: Section) -> list[Item]:
    """The checkbox items of a section's own lists."""
    items = [item for block in section.blocks if isinstance(block, ListBlock) for item in block.items]
    return [item for item in items if item.checked is not None]


def _work_outside_checklists(root: Section) -> bool:
    """Whether work is written outside checklist sections: a task, step or phase heading, or a list of boxes or
    instructions outside reference and criteria sections."""
    for section in root.walk():
        if section is not root and (checklist_title(section.title) or section_role(section.title) is not Role.WORK):
            continue
        if section is not root and read_heading(section.title).kind is not Kind.PLAIN:
            return True
        lists = [block for block in section.blocks if isinstance(block, ListBlock)]
        if any(sum(item.checked is not None or starts_imperative(item.head.text) for item in block.items) * 2
               > len(block.items) for block in lists):
            return True
    return False


def _requirement_rows(section: Section) -> bool:
    """A "Requirements" section holding a numbered table of titled rows (a wiki's product-requirements page):
    in a page with no section of tasks, its rows are the work, not background to it."""
    if "requirement" not in section.title.lower():
        return False
    tables = [block for block in section.blocks if isinstance(block, Table)]
    return any((columns := task_columns(table)) is not None and columns.ident is not None for table in tables)


def _is_group(item: Item, names: RoleNames) -> bool:
    """A plain bullet ("Backend") whose sub-bullets are the tasks, rather than a task itself."""
    text = item.head.text
    if read_heading(text).kind is Kind.PHASE and item.lists:
        return True  # "**Epic** CAR-310 …" or "Phase 2: API" over its own items
    if item.head.bold or take_agent(text, names)[1] or take_dependencies(text)[1] or starts_imperative(text):
        return False
    if item.checked is not None:  # "- [ ] Backend" over checkboxes of its own: a label ticked when they are
        subs = [sub for block in item.lists for sub in block.items]
        return len(text.split()) <= 3 and len(subs) >= 2 and all(sub.checked is not None for sub in subs)
    return len(text.split()) <= 6


def _instructions(block: ListBlock) -> bool:
    """Whether a list's items are mostly instructions ("Add the table", "Deploy the worker")."""
    return mostly_instructions([item.head.text for item in block.items])


def _asks(text: str) -> bool:
    """A lead-in that asks a question ("**Who would benefit?**"): the list after it answers the question, it is not
    the work, unless the question is how a plan says the work follows ("What needs doing?")."""
    label = text.strip(" *_")
    return label.endswith("?") and len(label.split()) <= _MAX_QUESTION_WORDS and not names_a_container(label)


def _group_label(text: str) -> str | None:
    """The group a lead-in paragraph names for the list after it ("**Backend**", "Should have:", "Mon-Tue"), as
    that list's phase."""
    label = text.strip(" :*_\uff1a")
    return label if label and (area_title(label) or priority_title(label) or schedule_title(label)) else None


def _blocks(item: Item, draft: Draft) -> list[tuple[str, list[str]]]:
    """Order a tracker item states forwards in its link lines ("blocks CAR-320"): each named issue waits on it."""
    if draft.key is None:
        return []
    later = [key for block in item.lists for sub in block.items for key in blocked_keys(sub.head.text)]
    return [(key, [draft.key]) for key in later]


def _sub_number(number: str | None, owner: str | None) -> bool:
    """"2.1" right after the item numbered "2" (or after another "2.x" folded into it)."""
    return number is not None and owner is not None and "." not in owner and number.startswith(owner + ".")


def _unlabelled(section: Section) -> bool:
    """A section with no labelled field, tag or sub-heading: notes ("Path conventions"), or a task only when the
    plan has no other."""
    paragraphs = [b.inline.text for b in section.blocks if isinstance(b, Para)]
    heads = [i.head.text for b in section.blocks if isinstance(b, ListBlock) for i in b.items]
    return not section.children and not any(field_label(text) for text in paragraphs + heads) \
        and not take_dependencies(section.title)[1]


def _only_prose(draft: Draft, weak: set[int]) -> bool:
    """A heading task that gives no instruction and holds nothing but prose: no list of what it must do."""
    return id(draft) in weak and not draft.acceptance and not draft.deliverables and not draft.constraints


def _prose_only(section: Section) -> bool:
    return not section.children and bool(section.blocks) and all(isinstance(b, Para) for b in section.blocks)


def _has_id(item: Item) -> bool:
    return read_heading(item.head.text).kind is Kind.TASK


def _is_field(section: Section) -> bool:
    return heading_field(section.title) is not None


def _has_prose(section: Section) -> bool:
    """Whether a paragraph says something, as opposed to being an "…:" lead-in to the list below it."""
    blocks = section.blocks
    for index, block in enumerate(blocks):
        if not isinstance(block, Para):
            continue
        text = block.inline.text
        leads_in = text.endswith(":") and index + 1 < len(blocks) and isinstance(blocks[index + 1], ListBlock)
        if not leads_in or field_label(text) is not None:
            return True
    return False


def _ids(root: Section) -> frozenset[str]:
    """The author's task ids anywhere in headings and list items (TASK-004, T012, REA-…-A1)."""
    found = {read_heading(s.title).ident for s in root.walk()}
    lists = [b for s in root.walk() for b in s.blocks if isinstance(b, ListBlock)]
    found |= {read_heading(item.head.text).ident for block in lists for item in block.walk()}
    return frozenset(ident.upper() for ident in found if ident)


def _first_of_each_number(drafts: list[Draft]) -> list[Draft]:
    """A task restated later under the same id ("Changes from the plan: Task 1") is the same task."""
    seen: set[str] = set()
    kept: list[Draft] = []
    for draft in drafts:
        mark = draft.key.lower() if draft.key else None
        if mark is not None and mark in seen:
            continue
        if mark is not None:
            seen.add(mark)
        kept.append(draft)
    return kept
