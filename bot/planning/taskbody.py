"""One task's text: its head line (id, tags, dependencies, state), then labelled fields and description.

A task may be a heading with everything under it, a list item with its nested lists, or a table row;
each ends up as the same `Draft`. Finished work is read here too ("- [x]", "✅", "Status: Done",
"— SKIPPED"), so the coordinator records it as done instead of delegating it again.
"""

from __future__ import annotations

import itertools
import re
import textwrap

from bot.planning.drafts import MAX_DESCRIPTION, MAX_EXCERPT, MAX_ITEM, MAX_ITEMS, Draft
from bot.planning.headings import Kind, heading_field, read_heading
from bot.planning.outline import Block, Code, Item, ListBlock, Outline, Para, Quote, Section, Table
from bot.planning.phrases import (
    Field,
    RoleNames,
    clean_ref,
    field_label,
    reads_as_constraint,
    split_title,
    strip_checkbox,
    take_agent,
    take_dependencies,
    take_numbering,
)
from bot.planning.properties import property_lines
from bot.planning.refs import numbered_refs

_MARKERS = re.compile(r"^(?:\[(?:P|P\d|US\d{1,3}|S\d{1,3}|story\s*\d{1,3})\]\s*)+", re.IGNORECASE)
_SKIPPED = re.compile(r"⏭|\b(?:skipped|deferred|cancel{1,2}ed|won'?t do|dropped|obsolete|postponed)\b", re.IGNORECASE)
_DONE_MARK = re.compile(r"✅|✔|☑|\[x\]", re.IGNORECASE)
_DONE_WORDS = re.compile(r"\b(?:done|complete|completed|finished|implemented|merged|shipped)\b", re.IGNORECASE)
_STEP_LABEL = re.compile(r"^[\W_]*(?:\[[ xX]\]\s*)?[*_]*step\s*\d", re.IGNORECASE)
_ASIDE_REF = re.compile(r"\b(?:see|cf|like|similar to|as in|combined with|together with|same as|merged (?:with|into)|"
                        r"alongside)\W{1,3}(?:tasks?|steps?)\s*#?\d[\d.]*"
                        # the other task using this one: "Task 2 uploads into it", "step 4 reads them"
                        r"|(?:^|(?<=[:;,.]\s))(?:tasks?|steps?|items?)\s*#?\d[\d.]*\s+(?:[a-z]+\s+){1,3}?"
                        r"(?:it|them|this)\b",
                        re.IGNORECASE)
# A todo named by an identifier in a code span before what it does (Cursor, Claude todo lists); a file name
# ("`models.py`: …") is what the task changes, so it stays in the title
_CODE_LABEL = re.compile(r"^`(?P<id>[A-Za-z][\w-]{0,39})`\s*[:\uff1a\u2014\u2013-]\s+(?P<rest>\S.*)$")
# A mark that opens a line pasted from a board: to do, under way, blocked (done marks are read as done)
_OPEN_MARK = re.compile(r"^(?:⬜|⬛|☐|🔲|🔳|🚧|⏳|🔄|🟢|🟡|🟠|🔴|⚪|⚫|🔵)\s*")
_STATUS_TAIL = re.compile(r"(?:\s[—\u2013-]\s|[(\[:|])\s*(?P<tail>[^—\u2013(\[:|]{0,40})[)\]]?\s*$")


def state_of(text: str) -> str:
    """"done", "skipped" or "open" from a status cell, a status field, or the tail of a title."""
    if _SKIPPED.search(text):
        return "skipped"
    if _DONE_MARK.search(text) or _DONE_WORDS.search(text):
        return "done"
    return "open"


def title_state(title: str) -> str:
    """The state a title announces at its end ("… — ✅ DONE", "(skipped)"), never from its verb."""
    if "✅" in title or "⏭" in title:
        return state_of(title)
    match = _STATUS_TAIL.search(title)
    return state_of(match.group("tail")) if match else "open"


class TaskBody:
    """Fills drafts from the outline's blocks; knows the source lines for excerpts."""

    def __init__(self, outline: Outline, names: RoleNames, ids: frozenset[str] = frozenset()) -> None:
        self.outline = outline
        self.names = names
        self.ids = ids

    # Heads --------------------------------------------------------------------------------------

    def titled(self, text: str, bold: str | None, phase: str, line: int, number: str | None,
               whole: bool = False) -> Draft:
        """A draft from a task's one-line head: numbering, agent tag, dependencies, then title/description.

        `whole` keeps a heading or a table cell whole as the title ("Datastore: association"), where
        a list item's head is split into title and description ("Login endpoint: returns a JWT").
        """
        text = _OPEN_MARK.sub("", text)
        state = title_state(text)
        if state != "open":
            text = _STATUS_TAIL.sub("", text) if "✅" not in text and "⏭" not in text else _strip_marks(text)
        heading = read_heading(text)
        key = heading.ident
        if heading.kind is not Kind.PLAIN:  # "4. ⏳ Approval queue": a board's mark may follow the number
            text, number = _OPEN_MARK.sub("", heading.title), heading.number or number
        else:
            text, own = take_numbering(text)
            number = str(own) if own is not None else number
        ordinal = None
        if not whole and heading.kind not in (Kind.TASK, Kind.STEP):
            number, ordinal = None, number  # "3." in a list is a place, not a name
        text = _MARKERS.sub("", text)
        if (code_label := _CODE_LABEL.match(text)) is not None and not whole:
            key, text = key or code_label.group("id"), code_label.group("rest")  # "`retry-model`: Add …"
        text, agent = take_agent(text, self.names)
        text, refs = take_dependencies(text)
        text, tracked = _tracker_fields(text)
        state = tracked if state == "open" else state
        if bold and bold not in text:
            bold = None
        title, description = (_whole(text), "") if whole else split_title(text, bold)
        draft = Draft(title=title[:200] or "(untitled)", line=line or None, phase=phase, number=number,
                      ordinal=ordinal, key=key, agent=agent, depends=refs, state=state,
                      step=whole and heading.kind in (Kind.STEP, Kind.NUMBERED, Kind.PHASE))
        if description and (state_of(description) == "open" or len(description) > 40):
            draft.description.append(description)
            draft.mentions.extend(numbered_refs(description, self.ids))
        return draft

    def item_task(self, item: Item, phase: str) -> Draft:
        number = item.ordinal if item.ordinal.isascii() and item.ordinal.isdecimal() and len(item.ordinal) < 7 else None
        head, fields = self._head_fields(item)
        draft = self.titled(head, item.head.bold, phase, item.line, number)
        self.properties(draft, fields)
        if item.checked:
            draft.state = "done"
        if item.head.struck:
            draft.state = "skipped"
        lead = (item.head.struck_lead or "").strip()
        if lead and draft.title != lead:
            draft.description.insert(0, item.head.text)  # the reason it was dropped stays with it
            draft.title = lead
        pending: Field | None = None
        for block in item.blocks:
            pending = self.block(draft, block, pending)
        draft.excerpt = self.excerpt(item.line, item.end)
        return draft

    def heading_task(self, section: Section, phase: str) -> Draft:
        draft = self.titled(section.title, section.heading.bold, phase, section.line, None, whole=True)
        if section.heading.struck:
            draft.state = "skipped"  # "### ~~Live chat~~ (moved to Q3)"
        pending: Field | None = None
        for block in section.blocks:
            pending = self.block(draft, block, pending)
        for child in section.walk()[1:]:
            kind = heading_field(child.title) or Field.DESCRIPTION
            for block in child.blocks:
                self.block(draft, block, kind)
        end = max((s.end for s in section.walk()), default=section.line)
        draft.excerpt = self.excerpt(section.line, end)
        return draft

    # Bodies -------------------------------------------------------------------------------------

    def block(self, draft: Draft, block: Block, pending: Field | None) -> Field | None:
        """Adds one block of a task's body to the draft; returns the field a following list fills."""
        if isinstance(block, Para) and (lines := property_lines(self.outline.source(block.line, block.end))):
            self.properties(draft, lines)
            return None
        if isinstance(block, Para):
            text = block.inline.text
            label = field_label(text)
            if label is not None:
                self.add(draft, label[0], label[1])
                return label[0] if not label[1] else None
            if pending is not None and pending is not Field.DESCRIPTION:
                self.add(draft, pending, text)
                return None
            draft.depends.extend(take_dependencies(text)[1])
            draft.mentions.extend(_mentions(text, self.ids))
            if block.lettered and len(draft.points) < MAX_ITEMS:
                draft.points.append(text[:MAX_ITEM])
            self.add(draft, Field.DESCRIPTION, self.source(block.line, block.end))
        elif isinstance(block, ListBlock):
            for item in block.items:
                self.field_item(draft, item, pending)
        elif isinstance(block, Table) and _is_field_table(block):
            for row in block.rows:
                label = field_label(f"{row.cells[0]}: {row.cells[1]}")
                if label is not None and label[1].strip("—\u2013- "):
                    self.add(draft, *label)
                    draft.mentions.extend(numbered_refs(label[1], self.ids))
        elif isinstance(block, Code | Quote | Table):
            self.add(draft, Field.DESCRIPTION, self.source(block.line, block.end))
        return None

    def _head_fields(self, item: Item) -> tuple[str, list[tuple[str, str]]]:
        """An item's head line, and the "Files:" / "Why:" lines written under it in the same paragraph (Cline,
        Aider), which would otherwise run on into its title."""
        lines = self.outline.source(item.line, item.end).split("\n")
        head = list(itertools.takewhile(str.strip, lines))
        fields = property_lines("\n".join(head[1:]), least=1) if len(head) > 1 else None
        if not fields or field_label(f"{fields[0][0]}: x") is None:
            return item.head.text, []
        cut = item.head.text.find(f" {fields[0][0]}:")
        return (item.head.text[:cut], fields) if cut > 0 else (item.head.text, [])

    def properties(self, draft: Draft, lines: list[tuple[str, str]]) -> None:
        """One field per "Label: value" line ("Status: Done", "Needs: Booking API", "Files: `a.py`"); a label
        that fills no field ("ETA: Feb 2") is kept in the description as written."""
        for label, value in lines:
            found = field_label(f"{label}: {value}")
            if found is not None and found[1]:
                self.add(draft, *found)
                draft.mentions.extend(numbered_refs(found[1], self.ids) if found[0] is Field.DEPENDS else [])
            elif value:
                self.add(draft, Field.DESCRIPTION, f"{label}: {value}")

    def field_item(self, draft: Draft, item: Item, kind: Field | None) -> None:
        """A nested bullet: labelled ("Deliverables:", "Depends on #2"), or sorted by how it reads."""
        text, plain = " ".join(item.head.raw.split()), item.head.text
        label = field_label(plain)
        draft.mentions.extend(_mentions(plain, self.ids))
        if label is not None:
            kind, text = label
        elif kind is None:
            text, refs = take_dependencies(text)
            draft.depends.extend(refs)
            kind = _bullet_kind(plain)
        if text:
            self.add(draft, kind, strip_checkbox(text))
        for block in item.blocks:
            if isinstance(block, ListBlock):
                for sub in block.items:
                    self.field_item(draft, sub, kind)

    def add(self, draft: Draft, kind: Field, text: str) -> None:
        text = text.strip()
        if not text:
            return
        if kind is Field.DEPENDS:
            ref = clean_ref(_SENTENCE_END.split(text, maxsplit=1)[0])  # "Phase 1. Can run beside Phase 2."
            if ref:
                draft.depends.append(ref[:MAX_ITEM])
        elif kind is Field.AGENT:
            draft.agent = draft.agent or text[:40]
        elif kind is Field.STATUS:
            draft.state = state_of(text) if draft.state == "open" else draft.state
        elif kind is Field.DESCRIPTION:
            if sum(map(len, draft.description)) < MAX_DESCRIPTION:
                draft.description.append(text[:MAX_DESCRIPTION])
        else:
            target = {Field.ACCEPTANCE: draft.acceptance, Field.DELIVERABLES: draft.deliverables,
                      Field.CONSTRAINTS: draft.constraints}[kind]
            if len(target) < MAX_ITEMS:
                target.append(text[:MAX_ITEM])

    # Source text --------------------------------------------------------------------------------

    def source(self, start: int, end: int) -> str:
        return textwrap.dedent(self.outline.source(start, end)).strip()[:MAX_DESCRIPTION]

    def excerpt(self, start: int, end: int) -> str:
        return textwrap.dedent(self.outline.source(start, end)).strip()[:MAX_EXCERPT]


_SENTENCE_END = re.compile(r"(?<=[a-z0-9)])\.\s+(?=[A-Z])")
_FIELD_SEP = re.compile(r"\s+[·•]\s+")


def _tracker_fields(text: str) -> tuple[str, str]:
    """"Hold a slot · 3 pts · Backlog", a line exported from an issue tracker: the title is the first field; the
    others (estimate, status, labels) are not the work, but a status among them says whether it is finished."""
    title, *fields = _FIELD_SEP.split(text)
    if not fields or not title:
        return text, "open"
    states = [state_of(field) for field in fields if len(field.split()) <= 3]
    return title, next((state for state in states if state != "open"), "open")


def _mentions(text: str, ids: frozenset[str]) -> list[str]:
    """Task numbers a body line names as something it uses; none in a step's own label ("**Step 2:** Run the
    test"), which numbers the task's steps, nor in a cross-reference ("see Task 3", "combined with Task 10"),
    nor where the other task uses this one ("Task 2 uploads into it")."""
    return [] if _STEP_LABEL.match(text) else numbered_refs(_ASIDE_REF.sub(" ", text), ids)


def _is_field_table(table: Table) -> bool:
    """A two-column "| Field | Value |" table of a task's own fields (Agent, Depends on, Files…)."""
    rows = [row for row in table.rows if len(row.cells) >= 2]
    labelled = sum(field_label(f"{row.cells[0]}: x") is not None for row in rows)
    return len(table.header) == 2 and bool(rows) and labelled * 2 >= len(rows)


def _whole(text: str) -> str:
    """A heading or cell as a title: trimmed, and cut at a word when very long."""
    text = text.strip(" :\uff1a")
    return text if len(text) <= 160 else text[:150].rsplit(" ", 1)[0] + "…"


def _strip_marks(text: str) -> str:
    """The title without its status marks ("✅ Done", "⏭️ SKIPPED") and the dash that led to them."""
    text = re.sub(r"(?:✅|⏭️?|☑)\s*(?:done|complete[d]?|skipped|deferred)?", "", text, flags=re.IGNORECASE)
    return text.strip().rstrip("—\u2013-:([ ").strip()


def _bullet_kind(text: str) -> Field:
    """An unlabelled nested bullet: a `path` is a deliverable, "must not…" a constraint, else a criterion."""
    text = strip_checkbox(text)
    if text.startswith("`"):
        return Field.DELIVERABLES
    return Field.CONSTRAINTS if reads_as_constraint(text) else Field.ACCEPTANCE
