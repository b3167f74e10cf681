"""Reads a plan written in Markdown into task drafts, using markdown-it-py for the structure.

People write plans in many shapes: a flat task list, headings per phase with bullets under them,
one heading per task with paragraphs and labelled lists, nested bullets as acceptance criteria.
The document is split into heading sections; each section is either left out (background, risks),
plan-wide (acceptance criteria, constraints), a container whose list items are tasks (a phase), or
one task in its own right. A fenced yaml/json plan, when present, wins over all of it.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode

from bot.planning.drafts import (
    MAX_DESCRIPTION,
    MAX_EXCERPT,
    MAX_ITEM,
    MAX_ITEMS,
    MAX_SUMMARY,
    Draft,
    DraftPlan,
)
from bot.planning.explicit import find_explicit_plan
from bot.planning.phrases import (
    Field,
    RoleNames,
    clean_ref,
    field_label,
    reads_as_constraint,
    split_title,
    starts_imperative,
    strip_checkbox,
    take_agent,
    take_dependencies,
    take_numbering,
)

MAX_BODY = 200_000
_MAX_LINE = 2000  # one inline element; longer text is description, never parsed for phrases
_MAX_NESTING = 20
_PARSER = MarkdownIt("commonmark", {"maxNesting": _MAX_NESTING})
_LISTS = ("bullet_list", "ordered_list")
_LEFT_OUT = frozenset((
    "background", "overview", "summary", "motivation", "goal", "goals", "why", "problem", "problem statement",
    "non-goals", "non goals", "out of scope", "open questions", "questions", "references", "links", "risks",
    "alternatives", "alternatives considered", "glossary", "timeline", "appendix", "related", "resources",
    "assumptions", "faq", "discussion", "rationale", "prior art",
))
_SUMMARY_SECTIONS = ("overview", "summary", "goal", "goals", "context", "background", "motivation", "problem")
_CONTAINER_WORDS = ("phase", "stage", "milestone", "part", "sprint", "week", "wave", "epic", "iteration")
_CONTAINER_TITLES = frozenset((
    "tasks", "task list", "task breakdown", "plan", "implementation", "implementation plan", "work breakdown",
    "breakdown", "todo", "to do", "to-do", "steps", "backlog", "work items", "checklist", "roadmap",
    "milestones", "phases", "scope of work", "work",
))


@dataclass
class _Section:
    """A heading and what follows it up to the next heading of the same or a higher level."""

    level: int
    title: str = ""
    bold: str | None = None
    line: int | None = None
    blocks: list[SyntaxTreeNode] = field(default_factory=list)
    children: list[_Section] = field(default_factory=list)


def parse_markdown(body: str, names: RoleNames) -> DraftPlan:
    """Task drafts from the Markdown body of a plan issue."""
    text = body[:MAX_BODY]
    tokens = _PARSER.parse(text)
    root = SyntaxTreeNode(tokens)
    explicit = find_explicit_plan(root)
    reader = _Reader(text.split("\n"), names)
    document = _sections(root)
    if explicit is not None:
        explicit.summary = explicit.summary or reader.summary_of(document)
        return explicit
    reader.read(document)
    if len(body) > MAX_BODY:
        reader.plan.notes.append(f"Only the first {MAX_BODY:,} characters of the plan were read.")
    if (cut := _cut_by_nesting(tokens)) is not None:
        reader.plan.notes.append(f"Lines {cut[0]} to {cut[1]} nest lists or quotes too deeply and were not read.")
    return reader.plan


def _cut_by_nesting(tokens: list[Token]) -> tuple[int, int] | None:
    """The lines (1-based, inclusive) markdown-it skipped at its nesting limit, if any.

    A container opened at the limit gets no content: its lines are dropped, and for a list item
    that can be everything to the end of the document, so the cut must be said, not left silent.
    """
    for token in tokens:
        if token.nesting == 1 and token.level >= _MAX_NESTING - 1 and token.map:
            return token.map[0] + 1, token.map[1]
    return None


def _sections(root: SyntaxTreeNode) -> _Section:
    document = _Section(level=0)
    stack = [document]
    for node in root.children:
        if node.type != "heading":
            stack[-1].blocks.append(node)
            continue
        level = int(node.tag[1:])
        while stack[-1].level >= level:
            stack.pop()
        title, bold = _plain(node.children[0]) if node.children else ("", None)
        section = _Section(level=level, title=title, bold=bold, line=_line(node))
        stack[-1].children.append(section)
        stack.append(section)
    return document


def _plain(inline: SyntaxTreeNode) -> tuple[str, str | None]:
    """Plain text of an inline element (code spans keep their backticks) and its first bold span."""
    parts: list[str] = []
    bold: list[str] | None = None
    bold_done = False
    tokens = inline.token.children if inline.token and inline.token.children else []
    for token in tokens:
        piece = {"softbreak": " ", "hardbreak": " "}.get(token.type, "")
        if token.type in ("text", "html_inline", "image"):
            piece = token.content
        elif token.type == "code_inline":
            piece = f"{token.markup}{token.content}{token.markup}"
        elif token.type == "strong_open" and not bold_done:
            bold = []
        elif token.type == "strong_close" and bold is not None:
            bold_done = True
        parts.append(piece)
        if bold is not None and not bold_done:
            bold.append(piece)
    text = " ".join("".join(parts)[:_MAX_LINE].split())
    return text, " ".join("".join(bold).split()) if bold else None


def _line(node: SyntaxTreeNode) -> int | None:
    return node.map[0] + 1 if node.map else None


def _kind(title: str) -> str | Field:
    """What a heading announces: "leave-out", "container", a plan/task field, or "plain"."""
    text = take_numbering(title)[0].strip().strip(":\uff1a").lower()
    if text in _LEFT_OUT:
        return "leave-out"
    label = field_label(text)
    if label is not None and not label[1]:
        return label[0]
    first = text.split(" ", 1)[0] if text else ""
    if text in _CONTAINER_TITLES or first in _CONTAINER_WORDS:
        return "container"
    return "plain"


class _Reader:
    """Walks the sections of one document, collecting drafts and plan-wide text into `plan`."""

    def __init__(self, lines: list[str], names: RoleNames) -> None:
        self.lines = lines
        self.names = names
        self.plan = DraftPlan()
        self._preamble: list[Draft] = []

    def read(self, document: _Section) -> None:
        self.plan.summary = self.summary_of(document)
        self._container(document, phase="", preamble=True)
        if not self.plan.drafts:
            self.plan.drafts = self._preamble

    def summary_of(self, document: _Section) -> str:
        """The opening paragraphs of the plan, or of its overview/goal/context section."""
        named = (s for s in _flatten(document) if s.title.lower().strip(":") in _SUMMARY_SECTIONS)
        candidates = [document, *named]
        for section in candidates:
            paragraphs = [
                self._source(b) for b in section.blocks
                if b.type == "paragraph" and not _plain(b.children[0])[0].endswith(":")
                and field_label(_plain(b.children[0])[0]) is None
            ]
            if paragraphs:
                return "\n\n".join(paragraphs)[:MAX_SUMMARY]
        return ""

    # Sections -----------------------------------------------------------------------------------

    def _section(self, section: _Section, phase: str) -> None:
        kind = _kind(section.title)
        if kind == "leave-out":
            return
        if isinstance(kind, Field) and kind is not Field.DELIVERABLES:
            self._plan_field(kind, section)
            return
        if kind in ("container", Field.DELIVERABLES) or any(
            _kind(c.title) in ("plain", "container") for c in section.children
        ):
            self._container(section, phase=section.title)
        elif self._is_task(section):
            self._heading_task(section, phase)
        else:
            self._container(section, phase=section.title)

    def _container(self, section: _Section, phase: str, preamble: bool = False) -> None:
        pending: Field | None = None
        for block in section.blocks:
            if block.type == "paragraph":
                label = field_label(_plain(block.children[0])[0])
                pending = label[0] if label and not label[1] else None
            elif block.type in _LISTS:
                if pending in (Field.ACCEPTANCE, Field.CONSTRAINTS):
                    self._plan_items(pending, block)
                elif pending in (None, Field.DELIVERABLES):
                    drafts = self._list_tasks(block, phase)
                    (self._preamble if preamble else self.plan.drafts).extend(drafts)
                pending = None
        for child in section.children:
            self._section(child, phase)

    def _plan_field(self, kind: Field, section: _Section) -> None:
        if kind not in (Field.ACCEPTANCE, Field.CONSTRAINTS):
            return
        for block in section.blocks:
            if block.type in _LISTS:
                self._plan_items(kind, block)
            elif block.type == "paragraph":
                self._add_plan_item(kind, self._source(block))

    def _plan_items(self, kind: Field, block: SyntaxTreeNode) -> None:
        for item in block.children:
            self._add_plan_item(kind, self._item_text(item))

    def _add_plan_item(self, kind: Field, text: str) -> None:
        target = self.plan.acceptance if kind is Field.ACCEPTANCE else self.plan.constraints
        if text and len(target) < MAX_ITEMS:
            target.append(text[:MAX_ITEM])

    def _is_task(self, section: _Section) -> bool:
        """A leaf heading is one task unless it only holds a list of instructions (then it's a phase)."""
        title = take_numbering(section.title)[0]
        if take_agent(title, self.names)[1] or take_dependencies(title)[1]:
            return True
        if any(isinstance(_kind(child.title), Field) for child in section.children):
            return True
        lists = [b for b in section.blocks if b.type in _LISTS]
        if not lists or _has_prose(section.blocks):
            return True
        items = [self._item_text(item) for block in lists for item in block.children]
        return not _instructions(title, items)

    # Tasks --------------------------------------------------------------------------------------

    def _list_tasks(self, block: SyntaxTreeNode, phase: str) -> list[Draft]:
        drafts: list[Draft] = []
        for item in block.children:
            head = item.children[0] if item.children and item.children[0].type == "paragraph" else None
            title, bold = _plain(head.children[0]) if head else ("", None)
            nested = [b for b in item.children if b.type in _LISTS]
            items = [self._item_text(sub) for b in nested for sub in b.children]
            if head and len(item.children) == 1 + len(nested) and _instructions(title, items) \
                    and self._is_group(title):
                drafts.extend(d for b in nested for d in self._list_tasks(b, phase=title))
            elif head:
                drafts.append(self._item_task(item, title, bold, phase))
        return drafts

    def _is_group(self, title: str) -> bool:
        """A plain bullet ("Backend") whose sub-bullets are the tasks, rather than a task itself."""
        text = strip_checkbox(title)
        return text == title and take_agent(text, self.names)[1] is None and not take_dependencies(text)[1]

    def _item_task(self, item: SyntaxTreeNode, title: str, bold: str | None, phase: str) -> Draft:
        number = int(item.info) if item.info.isdigit() and len(item.info) < 7 else None
        draft = self._titled(strip_checkbox(title), bold, phase, _line(item), number)
        pending: Field | None = None
        for block in item.children[1:]:
            pending = self._task_block(draft, block, pending)
        draft.excerpt = self._excerpt(item.map)
        return draft

    def _heading_task(self, section: _Section, phase: str) -> None:
        draft = self._titled(section.title, section.bold, phase, section.line, None)
        pending: Field | None = None
        for block in section.blocks:
            pending = self._task_block(draft, block, pending)
        for child in section.children:
            kind = _kind(child.title)
            for block in child.blocks:
                self._task_block(draft, block, kind if isinstance(kind, Field) else Field.DESCRIPTION)
        end = max((n.map[1] for n in _nodes(section) if n.map), default=section.line or 0)
        draft.excerpt = self._excerpt([(section.line or 1) - 1, end])
        self.plan.drafts.append(draft)

    def _titled(self, text: str, bold: str | None, phase: str, line: int | None, number: int | None) -> Draft:
        """A draft from a task's one-line head: numbering, agent tag, dependencies, then title/description."""
        text, own_number = take_numbering(text)
        text, agent = take_agent(text, self.names)
        text, refs = take_dependencies(text)
        title, description = split_title(text, bold)
        draft = Draft(title=title[:200] or "(untitled)", line=line, phase=phase, number=own_number or number,
                      agent=agent, depends=refs)
        if description:
            draft.description.append(description)
        return draft

    def _task_block(self, draft: Draft, block: SyntaxTreeNode, pending: Field | None) -> Field | None:
        """Adds one block of a task's body to the draft; returns the field a following list fills."""
        if block.type == "paragraph":
            text = _plain(block.children[0])[0]
            label = field_label(text)
            if label is not None:
                self._add(draft, label[0], label[1])
                return label[0] if not label[1] else None
            if pending is not None and pending is not Field.DESCRIPTION:
                self._add(draft, pending, text)
                return None
            draft.depends.extend(take_dependencies(text)[1])
            self._add(draft, Field.DESCRIPTION, self._source(block))
        elif block.type in _LISTS:
            for item in block.children:
                self._field_item(draft, item, pending)
        elif block.type in ("fence", "code_block", "blockquote"):
            self._add(draft, Field.DESCRIPTION, self._source(block))
        return None

    def _field_item(self, draft: Draft, item: SyntaxTreeNode, kind: Field | None) -> None:
        """A nested bullet: labelled ("Deliverables:", "Depends on #2"), or sorted by how it reads."""
        text, plain = self._item_text(item), self._item_text(item, raw=False)
        label = field_label(strip_checkbox(plain))
        nested = [sub for block in item.children if block.type in _LISTS for sub in block.children]
        if label is not None:
            kind, text = label
        elif kind is None:
            text, refs = take_dependencies(text)
            draft.depends.extend(refs)
            kind = _bullet_kind(strip_checkbox(plain))
        if text:
            self._add(draft, kind, strip_checkbox(text))
        for sub in nested:
            self._field_item(draft, sub, kind)

    def _add(self, draft: Draft, kind: Field, text: str) -> None:
        text = text.strip()
        if not text:
            return
        if kind is Field.DEPENDS:
            ref = clean_ref(text)
            if ref:
                draft.depends.append(ref[:MAX_ITEM])
        elif kind is Field.AGENT:
            draft.agent = draft.agent or text[:40]
        elif kind is Field.DESCRIPTION:
            if sum(map(len, draft.description)) < MAX_DESCRIPTION:
                draft.description.append(text[:MAX_DESCRIPTION])
        else:
            target = {Field.ACCEPTANCE: draft.acceptance, Field.DELIVERABLES: draft.deliverables,
                      Field.CONSTRAINTS: draft.constraints}[kind]
            if len(target) < MAX_ITEMS:
                target.append(text[:MAX_ITEM])

    # Source text --------------------------------------------------------------------------------

    def _item_text(self, item: SyntaxTreeNode, raw: bool = True) -> str:
        """A list item's first paragraph: raw Markdown (links kept) or plain text."""
        head = item.children[0] if item.children and item.children[0].type == "paragraph" else None
        if head is None or not head.children:
            return ""
        inline = head.children[0]
        return " ".join(inline.content[:_MAX_LINE].split()) if raw else _plain(inline)[0]

    def _source(self, block: SyntaxTreeNode) -> str:
        if not block.map:
            return ""
        return textwrap.dedent("\n".join(self.lines[block.map[0] : block.map[1]])).strip()[:MAX_DESCRIPTION]

    def _excerpt(self, span: list[int] | tuple[int, int] | None) -> str:
        if not span:
            return ""
        return textwrap.dedent("\n".join(self.lines[span[0] : span[1]])).strip()[:MAX_EXCERPT]


def _has_prose(blocks: list[SyntaxTreeNode]) -> bool:
    """Whether a paragraph says something, as opposed to being an "…:" lead-in to the list below it."""
    for index, block in enumerate(blocks):
        if block.type != "paragraph":
            continue
        text = _plain(block.children[0])[0]
        leads_in = text.endswith(":") and index + 1 < len(blocks) and blocks[index + 1].type in _LISTS
        if not leads_in or field_label(text) is not None:
            return True
    return False


def _instructions(title: str, items: list[str]) -> bool:
    """Whether `items` read as separate instructions under a heading that is not one itself."""
    imperative = sum(starts_imperative(strip_checkbox(item)) for item in items)
    return len(items) >= 2 and imperative * 2 > len(items) and not starts_imperative(title)


def _bullet_kind(text: str) -> Field:
    """An unlabelled nested bullet: a `path` is a deliverable, "must not…" a constraint, else a criterion."""
    if text.startswith("`"):
        return Field.DELIVERABLES
    return Field.CONSTRAINTS if reads_as_constraint(text) else Field.ACCEPTANCE


def _flatten(section: _Section) -> list[_Section]:
    return [section, *(s for child in section.children for s in _flatten(child))]


def _nodes(section: _Section) -> list[SyntaxTreeNode]:
    return [block for s in _flatten(section) for block in s.blocks]
