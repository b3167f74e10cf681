"""References by a shortened name: "check-in release", "rules tests", "the IAM role from the infra list".

People point at another task with a few of its words, in their own order, with an aside after them. A
reference names the one task whose title holds all its words (plural or not, "rollout" for "Roll out …", an
"endpoint" for a line naming its route); failing that, the words before its first preposition ("IAM role" of
"the IAM role from the infra list"), or the owner of a possessive ("the listener" of "the listener's data").
Of several such tasks, the one whose opening words hold them is meant; otherwise there is no answer, and the
caller reports it rather than guess.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

_WORD = re.compile(r"[a-z0-9]+")
_POSSESSIVE = re.compile(r"^(.*?\w)['\u2019]s\b")
_ROUTE = re.compile(r"\b(?:GET|POST|PUT|PATCH|DELETE)\s+/")
_FILLER = frozenset(("the", "a", "an", "our", "its", "their", "this", "that", "same", "new", "all", "of", "and"))
# A noun after the name that only says it is a piece of work: "the deploy card", "the API change"
_WORK_NOUN = re.compile(r"(?<=\S)\s+(?:card|ticket|change)s?$", re.IGNORECASE)  # linear: one start per word
# Where the name ends and an aside begins: "the IAM role from the infra list", "the table is in place"
_PREPOSITIONS = frozenset(("from", "in", "on", "for", "with", "by", "at", "to", "into", "before", "after", "so",
                           "which", "that", "when", "once", "until", "is", "are", "exist", "exists"))
MIN_WORDS = 1
MAX_WORDS = 6
HEAD_WORDS = 4


def _stem(word: str) -> str:
    """The word without a plural "s" ("tests" and "test", "ins" and "in")."""
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _words(text: str) -> list[str]:
    return [_stem(word) for word in _WORD.findall(text.lower())]


def tasks_named(ref: str, titles: Sequence[str], own: int | None = None) -> list[int]:
    """The positions of the tasks (never `own`) whose titles hold every word of `ref`; when none does, those
    holding its words before the first preposition."""
    ref = _WORK_NOUN.sub("", ref.rstrip())
    owner = _POSSESSIVE.match(ref)
    ref = ref.replace("\u2019s ", " ").replace("'s ", " ")
    words = _words(ref)
    cut = next((index for index, word in enumerate(words) if word in _PREPOSITIONS and index), len(words))
    title_words = [_title_words(title) for title in titles]
    for part in (words, words[:cut], _words(owner.group(1)) if owner else []):
        wanted = {word for word in part if word not in _FILLER and word not in _PREPOSITIONS}
        if not MIN_WORDS <= len(wanted) <= MAX_WORDS:
            continue
        hits = [index for index, have in enumerate(title_words) if index != own and wanted <= have]
        named = [index for index in hits if wanted <= set(_words(titles[index])[:HEAD_WORDS])]
        leading = [index for index in named if wanted == set(_words(titles[index])[:len(wanted)])]
        if hits:  # a task's name is its opening words, and a title that starts with the words wins
            return named if len(named) == 1 else leading if len(leading) == 1 else hits
    return []


def _title_words(title: str) -> set[str]:
    """A title's words, with each pair written as one ("roll out" is a "rollout") and "endpoint" for a route."""
    words = _words(title)
    joined = {_stem(first + second) for first, second in pairwise(words)}
    return set(words) | joined | ({"endpoint", "route"} if _ROUTE.search(title) else set())
