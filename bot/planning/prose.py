"""Steps written without a list: paragraphs led by a bold number, or "First, … Then … Finally, …" prose.

People who write a plan as a short essay still number their steps, only in words ("Step two:",
"The last step is …"). When a plan has no list, table or heading that holds tasks, each sentence
that opens with a sequence word starts one task (the sentences after it are its description), and
the words themselves state the order: each step waits on the one before, unless it says it can
start at once, and on any other step it names ("the tile cache (step five)"). Fewer than three
such openings is a wish or a story, not a plan, and yields nothing, so thin plans are still asked about.
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
_COUNT = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})"
_ORDINAL = r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|next|last|final)"
# "Step two: …", "Step four, the queue …", "Step one is the data", "The last step is …"
_STEP_WORDS = rf"(?:(?:the\s+)?{_ORDINAL}\s+step|step\s+{_COUNT})(?:\s+is\b|\s*[:,])?"
_OPENING = re.compile(
    rf"^(?:{_STEP_WORDS}\s*|"
    r"(?:first(?:ly)?|to (?:start|begin)(?: with)?|as a first step|second(?:ly)?|third(?:ly)?|then|next|"
    r"after (?:that|this)|afterwards|finally|lastly|last(?: of all)?|in the end|as a (?:last|final) step)\b,?\s*"
    rf"|(?:once|when|after|as soon as)\b{_CLAUSE})",
    re.IGNORECASE,
)
_NAMED_STEP = re.compile(rf"(?<!before )\bstep\s+(?P<count>{_COUNT})\b", re.IGNORECASE)
_COUNTS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")
# "Step five can start on day one, because it doesn't depend on any of the above: …"
_AT_ONCE = re.compile(r"\b(?:can\s+start\s+(?:on\s+day\s+one|right\s+away|now|at\s+once|any\s*time|immediately)"
                      r"|(?:does\s*n[o']t|do\s*n[o']t)\s+depend\s+on)\b", re.IGNORECASE)
MAX_LABEL_WORDS = 3
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
        sentences = SENTENCE_END.split(para.inline.text)
        for index, sentence in enumerate(sentences):
            opening = _OPENING.match(sentence)
            if opening and len(sentence) > opening.end():
                following = sentences[index + 1] if index + 1 < len(sentences) else ""
                drafts.append(_step(sentence[opening.end():], following, para.line, len(drafts) + 1))
            elif drafts and drafts[-1].line == para.line:
                drafts[-1].description.append(sentence)  # the step's own paragraph goes on
    if len(drafts) < MIN_STEPS:
        return []
    _chain(drafts)
    for draft in drafts:
        draft.description = [" ".join(draft.description)[:MAX_DESCRIPTION]] if draft.description else []
    return drafts


def _chain(drafts: list[Draft]) -> None:
    """Each step waits on the step before that was not free to start at once, and on the steps its text names."""
    previous: str | None = None
    for draft in drafts:
        text = " ".join([draft.excerpt, *draft.description])
        free = _AT_ONCE.search(draft.excerpt) is not None
        named = [number for number in _named_steps(text) if number != draft.number]
        draft.depends = named if free else list(dict.fromkeys([*([previous] if previous else []), *named]))
        previous = previous if free else draft.number


def _named_steps(text: str) -> list[str]:
    """The steps a text names by number, in words or digits ("the tile cache (step five)")."""
    counts = [match.group("count").lower() for match in _NAMED_STEP.finditer(text)]
    return [str(_COUNTS.index(count) + 1) if count in _COUNTS else count for count in counts]


def _step(sentence: str, following: str, line: int, number: int) -> Draft:
    """The step's title is its sentence up to a colon or dash, cut at a word; the rest is description. A bare
    label ("Step six is testing.", "Step one is the data: a `trees` table …") takes the words that say what."""
    whole, cut = sentence, title_cut(sentence)
    if _AT_ONCE.search(cut) and len(cut) < len(sentence):
        sentence = sentence[len(cut):].strip(" :;—\u2013")  # "… can start on day one: the platform team …"
        cut = title_cut(sentence)
    title = within_title_chars(cut)
    if len(cut.split()) <= MAX_LABEL_WORDS:
        more = sentence[len(cut):].strip(" :;—\u2013.") or title_cut(following)
        title = within_title_chars(f"{cut.rstrip('.')}: {more}" if more else cut)
    rest = sentence[len(title):].strip(" :;—\u2013.…") if not title.endswith("…") else sentence
    title = title[:1].upper() + title[1:]
    return Draft(title=title, line=line, number=str(number), description=[rest] if rest else [], step=True,
                 excerpt=whole[:MAX_EXCERPT])
