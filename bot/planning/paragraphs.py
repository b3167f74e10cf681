"""Tasks written as paragraphs under a heading that holds the work, with no list to mark them.

Two shapes: terms defined one per paragraph ("**Batch API** \u2013 create a batch, record readings …"), and an
essay whose paragraphs are the steps ("Once the tables are in place, a poller will pull …"). In the
essay the opening of each paragraph states the order: "Once …, " / "With …, " / "When … and …, " wait
on the tasks the clause names (else on the paragraph before), "In parallel with …" waits on nothing,
"Finally, …" on the work nothing else waits on.
"""

from __future__ import annotations

import re

from bot.planning.dependency_notes import Statement
from bot.planning.drafts import Draft
from bot.planning.outline import Para
from bot.planning.phrases import Field, field_label
from bot.planning.prose import SENTENCE_END, title_cut, within_title_chars
from bot.planning.taskbody import TaskBody
from bot.planning.topics import topic_words

MIN_PARAGRAPHS = 3
MAX_TERM_WORDS = 6
_DEFINITION = re.compile(r"^\s*[:\uff1a]\s+(?P<text>\S.*)$")
_DEFINES = re.compile(r"^\s*[:\uff1a\u2014\u2013-]\s*\S")
_AFTER = re.compile(r"^(?:once|when|with|after|as soon as|now that)\b(?P<clause>[^,.;:]{1,100}),\s*", re.IGNORECASE)
_PARALLEL = re.compile(r"^(?:in parallel(?: with)?|alongside|meanwhile|at the same time)\b[^,.;:]{0,100},\s*",
                       re.IGNORECASE)
_FINALLY = re.compile(r"^(?:finally|lastly|last of all|as a (?:last|final) step),?\s*", re.IGNORECASE)
_PARTS = re.compile(r"\band\b|,")


def defined_terms(paragraphs: list[Para], body: TaskBody, phase: str) -> list[Draft]:
    """One task per paragraph led by a bold term and a dash or colon, or written as a definition list (the term
    on its own line, then `: …` lines), when there are three or more."""
    terms = [para for para in paragraphs if _defines(para)]
    if len(terms) < MIN_PARAGRAPHS:
        return _definition_list(paragraphs, body, phase)
    drafts = [body.titled(para.inline.text, para.inline.bold, phase, para.line, None) for para in terms]
    for draft, para in zip(drafts, terms, strict=True):
        draft.excerpt = body.excerpt(para.line, para.end)
    return drafts


def _definition_list(paragraphs: list[Para], body: TaskBody, phase: str) -> list[Draft]:
    """Markdown Extra's definition list ("Rota optimiser" over ": Organises the week's shifts …" and
    ": Prereq: qualification register."): the term is the task, each definition line its text or a field."""
    found = [(para, lines) for para in paragraphs if (lines := _definitions(body.source(para.line, para.end)))]
    if len(found) < MIN_PARAGRAPHS:
        return []
    drafts: list[Draft] = []
    for para, (term, *definitions) in found:
        draft = body.titled(term, None, phase, para.line, None, whole=True)
        for text in definitions:
            label = field_label(text)
            body.add(draft, *(label or (Field.DESCRIPTION, text)))
        draft.excerpt = body.excerpt(para.line, para.end)
        drafts.append(draft)
    return drafts


def _definitions(source: str) -> list[str]:
    """[term, definition, …] when a paragraph is a term of a few words over `: …` lines; else none."""
    term, *rest = source.split("\n")
    definitions = [match.group("text") for line in rest if (match := _DEFINITION.match(line))]
    short = 0 < len(term.split()) <= MAX_TERM_WORDS and not term.rstrip().endswith((":", "."))
    return [term.strip(), *definitions] if short and definitions and len(definitions) == len(rest) else []


def _defines(para: Para) -> bool:
    bold, text = para.inline.bold, para.inline.text
    if not bold or not text.startswith(bold) or len(bold.split()) > MAX_TERM_WORDS or field_label(text):
        return False
    return bold.rstrip().endswith((":", "\uff1a")) or _DEFINES.match(text[len(bold):]) is not None


def essay_steps(paragraphs: list[Para], body: TaskBody, phase: str) -> tuple[list[Draft], list[Statement]]:
    """One task per paragraph, with the order their openings state; none when fewer than three paragraphs."""
    if len(paragraphs) < MIN_PARAGRAPHS:
        return [], []
    drafts: list[Draft] = []
    statements: list[Statement] = []
    waited: set[int] = set()
    for para in paragraphs:
        number = len(drafts) + 1
        first = SENTENCE_END.split(para.inline.text, maxsplit=1)[0]
        after = _AFTER.match(first)
        parallel = _PARALLEL.match(first)
        closing = _FINALLY.match(first)
        opening = after or parallel or closing
        prerequisites: list[int] = []
        if after:
            prerequisites = _named(after.group("clause"), drafts) or ([number - 1] if drafts else [])
        elif closing:
            prerequisites = [n for n in range(1, number) if n not in waited]
        waited.update(prerequisites)
        draft = Draft(title=_title(first[opening.end():] if opening else first), line=para.line, phase=phase,
                      number=str(number), depends=[str(n) for n in prerequisites], step=True,
                      description=[body.source(para.line, para.end)], excerpt=body.excerpt(para.line, para.end))
        drafts.append(draft)
        if parallel:
            statements.append((str(number), []))  # stated to wait on nothing
    return drafts, statements


def _named(clause: str, drafts: list[Draft]) -> list[int]:
    """The earlier tasks a clause names ("the matcher is updating segments and the tile server is up"): for each
    part, the task whose title shares most of its words, the latest among equals (what made it last)."""
    found: list[int] = []
    for part in _PARTS.split(clause):
        words = topic_words(part)
        shared, best = max(((len(words & topic_words(draft.title)), n) for n, draft in enumerate(drafts, start=1)),
                           default=(0, 0))
        if shared and best not in found:
            found.append(best)
    return found


def _title(sentence: str) -> str:
    """A paragraph's title: its first sentence after the opening, up to a colon or dash, cut at a word."""
    title = within_title_chars(title_cut(sentence).strip())
    return title[:1].upper() + title[1:]
