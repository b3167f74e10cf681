"""The outline of a Markdown plan: sections, list items, table rows, code blocks, front matter.

Built in one pass over markdown-it's flat token stream with an explicit stack, never by recursion,
so a hostile document (thousands of nested emphasis markers, deep lists) costs linear time and
cannot exhaust the interpreter's stack. The reader then chooses the task level from this outline.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import pairwise

from markdown_it import MarkdownIt
from markdown_it.token import Token

from bot.planning.rewrites import rewrite

MAX_NESTING = 20
MAX_INLINE = 2000  # one inline element; longer text is description, never parsed for phrases
_CHECKBOX = re.compile(r"^\[([ xX])\](?:\s+|$)")  # an empty "- [ ] " (a template) has no text after it
_FRONT_MATTER_END = re.compile(r"^(?:---|\.\.\.)\s*$")
_BRACKET = re.compile(r"\[(?![ xX]\])")
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})(.*)$")
MAX_BRACKETS = 3000
# A title that goes on to its next line: it ends on a connecting word or mark ("… for", "… the", "… and", "…,")
_CONNECTORS = frozenset((
    "a", "an", "the", "and", "or", "nor", "but", "of", "to", "for", "in", "on", "at", "by", "with", "from", "into",
    "onto", "via", "per", "than", "as", "that", "which", "who", "whose", "when", "where", "while", "if", "so",
    "through", "over", "under", "about", "across", "against", "within", "without", "between", "before", "after",
    "using", "including", "is", "are", "be", "not", "its", "their", "our", "your", "each", "every", "all", "any",
    "both", "some", "no",
))
_OPEN_END = re.compile(r"[,:;(\[{/&+=<>\-\u2013\u2014]$")
# "Endpoints to …", "It posts …", "A layout …"; not "GET /x", "API" or "`code`", which go on a wrapped title
_SENTENCE_START = re.compile(r"^\s*[A-Z](?:[a-z']|\s+[a-z])")
_MAX_TITLE_LINE = 80
_LETTERED = re.compile(r"^\s*(?:[a-h]|[ivx]{1,4})[.)]\s+\S")


@dataclass
class Inline:
    """One inline element as plain text (code spans keep backticks), its first bold run, and its source."""

    text: str = ""
    bold: str | None = None
    raw: str = ""
    struck: bool = False
    struck_lead: str | None = None  # the struck words of "~~Live chat~~ — moved to Q3", the reason after them


@dataclass
class Para:
    inline: Inline
    line: int
    end: int
    lettered: bool = False  # a sub-point ("a. …") written under a list item's title


@dataclass
class Code:
    info: str
    content: str
    line: int
    end: int


@dataclass
class Quote:
    line: int
    end: int


@dataclass
class Rule:
    """A thematic break (`---`) between blocks: authors use it to close what came before."""

    line: int

    @property
    def end(self) -> int:
        """One line long, like every block's span it ends where it starts."""
        return self.line


@dataclass
class Row:
    cells: list[str]
    line: int


@dataclass
class Table:
    header: list[str]
    rows: list[Row]
    line: int
    end: int


@dataclass
class Item:
    """A list item: its first paragraph (the head), checkbox state, ordinal, and what it contains."""

    head: Inline
    line: int
    end: int
    ordinal: str = ""
    checked: bool | None = None
    blocks: list[Block] = field(default_factory=list)

    @property
    def lists(self) -> list[ListBlock]:
        return [block for block in self.blocks if isinstance(block, ListBlock)]


@dataclass
class ListBlock:
    items: list[Item]
    ordered: bool
    line: int
    end: int

    def walk(self) -> Iterator[Item]:
        """Every item of this list and of the lists inside it, in document order (iteratively)."""
        stack: list[Item] = list(reversed(self.items))
        while stack:
            item = stack.pop()
            yield item
            stack.extend(reversed([sub for block in item.lists for sub in block.items]))


Block = Para | Code | Quote | Table | ListBlock | Rule


@dataclass
class Section:
    """A heading and what follows it up to the next heading of the same or a higher level."""

    level: int
    heading: Inline = field(default_factory=Inline)
    line: int = 0
    end: int = 0
    blocks: list[Block] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.heading.text

    def walk(self) -> list[Section]:
        """This section and every section below it, in document order (iteratively)."""
        out: list[Section] = []
        stack: list[Section] = [self]
        while stack:
            section = stack.pop()
            out.append(section)
            stack.extend(reversed(section.children))
        return out


@dataclass
class Outline:
    root: Section
    lines: list[str]
    front_matter: str = ""
    cut: tuple[int, int] | None = None  # lines dropped at the nesting limit

    def source(self, start: int, end: int) -> str:
        """The author's text of lines start..end (1-based, inclusive)."""
        return "\n".join(self.lines[max(start - 1, 0) : end])


def build_outline(text: str) -> Outline:
    """The outline of `text`; front matter is kept apart, with its lines blanked so numbers stay true."""
    lines = text.split("\n")
    front = _front_matter(lines)
    body_lines = rewrite(_open_tasklists([""] * front[1] + lines[front[1] :] if front[0] else lines))
    parser = MarkdownIt("commonmark", {"maxNesting": MAX_NESTING}).enable("table").enable("strikethrough")
    tokens = parser.parse(_defuse_brackets("\n".join(body_lines)))
    builder = _Builder(len(lines))
    for index, token in enumerate(tokens):
        builder.feed(token, tokens, index)
    return Outline(builder.root, lines, front[0], _cut_by_nesting(tokens))


def _open_tasklists(lines: list[str]) -> list[str]:
    """GitHub's ```` ```[tasklist] ```` block is Markdown the issue page renders as a checklist: its fences are
    blanked (line numbers stay true) so its list is read like any other."""
    out = list(lines)
    closing: str | None = None
    for index, line in enumerate(lines):
        match = _FENCE.match(line)
        if match is None:
            continue
        if closing is None and match.group(2).strip().lower() == "[tasklist]":
            closing, out[index] = match.group(1), ""
        elif closing is not None and line.strip() == closing:
            closing, out[index] = None, ""
    return out


def _defuse_brackets(text: str) -> str:
    """Escapes `[` when there are more than any plan has: markdown-it's link scan is quadratic in them.

    Checkboxes (`[ ]`, `[x]`) keep their bracket; links in such a document read as plain text.
    """
    if text.count("[") <= MAX_BRACKETS:
        return text
    return _BRACKET.sub(r"\\[", text)


def _front_matter(lines: list[str]) -> tuple[str, int]:
    """(YAML text, lines it spans) when the document opens with a `---` front-matter block."""
    if not lines or lines[0].strip() != "---":
        return "", 0
    for index in range(1, min(len(lines), 2000)):
        if _FRONT_MATTER_END.match(lines[index]):
            return "\n".join(lines[1:index]), index + 1
    return "", 0


def _cut_by_nesting(tokens: list[Token]) -> tuple[int, int] | None:
    for token in tokens:
        if token.nesting == 1 and token.level >= MAX_NESTING - 1 and token.map:
            return token.map[0] + 1, token.map[1]
    return None


class _Builder:
    """Consumes block tokens one at a time; containers are a stack, never a recursion."""

    def __init__(self, total: int) -> None:
        self.root = Section(level=0, line=1, end=total)
        self.sections: list[Section] = [self.root]
        self.containers: list[Item | ListBlock] = []
        self.quote_depth = 0
        self.table: Table | None = None
        self.row: list[str] | None = None
        self.row_line = 0
        self.in_head = False
        self.heading_level = 0

    def _blocks(self) -> list[Block]:
        top = self.containers[-1] if self.containers else None
        return top.blocks if isinstance(top, Item) else self.sections[-1].blocks

    def feed(self, token: Token, tokens: list[Token], index: int) -> None:
        kind = token.type
        if self.quote_depth:
            self.quote_depth += {"blockquote_open": 1, "blockquote_close": -1}.get(kind, 0)
            return
        line, end = (token.map[0] + 1, token.map[1]) if token.map else (0, 0)
        if kind == "blockquote_open":
            self.quote_depth = 1
            self._blocks().append(Quote(line, end))
        elif kind in ("bullet_list_open", "ordered_list_open"):
            block = ListBlock([], kind == "ordered_list_open", line, end)
            self._blocks().append(block)
            self.containers.append(block)
        elif kind == "list_item_open":
            parent = self.containers[-1] if self.containers else None
            item = Item(Inline(), line, end, ordinal=token.info)
            if isinstance(parent, ListBlock):
                parent.items.append(item)
            self.containers.append(item)
        elif kind in ("bullet_list_close", "ordered_list_close", "list_item_close"):
            if self.containers:
                self.containers.pop()
        elif kind == "heading_open":
            self.heading_level = int(token.tag[1:])
            if not self.containers:
                self._open_section(self.heading_level, line, end)
        elif kind == "inline":
            self._inline(token, tokens, index)
        elif kind == "hr" and not self.containers:
            self.sections[-1].blocks.append(Rule(line))
        elif kind in ("fence", "code_block"):
            self._blocks().append(Code(token.info.strip(), token.content, line, end))
        elif kind == "table_open":
            self.table = Table([], [], line, end)
            self._blocks().append(self.table)
        elif kind == "table_close":
            self.table = None
        elif kind == "tr_open":
            self.row, self.row_line = [], line
        elif kind == "tr_close" and self.table is not None and self.row is not None:
            if not self.table.header:
                self.table.header = self.row
            else:
                self.table.rows.append(Row(self.row, self.row_line))
            self.row = None

    def _open_section(self, level: int, line: int, end: int) -> None:
        while self.sections[-1].level >= level:
            self.sections.pop()
        section = Section(level=level, line=line, end=end)
        self.sections[-1].children.append(section)
        self.sections.append(section)

    def _inline(self, token: Token, tokens: list[Token], index: int) -> None:
        inline = plain(token)
        opener = tokens[index - 1].type if index else ""
        if self.row is not None:
            self.row.append(f"~~{inline.text}~~" if inline.struck else inline.text)  # a dropped row says so
        elif opener == "heading_open":
            if self.containers:
                self._blocks().append(Para(inline, *_span(tokens[index - 1])))
            else:
                self.sections[-1].heading = inline
        elif self.containers and isinstance(self.containers[-1], Item) and not self.containers[-1].head.raw \
                and not self.containers[-1].blocks:
            item = self.containers[-1]
            pieces = _head_pieces(token)
            inline = plain(pieces[0][1])
            match = _CHECKBOX.match(inline.text)
            if match:
                item.checked = match.group(1) != " "
                lead = _CHECKBOX.sub("", inline.struck_lead, count=1) if inline.struck_lead else None
                inline = Inline(inline.text[match.end() :], inline.bold, _CHECKBOX.sub("", inline.raw, count=1),
                                inline.struck, lead)
            item.head = inline
            item.blocks += [Para(plain(piece), item.line + offset, item.line + offset + piece.content.count("\n"),
                                 lettered=_LETTERED.match(piece.content) is not None) for offset, piece in pieces[1:]]
        else:
            self._blocks().append(Para(inline, *_span(tokens[index - 1])))


def _head_pieces(token: Token) -> list[tuple[int, Token]]:
    """An item's first paragraph cut before each line lettered or numbered in roman ("a. …", "ii) …"), and before
    a detail line under a short title ("- [ ] Scores API" over "Endpoints to create a bout …"): both written under
    the item's title, which CommonMark joins into one paragraph. (line offset, part)"""
    lines = token.content.split("\n")
    cuts = [offset for offset, line in enumerate(lines) if offset and (_LETTERED.match(line) or
                                                                       (offset == 1 and _detail_under(lines)))]
    if not cuts:
        return [(0, token)]
    breaks = [index for index, child in enumerate(token.children or ()) if child.type in ("softbreak", "hardbreak")]
    if len(breaks) != len(lines) - 1:
        return [(0, token)]
    parts: list[tuple[int, Token]] = []
    for start, stop in pairwise([0, *cuts, len(lines)]):
        piece = token.copy()
        first, last = (breaks[start - 1] + 1 if start else 0), (breaks[stop - 1] if stop < len(lines) else None)
        piece.children = (token.children or [])[first:last]
        piece.content = "\n".join(lines[start:stop])
        parts.append((start, piece))
    return parts


def _detail_under(lines: list[str]) -> bool:
    """Whether the second line of an item's first paragraph is detail under a title, not the title wrapped: the
    first line reads complete (short, not ending on "and", "the", a comma…) and the next opens a sentence."""
    title = _CHECKBOX.sub("", lines[0].strip(), count=1)
    words = title.lower().split()
    if not words or len(title) > _MAX_TITLE_LINE or not _SENTENCE_START.match(lines[1]):
        return False
    return not _OPEN_END.search(title) and words[-1] not in _CONNECTORS


def _span(token: Token) -> tuple[int, int]:
    return (token.map[0] + 1, token.map[1]) if token.map else (0, 0)


_ASIDE_START = re.compile(r"^\s*(?:$|[(\[\u2014\u2013:;,]|-\s)")


def _struck_lead(lead: str | None, whole: str) -> bool:
    """A line whose words are struck out and whose rest is an aside saying why ("~~Live chat~~ — moved to Q3",
    "~~Second bucket~~ (not needed)"): the work is dropped, the reason kept."""
    return bool(lead and lead.strip()) and _ASIDE_START.match(whole[len(lead or ""):]) is not None


def plain(token: Token) -> Inline:
    """Plain text of one inline token (flat children, so no recursion), its first bold run and source."""
    parts: list[str] = []
    bold: list[str] | None = None
    bold_done = False
    struck_chars = 0
    in_strike = False
    lead: str | None = None  # the struck run the line opens with ("~~Live chat~~ — moved to Q3"), once closed
    for child in token.children or ():
        piece = {"softbreak": " ", "hardbreak": " "}.get(child.type, "")
        if child.type in ("text", "html_inline") or child.type == "image":
            piece = child.content
        elif child.type == "code_inline":
            piece = f"{child.markup}{child.content}{child.markup}"
        elif child.type == "strong_open" and not bold_done and not _CHECKBOX.sub("", "".join(parts).lstrip()).strip():
            bold = []
        elif child.type == "strong_close" and bold is not None:
            bold_done = True
        elif child.type in ("s_open", "s_close"):
            in_strike = child.type == "s_open"
            if in_strike and lead is None and not _CHECKBOX.sub("", "".join(parts)).strip():
                lead = ""
            elif not in_strike and lead == "":
                lead = "".join(parts)
        parts.append(piece)
        if in_strike:
            struck_chars += len(piece)
        if bold is not None and not bold_done:
            bold.append(piece)
    text = " ".join("".join(parts)[:MAX_INLINE].split())
    raw = " ".join(token.content[:MAX_INLINE].split())
    led = _struck_lead(lead, "".join(parts))
    struck = bool(text) and (struck_chars >= len(text.replace(" ", "")) * 0.8 or led)
    return Inline(text, " ".join("".join(bold).split()) if bold else None, raw, struck,
                  " ".join((lead or "").split()) if led else None)
