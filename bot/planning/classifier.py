"""Assigns an untagged task to a role with a transparent keyword scorer.

The roadmap shows *why* each agent was chosen, so the scorer must be explainable: it counts
matches of each role's vocabulary (its keywords, strongly; the words of its name and charter,
weakly) in the task's title and description, and reports the words that decided it. Roles are
data, so nothing here knows any particular role.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from bot.domain import AgentRole, RoleSet

_TOKEN = re.compile(r"[a-z0-9]+")
_SUFFIXES = ("ations", "ation", "ings", "ing", "ments", "ment", "ers", "er", "ies", "es", "ed", "s", "e")
_STOPWORDS = frozenset(
    (
        "a", "an", "and", "the", "of", "for", "to", "in", "on", "with", "each", "owns", "own", "that", "as", "by",
        "its", "it", "is", "are", "be", "between", "before", "whole", "works", "proof", "shape", "set", "up",
        "glue", "kind", "other", "new",
    )
)
KEYWORD = 3.0  # a role keyword: the role's own vocabulary
PHRASE = 4.0  # a multi-word keyword ("unit test"), more specific than any single word
CHARTER = 1.0  # a word of the role's name or charter
TITLE = 2.0  # multiplier for words in the title, which says what the task *is*
LEAD = 1.5  # extra multiplier for the title's first word, usually the verb ("Deploy", "Test")
CONTEXT = 0.5  # multiplier for title words after "for", "of", "between"…: what the task is about, not what it is
_CONTEXT_WORDS = frozenset(("for", "of", "between", "against", "behind", "by", "on", "from", "into", "via", "across"))


@dataclass(frozen=True)
class Assignment:
    """The chosen role and a sentence explaining the choice, kept for the roadmap."""

    agent: str
    reason: str


@dataclass(frozen=True)
class _Term:
    words: tuple[str, ...]
    weight: float
    prefix: bool  # single keywords of 4+ letters also match longer words ("deploy" -> "deployment")


def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _terms(role: AgentRole) -> list[_Term]:
    terms = [
        _Term(
            tuple(words) if len(words) > 1 else (_stem(words[0]),),
            PHRASE if len(words) > 1 else KEYWORD,
            len(words) == 1 and len(words[0]) >= 4,
        )
        for words in (_TOKEN.findall(keyword.lower()) for keyword in role.keywords)
        if words
    ]
    known = {term.words[0] for term in terms if len(term.words) == 1}
    charter = f"{role.display_name} {role.charter}".lower()
    extra = {_stem(word) for word in _TOKEN.findall(charter) if word not in _STOPWORDS and len(word) > 2}
    terms += [_Term((word,), CHARTER, False) for word in sorted(extra - known)]
    return terms


class KeywordClassifier:
    """Scores a task against every role; ties go to the role listed first."""

    def __init__(self, roles: RoleSet, fallback: str | None = None) -> None:
        self._roles = roles
        pairs = [(role.slug, term) for role in roles.roles for term in _terms(role)]
        self._ordered = sorted(pairs, key=lambda pair: -len(pair[1].words))  # longest phrases claim first
        self._fallback = fallback if fallback and roles.get(fallback) else roles.roles[0].slug

    def classify(self, title: str, description: str = "") -> Assignment:
        scores: dict[str, float] = defaultdict(float)
        hits: dict[str, list[str]] = defaultdict(list)
        for text, weight in ((title, TITLE), (description[:4000], 1.0)):
            for slug, word, points in self._matches(_TOKEN.findall(text.lower()), lead=weight == TITLE):
                scores[slug] += points * weight
                if word not in hits[slug]:
                    hits[slug].append(word)
        ranked = sorted(self._roles.slugs, key=lambda slug: -scores[slug])
        best = ranked[0]
        if scores[best] <= 0:
            name = self._roles.require(self._fallback).display_name
            return Assignment(self._fallback, f"No role's vocabulary matched, so it went to {name} by default.")
        return Assignment(best, self._reason(best, ranked[1:2], scores, hits[best]))

    def _matches(self, tokens: list[str], lead: bool) -> list[tuple[str, str, float]]:
        """(role, matched words, points) per role and position; phrases claim their words first."""
        stems = [_stem(token) for token in tokens]
        context = next((i for i, token in enumerate(tokens) if token in _CONTEXT_WORDS), len(tokens)) if lead \
            else len(tokens)
        claimed: set[int] = set()
        best: dict[tuple[str, int], tuple[str, float]] = {}
        for slug, term in self._ordered:
            for start in _find(term, tokens, stems):
                span = range(start, start + len(term.words))
                if (len(span) > 1 and not claimed.isdisjoint(span)) or (len(span) == 1 and start in claimed):
                    continue
                if len(span) > 1:
                    claimed.update(span)
                points = term.weight * (LEAD if lead and start == 0 else CONTEXT if start > context else 1.0)
                if points > best.get((slug, start), ("", 0.0))[1]:
                    best[(slug, start)] = (" ".join(tokens[start : span.stop]), points)
        return [(slug, words, points) for (slug, _), (words, points) in sorted(best.items())]

    def _reason(self, best: str, second: list[str], scores: dict[str, float], words: list[str]) -> str:
        role = self._roles.require(best)
        quoted = ", ".join(f"“{word}”" for word in words[:5])
        margin = "".join(
            f"; next was {self._roles.require(slug).display_name} ({scores[slug]:g})"
            for slug in second if scores[slug] > 0
        )
        return f"Matched {quoted} from the {role.display_name} vocabulary (score {scores[best]:g}{margin})."


def _find(term: _Term, tokens: list[str], stems: list[str]) -> list[int]:
    """Start positions where `term` occurs in the token list."""
    size = len(term.words)
    if size == 1:
        word = term.words[0]
        return [
            i for i, token in enumerate(tokens)
            if stems[i] == word or (term.prefix and token.startswith(word))
        ]
    return [
        i for i in range(len(tokens) - size + 1)
        if all(tokens[i + j] == w or (j == size - 1 and tokens[i + j].startswith(w)) for j, w in enumerate(term.words))
    ]
