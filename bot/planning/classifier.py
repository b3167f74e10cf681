"""Assigns an untagged task to a role with a transparent keyword scorer.

The roadmap shows *why* each agent was chosen, so the scorer must be explainable: it counts
matches of each role's vocabulary (its keywords, strongly; the words of its name and charter,
weakly) and reports the words that decided it. Roles are data, so nothing here knows any
particular role.

The role follows the *kind of work*, which the title names: its lead verb or its "Label:" most
of all, the words after "for", "to", "with"… (what the work is about) less, asides in
parentheses less still. The description only adds detail — each word counts once and weakly,
so TDD boilerplate ("write the failing test") repeated in every task does not decide — and code
(fenced blocks, inline code, file paths) names things rather than work, so it counts least.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property, partial

from bot.domain import AgentRole, RoleSet
from bot.planning.file_kinds import FileKinds
from bot.planning.phrases import opens_with_verb

_TOKEN = re.compile(r"[a-z0-9]+")
_SUFFIXES = ("ations", "ation", "ings", "ing", "ments", "ment", "ers", "er", "es", "ed", "s", "e")
_STOPWORDS = frozenset(
    (
        "a", "an", "and", "the", "of", "for", "to", "in", "on", "with", "each", "owns", "own", "that", "as", "by",
        "its", "it", "is", "are", "be", "between", "before", "whole", "works", "proof", "shape", "set", "up",
        "glue", "kind", "other", "new", "one", "them", "their", "what", "which", "how",
        # charter words that are everyday nouns elsewhere ("question editor", "local files", "key store")
        "questions", "local", "stores", "load", "balancers", "delivery", "off", "flags",
        # "Exhibitor accounts", "Customer accounts": the product's users, not cloud accounts
        "accounts",
    )
)
KEYWORD = 3.0  # a role keyword: the role's own vocabulary
PHRASE = 4.0  # a multi-word keyword ("unit test"), more specific than any single word
CHARTER = 1.0  # a word of the role's name or charter
OWNER = 0.4  # a word of the team the plan gives the task to: a hint, weaker than a file the title names
SIDE = 0.5  # a side keyword (docs) counts this much of a keyword: it goes along with other work
LEAD = 2.5  # the title's first word (usually the verb: "Deploy", "Test") or its "Label:" names the work
CONTEXT = 0.5  # title words after "for", "to", "with"… or a dash: what the task is about, not what it is
ASIDE = 0.5  # words in parentheses
CODE = 0.25  # inline code and file paths name things, not the kind of work
DECAY = 0.7  # the n-th best word of a role counts DECAY**n
BODY = 0.25  # a description word, counted once per task: detail, not the kind of work
_BODY_CHARS = 4000
# With nothing in the title, a long description decides only when it says it more than in passing: one keyword
# ("interfaces" in a code walkthrough, "run the tests" in TDD steps) is no kind of work; a short one is to the point
# when it says it more than once.
_BODY_ALONE = 1.0
_SHORT_BODY = 300
# Nor does one word in a clause past the title's first context phrase ("Persist readings posted by the bridge into
# the readings table"): the work is what the title names first, and it names no role.
_PASSING = KEYWORD
# In a short description too, one keyword said once ("released on return", "a table per category") is in passing
_ONE_WORD = KEYWORD * BODY
_CONTEXT_WORDS = frozenset((
    "for", "of", "between", "against", "behind", "by", "on", "from", "into", "via", "across", "to", "with",
    "in", "under", "when", "after", "before", "so", "using", "without", "within", "through", "at", "per", "while",
    "that", "which", "where",
))
# Endings of a noun made from a verb ("migration", "deployment", "rollout", "backup"): it names work
_ACTION_ENDINGS = ("tion", "sion", "ment", "ing", "al", "ance", "ence", "ure", "out", "up", "over", "down", "off")
# How an object opens: a thing the reader knows ("the app") or any one of many ("a printer", "each puzzle")
_DEFINITE = frozenset(("the", "this", "that", "these", "those", "our", "its", "their", "your", "my"))
_INDEFINITE = frozenset(("a", "an", "each", "every", "any", "some", "all"))
# Words that open a clause of its own rather than a phrase of the title's thing: what follows is about something else
_CLAUSE_WORDS = frozenset(("when", "after", "before", "so", "while", "that", "which", "where", "until", "once"))
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})[^\n]*\n.*?(?:^[ \t]*\1[ \t]*$|\Z)", re.S | re.M)
_PIECE = re.compile(r"`[^`\n]*`|\([^()\n]*\)|[^\s`()]+")
_PATH_EXT = re.compile(r"\w\.[a-z][a-z0-9]{0,4}$", re.I)
# Leading ids and list markers before the title's words: "- [ ]", "T012", "[P]", "[US1]", "1.2", "INFRA-7:",
# "Task 3:", "Step 2 -" — kept out so the lead word is the first word that says what the work is.
_LABEL_ID = re.compile(
    r"^\s*(?:[-*+>#]+\s+|\[[ xX]?\]\s*|\[[^\]\n]{1,12}\]\s*|[A-Z][A-Z0-9]*-\d+\b[:.)]?\s*|T\d+\b[:.)]?\s*"
    r"|\d+(?:\.\d+)*[.):]?\s+|(?:task|step|phase|stage|story|milestone|part|epic|item|work\s*package|wp)"
    r"\s*#?[\w.]*\d[\w.]*\s*(?:[:.)]|[-\u2013\u2014]\s)?\s*)",
    re.I,
)
# What may follow a keyword's stem in a longer word: "deploy" -> "deployment", "serializ" -> "serialize", but
# not "auth" -> "author" or "validat" -> "validator".
_ENDINGS = frozenset(("", "e", "iz", "is"))
_LABEL = re.compile(r"^([^:]{1,40}):\s+\S")
_JOINS = frozenset(("and", "or", "plus"))
_PARTICLES = frozenset(("out", "off", "over", "back", "up", "down"))  # of a phrasal verb: "roll out", "cut over"
_AMPERSAND = re.compile(r"\s[&+]\s")
_ASIDE = re.compile(r"\([^()\n]+\)")  # an empty pair is a call: `resolve()`
# "… in `.github/workflows/ci.yml`", "… to `deploy/values.yaml`": the file the work goes into says what it is
_INTO = re.compile(r"\b(?:in|into|to)\s+`(\.?[\w./-]+)`")
_DASH = re.compile(r"\s[-\u2013\u2014]+\s")  # a spaced hyphen or dash: what follows is detail


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
    spelling: str = ""  # the keyword as written; charter words have none
    lead_only: bool = False  # a lead verb: it names the work only as the title's first word
    as_written: bool = False  # an exact keyword: the word itself, never its stem ("records", not "recording")

    @cached_property  # asked for every occurrence of the term in every title
    def shortest(self) -> int:
        """The fewest letters a word needs to be this keyword: its stem may drop a plural or a final "e"
        ("queues", "queuing"), but a shorter word is another word that shares the stem ("dock" is no "docker",
        "work" no "worker"), and no word is more than one letter shorter than the keyword as written."""
        word = self.spelling if len(self.words) == 1 else ""
        return max(len(re.sub(r"(?:ies|es|s|e)$", "", word)), len(word) - 1)


@dataclass(frozen=True)
class _Hit:
    slug: str
    words: str
    points: float
    in_title: bool
    exact: bool = False  # the title's lead word spelt as the keyword is written: "Test x" is "test", not "tests"
    owner: bool = False  # a word of the owner the plan names


def _stem(word: str) -> str:
    """Strips endings until none is left, so "implementation" and "implement" meet at one stem."""
    if word.endswith("ies") and len(word) > 5:
        return word[:-3] + "y"  # "entities" -> "entity"
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return _stem(word[: -len(suffix)])
    return word


def _terms(role: AgentRole, elsewhere: set[str]) -> list[_Term]:
    """The role's keywords, then the words of its name and charter that no other role has as a keyword."""
    terms = [
        _Term(
            tuple(words) if len(words) > 1 else (_stem(words[0]),),
            (PHRASE if len(words) > 1 else KEYWORD) * factor,
            len(words) == 1 and len(words[0]) >= 4,
            " ".join(words),
        )
        for keywords, factor in ((role.keywords, 1.0), (role.side_keywords, SIDE))
        for words in _keyword_words(keywords)
    ]
    terms += [_Term((word,), KEYWORD, False, word, as_written=True) for word in role.exact_keywords]
    terms += [_Term(tuple(words), 0.0, False, " ".join(words)) for words in _keyword_words(role.other_senses)]
    known = {term.words[0] for term in terms if len(term.words) == 1} | elsewhere
    charter = f"{role.display_name} {role.charter}".lower()
    extra = {_stem(word) for word in _TOKEN.findall(charter) if word not in _STOPWORDS and len(word) > 2}
    terms += [_Term((word,), CHARTER, False) for word in sorted(extra - known)]
    leads = [(verb, _TOKEN.findall(verb.lower())) for verb in role.lead_verbs]
    return terms + [
        _Term(tuple(words) if len(words) > 1 else (_stem(words[0]),), PHRASE if len(words) > 1 else KEYWORD, False,
              verb, lead_only=True)
        for verb, words in leads if words
    ]


def _keyword_words(keywords: tuple[str, ...]) -> list[list[str]]:
    return [words for words in (_TOKEN.findall(keyword.lower()) for keyword in keywords) if words]


def _single_keywords(role: AgentRole) -> set[str]:
    stems = {_stem(words[0]) for words in _keyword_words(role.keywords + role.side_keywords) if len(words) == 1}
    return stems | set(role.exact_keywords)


def _is_path(piece: str) -> bool:
    """`src/app/models.py`, `docs/`, `quickstart.md` — but not prose slashes like "Pub/Sub" or "CI/CD"."""
    piece = piece.strip(".,;:!?\"'")
    if _PATH_EXT.search(piece) and not piece.replace(".", "").isdigit():
        return True
    return "/" in piece and (piece.endswith("/") or piece.count("/") >= 2 or "_" in piece or "." in piece)


def _weighted_tokens(text: str) -> list[tuple[str, float]]:
    """Lower-cased words, each with a factor: 1 for prose, less for asides and code."""
    tokens: list[tuple[str, float]] = []
    for piece in _PIECE.findall(text):
        factor = CODE if piece.startswith("`") or _is_path(piece) else ASIDE if piece.startswith("(") else 1.0
        if piece.startswith("("):
            tokens += [(word, min(factor, inner)) for word, inner in _weighted_tokens(piece[1:-1])]
        else:
            tokens += [(word, factor) for word in _TOKEN.findall(piece.lower())]
    return tokens


def _title_tokens(title: str, context: float = CONTEXT, about: bool = False,
                  everyday: frozenset[str] = frozenset()) -> list[tuple[str, float]]:
    """Title words with their factor: a lead word or label counts double, context and asides half.

    An `everyday` verb opening the title counts nothing when its object is the product's own things (see
    _everyday_object).

    `about` counts the context (up to "and", "or" or a clause) in full: when the words before it name no kind of
    work ("Enable in production and backfill …"), where or what the work is done on says what it is. A clause of its
    own ("… for approved photos before they are copied to the public bucket") is about something else: a quarter.
    """
    previous = None
    while previous != title:
        previous, title = title, _LABEL_ID.sub("", title, count=1)
    label = _LABEL.match(title)
    head, rest = (label.group(1), title[label.end(1) + 1:]) if label and len(label.group(1).split()) <= 4 \
        else ("", title)
    dash = _DASH.search(rest)
    main, detail = (rest[: dash.start()], rest[dash.end():]) if dash else (rest, "")
    main = _AMPERSAND.sub(" and ", main)
    words = _weighted_tokens(main)
    plain = _unbound(words, main)
    end = _first(plain, _CONTEXT_WORDS, after=0)
    compound = re.match(r"\s*\w+-\w", main) is not None  # "Release-manager endpoints": no verb, "Load-test the API"
    leads = _leads(words[:end], compound) if not head else set()
    if not head and words and words[0][0] in everyday and 0 in leads and _everyday_object(plain[1:end]):
        words[0] = (words[0][0], 0.0)  # "Release unpaid holds", "Publish each puzzle": no release, no publishing
    for i in _everyday_after_join(plain, everyday):
        words[i] = (words[i][0], 0.0)  # "… and bump nights with more cloud": a second instruction, read alike
    if not head and _made_of(plain, end):
        words[0] = (words[0][0], 0.0)  # "Table of daily yields on the dashboard": a table to read, not to design
    labelled = _weighted_tokens(head)  # "Checks in production:": the label's own context is context too
    stop = _first(labelled, _CONTEXT_WORDS, after=0)
    tokens = [(word, factor * (LEAD if i < stop else context)) for i, (word, factor) in enumerate(labelled)]
    deep = _clause(plain)  # a clause about something else: "… that uploads", "before …", "readings posted by …"
    join = min(_first(plain, _JOINS, after=end), deep) if about else end
    join = end if end < len(words) and words[end][0] == "per" else join  # "per bucket" is a unit, not a place
    tokens += [
        (word, factor * (LEAD if i in leads else 1.0 if i < join else context if i < deep else context * CONTEXT))
        for i, (word, factor) in enumerate(words)
    ]
    return tokens + [(word, factor * context) for word, factor in _weighted_tokens(detail)]


def _everyday_object(words: list[tuple[str, float]]) -> bool:
    """Whether a verb's object makes it an everyday verb: something indefinite ("a printer", "each puzzle"), a
    bare plural ("unpaid holds", "deposits") or a thing in a state ("reserved stock"). A software release names its
    thing definitely or by version ("Launch the booking site", "Release 1.0") or has no object ("Release to
    production")."""
    names = [word for word, _ in words]
    if not names or names[0] in _DEFINITE:
        return False
    return names[0] in _INDEFINITE or (names[0].endswith("ed") and len(names[0]) > 4) or any(
        len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")) for word in names)


def _everyday_after_join(words: list[tuple[str, float]], everyday: frozenset[str]) -> list[int]:
    """Where an everyday verb opens a second instruction after "and" with the product's own things as its object
    ("Pull the forecast and bump nights over 70 %"), read as the first one is (see _everyday_object)."""
    names = [word for word, _ in words]
    return [i for i in range(1, len(names) - 1) if names[i - 1] in _JOINS and names[i] in everyday
            and _everyday_object(words[i + 1:_first(words, _CONTEXT_WORDS | _JOINS, after=i)])]


def _made_of(words: list[tuple[str, float]], end: int) -> bool:
    """Whether the title opens "<noun> of …" ("Table of daily yields", "Certificate of vaccination PDF"): a thing
    made of what follows for people to read, not the table or certificate a specialist designs or provisions. A
    verb ("Review of the terms") or a noun made from one ("Migration of …", "Rollout of …") still names its work."""
    first = words[0][0] if words else ""
    return end == 1 and len(words) > 2 and words[1][0] == "of" and not opens_with_verb([first]) \
        and not first.endswith(_ACTION_ENDINGS)


def _unbound(words: list[tuple[str, float]], text: str) -> list[tuple[str, float]]:
    """The words with each one a hyphen binds to the word before blanked: the "in" of "Check-in screen" or the "on"
    of "add-on" is part of a compound noun, not a preposition that opens the title's context."""
    bound = [match.start() > 0 and text[match.start() - 1] == "-" for match in _TOKEN.finditer(text.lower())]
    return [("" if i < len(bound) and bound[i] else word, factor) for i, (word, factor) in enumerate(words)]


def _second_instruction(title: str) -> bool:
    """Whether "and" opens a second instruction ("… to the catalogue and backfill the strains"): its verb is work
    the title names, not a clause about something else."""
    words = _TOKEN.findall(title.lower())
    return any(word in _JOINS and opens_with_verb(words[i + 1:i + 4]) for i, word in enumerate(words))


def _clause(words: list[tuple[str, float]]) -> int:
    """Where a clause of its own opens past the first word: "that", "when", "before" …, an infinitive ("to create
    the issues") or a participle with its phrase ("readings posted by the bridge"); len(words) if none does."""
    plain = [word if factor == 1.0 else "" for word, factor in words]  # code (`reserved_by`) opens no clause
    return next((i for i in range(1, len(plain)) if plain[i] in _CLAUSE_WORDS
                 or (plain[i] == "to" and opens_with_verb(plain[i + 1:i + 2]) and i + 1 < len(plain))
                 or (plain[i].endswith("ed") and len(plain[i]) > 4 and plain[i + 1:i + 2]
                     and plain[i + 1] in _CONTEXT_WORDS)), len(plain))


def _first(words: list[tuple[str, float]], wanted: frozenset[str], *, after: int) -> int:
    """Index of the first word in `wanted` past position `after`, or len(words)."""
    return next((i for i, (word, _) in enumerate(words) if i > after and word in wanted), len(words))


def _leads(words: list[tuple[str, float]], compound: bool = False) -> set[int]:
    """Where the title names its kind of work: an instruction's verb ("Deploy …"), else the head noun that ends
    each named thing ("Staging end-to-end verification", "Refund data model and migration")."""
    shared = _shares_head(words)
    if not words or (opens_with_verb([word for word, _ in words[:3]], known=not compound) and not shared):
        return {0}
    ends = [i + 1 == len(words) or words[i + 1][0] in _JOINS or words[i + 1][1] < 1.0 for i in range(len(words))]
    ends[0] = ends[0] and not shared
    return {i for i, (_, factor) in enumerate(words) if factor == 1.0 and ends[i]} or {0}


def _shares_head(words: list[tuple[str, float]]) -> bool:
    """Whether the title's one-word first thing shares the head of a longer one after "and": "Review and rating
    widget" is a widget, "Login and signup pages" are pages; "Review and merge the PRs" joins two verbs instead."""
    names = [word for word, _ in words]
    second = names[2:next((i for i in range(2, len(names)) if names[i] in _JOINS), len(names))]
    return len(names) > 3 and names[1] in _JOINS and len(second) > 1 and not opens_with_verb(second[:3])


class KeywordClassifier:
    """Scores a task against every role.

    Each role's matched words are summed best first, each further one counting DECAY times the one before, so
    one word naming the kind of work beats a list of nouns the work is about. Ties go to the role whose keyword
    is spelt exactly as the title's lead word ("Test x" is "test", not "tests"), then to the role listed first.
    """

    def __init__(self, roles: RoleSet, fallback: str | None = None) -> None:
        self._roles = roles
        single = {role.slug: _single_keywords(role) for role in roles.roles}
        pairs = [
            (role.slug, term)
            for role in roles.roles
            for term in _terms(role, set().union(*(words for slug, words in single.items() if slug != role.slug)))
        ]
        self._ordered = sorted(pairs, key=lambda pair: -len(pair[1].words))  # longest phrases claim first
        self._index = _TermIndex([term for _, term in self._ordered])
        self._fallback = fallback if fallback and roles.get(fallback) else roles.roles[0].slug
        self._files = FileKinds(roles, self._fallback)
        self._everyday = frozenset(verb for role in roles.roles for verb in role.everyday_verbs)

    def classify(self, title: str, description: str = "", owner: str = "") -> Assignment:
        """`owner` is who the plan gives the task to when that is no role ("Owner: QA", "team: infra"): a hint
        that decides when the title does not (a team owns more than one kind of work); `@lena` matches nothing."""
        files = self._file_hits(title)
        read = partial(_title_tokens, everyday=self._everyday)
        hits = self._matches(read(title), in_title=True)
        passing = False  # the title's words of a role stand only in a clause further on
        if hits and not self._matches(read(title, context=0.0), in_title=True) \
                and not any(hit.points >= KEYWORD for hit in files):  # nothing before the context
            hits = self._matches(read(title, about=True), in_title=True)
            passing = not self._matches(read(title, context=0.0, about=True), in_title=True) \
                and not _second_instruction(title)
        hits += files + [
            _Hit(hit.slug, hit.words, hit.points * OWNER, in_title=True, owner=True)
            for hit in self._matches(_weighted_tokens(owner), in_title=False)
        ]
        body = _FENCE.sub(" ", description)[:_BODY_CHARS]
        once: dict[tuple[str, str], _Hit] = {}  # a description word counts once, at its strongest
        for hit in self._matches(_weighted_tokens(body), in_title=False) + self._file_hits(body, in_title=False):
            key = (hit.slug, " ".join(_stem(word) for word in hit.words.split()))
            if key not in once or hit.points * BODY > once[key].points:
                once[key] = _Hit(hit.slug, hit.words, hit.points * BODY, in_title=False)
        hits += list(once.values())
        scores: dict[str, float] = defaultdict(float)
        for slug in self._roles.slugs:  # each further word adds less: one kind-of-work word beats a list of nouns
            ranked_points = sorted((hit.points for hit in hits if hit.slug == slug), reverse=True)
            scores[slug] = sum(points * DECAY**i for i, points in enumerate(ranked_points))
        spelt = {slug: sum(hit.exact for hit in hits if hit.slug == slug) for slug in scores}
        ranked = sorted(self._roles.slugs, key=lambda slug: (-round(scores[slug], 9), -spelt.get(slug, 0)))
        best = ranked[0]
        name = self._roles.require(self._fallback).display_name
        if scores[best] <= 0:
            return Assignment(self._fallback, f"No role's vocabulary matched, so it went to {name} by default.")
        if passing and scores[best] < _PASSING and not any(hit.owner for hit in hits):
            return Assignment(self._fallback, f"The title names {self._roles.require(best).display_name} words only "
                                              f"in passing, in a clause about something else, so it went to {name} "
                                              "by default.")
        weak = scores[best] < _BODY_ALONE if len(description) > _SHORT_BODY else scores[best] <= _ONE_WORD
        if weak and not any(hit.in_title for hit in hits):
            return Assignment(self._fallback, "Nothing in the title matched and the description only mentions "
                                              f"{self._roles.require(best).display_name} words in passing, so it "
                                              f"went to {name} by default.")
        return Assignment(best, self._reason(best, ranked[1:2], scores, [hit for hit in hits if hit.slug == best]))

    def _file_hits(self, text: str, in_title: bool = True) -> list[_Hit]:
        """A file the task names, as a keyword of the role it belongs to, wherever the title names it: the file
        is where the work lands ("Add the service to `ci.yml`", "Update `runtime_build.py` to …"); asides not."""
        plain = _ASIDE.sub(lambda aside: " " * len(aside.group(0)), text)
        into = {match.group(1) for match in _INTO.finditer(plain)} if in_title else set()
        return [_Hit(slug, path, KEYWORD * (LEAD if path in into else 1.0), in_title)
                for slug, path in self._files.roles_named(plain)]

    def _matches(self, tokens: list[tuple[str, float]], in_title: bool) -> list[_Hit]:
        """The best hit per role and position, weighted by the word's factor; phrases claim their words first."""
        words = [word for word, _ in tokens]
        stems = [_stem(word) for word in words]
        claimed: set[int] = set()
        best: dict[tuple[str, int], _Hit] = {}
        for order, start, length in self._index.occurrences(words, stems):
            slug, term = self._ordered[order]
            span = range(start, start + length)
            if (len(span) > 1 and not claimed.isdisjoint(span)) or (len(span) == 1 and start in claimed):
                continue
            if len(span) > 1:
                claimed.update(span)  # "Add a dry-run mode": the phrase is no check there, nor is its "run"
            if term.lead_only and not _leads_here(term, span, tokens, in_title):
                continue  # "Check the exports", but not "Check-in screen": a noun phrase opens with no verb
            points = term.weight * max(tokens[i][1] for i in span)  # a phrase counts at its strongest word
            if in_title and start == 0 and len(span) > 1:  # "Smoke test production": the opening phrase is the work
                points = max(points, term.weight * LEAD)
            matched = " ".join(words[start : span.stop])
            lead = in_title and start == 0
            if points > 0 and points > (best[(slug, start)].points if (slug, start) in best else 0.0):
                best[(slug, start)] = _Hit(slug, matched, points, in_title, lead and matched == term.spelling)
        return [best[key] for key in sorted(best)]

    def _reason(self, best: str, second: list[str], scores: dict[str, float], hits: list[_Hit]) -> str:
        role = self._roles.require(best)
        ranked = sorted(hits, key=lambda hit: (-hit.in_title, -hit.points))
        title = list(dict.fromkeys(hit.words for hit in ranked if hit.in_title and not hit.owner))[:5]
        body = [word for word in dict.fromkeys(hit.words for hit in ranked if not hit.in_title) if word not in title]
        owner = list(dict.fromkeys(hit.words for hit in ranked if hit.owner))
        parts = [f"{_quoted(title)} in the title"] if title else []
        parts += [f"{_quoted(body[:5 - len(title)] or body[:1])} in the description"] if body else []
        parts += [f"{_quoted(owner[:2])} in the owner"] if owner else []
        margin = "".join(
            f"; next was {self._roles.require(slug).display_name} ({_figure(scores[slug])})"
            for slug in second if scores[slug] > 0
        )
        return (
            f"Matched {' and '.join(parts)} from the {role.display_name} vocabulary "
            f"(score {_figure(scores[best])}{margin})."
        )


def _leads_here(term: _Term, span: range, tokens: list[tuple[str, float]], in_title: bool) -> bool:
    """Whether a lead verb stands where the title names its work: opening it ("Check the exports"), or, for a
    verb of two words that is also an event, as the head noun that ends the title's thing ("Fortnight's dry run",
    but not a "dry-run mode", whose head is the mode)."""
    if not in_title or max(tokens[i][1] for i in span) < LEAD:
        return False
    return span.start == 0 or (len(span) > 1 and tokens[span.stop - 1][1] >= LEAD)


def _quoted(words: list[str]) -> str:
    return ", ".join(f"“{word}”" for word in words)


def _figure(score: float) -> str:
    return f"{round(score, 2):g}"


class _TermIndex:
    """Where each term can start, looked up per token instead of scanning every term over every token.

    A single word matches a token's stem, or a prefix of it followed by a word ending (an exact keyword only
    the token as written); a phrase starts at a token equal to its first word. Occurrences come back in term
    order, then position, which is the order phrases claim their words in.
    """

    def __init__(self, terms: list[_Term]) -> None:
        self._terms = terms
        self._exact: dict[str, list[int]] = {}
        self._prefix: dict[str, list[int]] = {}
        self._phrase: dict[str, list[int]] = {}
        self._written: dict[str, list[int]] = {}
        for order, term in enumerate(terms):
            table = self._phrase if len(term.words) > 1 else self._written if term.as_written \
                else self._prefix if term.prefix else self._exact
            table.setdefault(term.words[0], []).append(order)

    def occurrences(self, tokens: list[str], stems: list[str]) -> list[tuple[int, int, int]]:
        """(term, start, length) of every match; a two-word phrase also matches across a coordinated modifier
        that shares its head noun: "project and database setup" holds "project setup"."""
        found: set[tuple[int, int, int]] = set()
        for i, stem in enumerate(stems):
            found.update((order, i, 1) for order in self._written.get(tokens[i], ()))
            found.update((order, i, 1) for order in self._exact.get(stem, ()) if self._fits(order, tokens[i]))
            for ending in _ENDINGS:
                if stem.endswith(ending) and len(stem) > len(ending):
                    found.update((order, i, 1) for order in self._prefix.get(stem[: len(stem) - len(ending)], ())
                                 if self._fits(order, tokens[i]))
            for order in self._phrase.get(tokens[i], ()):
                words = self._terms[order].words
                if _phrase_at(tokens, i, words):
                    found.add((order, i, len(words)))
                elif len(words) == 2 and i + 3 < len(tokens) and tokens[i + 1] in _JOINS \
                        and _phrase_at(tokens, i + 2, (tokens[i + 2], words[1])):
                    found.add((order, i, 4))
                elif i == 0 and words[1] in _PARTICLES and (end := _particle_after_object(tokens, words[1])):
                    found.add((order, 0, end))
        return sorted(found)


    def _fits(self, order: int, token: str) -> bool:
        return len(token) >= self._terms[order].shortest


def _particle_after_object(tokens: list[str], particle: str) -> int:
    """Where a phrasal verb that opens the title ends when its object stands between verb and particle ("Roll the
    rental desk out to …", "Switch the old importer off"): one past the particle, or 0."""
    window = tokens[1:6]
    if particle not in window:
        return 0
    gap = window[:window.index(particle)]
    return 0 if any(word in _CONTEXT_WORDS or word in _JOINS for word in gap) else len(gap) + 2


def _phrase_at(tokens: list[str], i: int, words: tuple[str, ...]) -> bool:
    """The phrase's words from token i on; its last word may be the start of a longer one ("unit test" -> tests)."""
    return i + len(words) <= len(tokens) and all(
        tokens[i + j] == w or (j == len(words) - 1 and tokens[i + j].startswith(w)) for j, w in enumerate(words)
    )
