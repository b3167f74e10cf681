"""Steps written without a list: paragraphs led by a bold number, or "First, … Then … Finally, …" prose.

People who write a plan as a short essay still number their steps, only in words. When a plan
has no list, table or heading that holds tasks, each sentence that opens with a sequence word
starts one task (the sentences after it are its description), and the words themselves state
the order: each step waits on the one before. Fewer than three such openings is a wish or a
story, not a plan, and yields nothing, so thin plans are still asked about.
"""

from __future__ import annotations

import re

from bot.planning.drafts import MAX_DESCRIPTION, MAX_EXCERPT, Draft
from bot.planning.headings import Kind, read_heading
from bot.planning.outline import Para
from bot.planning.taskbody import TaskBody

MIN_STEPS = 3
MAX_TITLE_CHARS = 120
_CLAUSE = r"[^,.;:]{1,80},\s*"  # "Once the processes run locally, …"
_OPENING = re.compile(
    r"^(?:(?:first(?:ly)?|to (?:start|begin)(?: with)?|as a first step|second(?:ly)?|third(?:ly)?|then|next|"
    r"after (?:that|this)|afterwards|finally|lastly|last(?: of all)?|in the end|as a (?:last|final) step)\b,?\s*"
    rf"|(?:once|when|after|as soon as)\b{_CLAUSE})",
    re.IGNORECASE,
)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z`\"(])")
_TITLE_END = re.compile(r"[:;]\s|\s[—\u2013]\s|\.\s*$")


def title_cut(sentence: str) -> str:
    """What a step written as a sentence is called: the sentence up to a colon or a dash."""
    cut = _TITLE_END.search(sentence)
    return sentence[: cut.start()] if cut else sentence


def within_title_chars(title: str) -> str:
    """A title of at most MAX_TITLE_CHARS, cut at a word."""
    return title[:MAX_TITLE_CHARS].rsplit(" ", 1)[0] + "…" if len(title) > MAX_TITLE_CHARS else title


def bold_steps(paragraphs: list[Para], body: TaskBody) -> list[Draft]:
    """Paragraphs led by a bold number ("**2. Middleware.** Check and …"), when there are two or more."""
    heads = [(para, read_heading(para.inline.bold)) for para in paragraphs if para.inline.bold]
    steps = [(para, head) for para, head in heads if head.kind in (Kind.TASK, Kind.STEP, Kind.NUMBERED)]
    if len(steps) < 2:
        return []
    drafts = [body.titled(para.inline.text, head.title.rstrip("."), "", para.line, head.number) for para, head in steps]
    for draft, (para, _) in zip(drafts, steps, strict=True):
        draft.excerpt = body.excerpt(para.line, para.end)
    return drafts


def prose_steps(paragraphs: list[Para]) -> list[Draft]:
    """One draft per sentence opening with a sequence word, chained in order; none when fewer than three."""
    drafts: list[Draft] = []
    for para in paragraphs:
        for sentence in SENTENCE_END.split(para.inline.text):
            opening = _OPENING.match(sentence)
            if opening and len(sentence) > opening.end():
                drafts.append(_step(sentence[opening.end():], para.line, len(drafts) + 1))
            elif drafts and drafts[-1].line == para.line:
                drafts[-1].description.append(sentence)  # the step's own paragraph goes on
    if len(drafts) < MIN_STEPS:
        return []
    for draft in drafts:
        draft.description = [" ".join(draft.description)[:MAX_DESCRIPTION]] if draft.description else []
    return drafts


def _step(sentence: str, line: int, number: int) -> Draft:
    """The step's title is its sentence up to a colon or dash, cut at a word; the rest is description."""
    title = within_title_chars(title_cut(sentence))
    rest = sentence[len(title):].strip(" :;—\u2013.…") if not title.endswith("…") else sentence
    title = title[:1].upper() + title[1:]
    return Draft(title=title, line=line, number=str(number), depends=[str(number - 1)] if number > 1 else [],
                 description=[rest] if rest else [], step=True, excerpt=sentence[:MAX_EXCERPT])
