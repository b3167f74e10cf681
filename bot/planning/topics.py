"""The words a task title is about, for telling which tasks share a topic.

A title names its topic in prose, identifiers and paths alike: `PushMessage` is "push message",
`services/notify/models.py` is about models (its folders are shared by unrelated files), and
plurals and gerunds meet their stems. Words that say what kind of work it is ("add", "endpoint",
"tests") are no topic.
"""

from __future__ import annotations

import re
from functools import lru_cache

_WORD = re.compile(r"[a-z][a-z0-9]{2,}")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
# mentions and HTML tags name people and markup; "(Day 3-4)", "(weeks 2-3)" say when, not what
_NOT_TOPIC = re.compile(r"@[\w-]+|</?[a-z][^<>]{0,40}>|\((?:days?|weeks?|sprints?|months?)\s[\d\s,.\u2013-]+\)",
                        re.IGNORECASE)
_PATH = re.compile(r"[\w.{}-]*/[\w./{}-]*")
_GENERIC = frozenset((
    "the", "and", "for", "with", "from", "into", "onto", "that", "this", "all", "new", "add", "create", "implement",
    "update", "write", "build", "make", "set", "setup", "use", "using", "support", "handle", "handling", "test",
    "tests", "testing", "unit", "integration", "verify", "validate", "validation", "document", "documentation",
    "docs", "configure", "configuration", "define", "logic", "service", "api", "endpoint", "endpoints", "data",
    "code", "file", "files", "module", "function", "feature", "features", "component", "page", "flow", "task",
    "step", "phase", "basic", "initial", "final", "full", "core", "main", "each", "via", "run", "existing",
    "add", "remove", "fix", "improve", "ensure", "when", "only", "not", "are", "its", "per", "one", "two",
    # how often or how long: "every 30 minutes" and "kept for 90 days" are no shared topic
    "every", "second", "seconds", "minute", "minutes", "hour", "hours", "day", "days", "week", "weeks",
    # the shape of the work, whatever it is about: two skeletons or two "… management" tasks share no topic
    "skeleton", "scaffold", "stub", "management", "preserve", "keep",
    # path parts and extensions say where code lives, not what it is about
    "src", "lib", "app", "apps", "pkg", "cmd", "internal", "util", "utils", "helpers", "init", "mod",
    "py", "js", "ts", "tsx", "jsx", "rb", "go", "rs", "java", "yml", "yaml", "json", "md", "erb", "html", "css",
))


_PATTERNLESS = frozenset(("the", "a", "an", "of", "to", "in", "on", "for", "and", "with", "from", "add", "create",
                          "implement", "build", "make", "set", "update", "write", "define", "use", "support"))


def topic_words(title: str) -> set[str]:
    """The topic words of a title, stemmed."""
    return {stem(word) for word in title_words(title) if word not in _GENERIC} - _GENERIC


def affinity(one: str, other: str) -> tuple[int, int, int, int]:
    """How closely `one` names what `other` is about: the topic words both share, then those `one` writes as
    `other` does (a doer is not its stem: "the limiter" names `RateLimiter`, not the `rate_limits` table), then
    those `other` writes as an identifier, the thing it introduces, then the kind of work both name ("the import
    service" is the service, not the command). Compared as a tuple, the first decides."""
    exact = _exact(one) & _exact(other)
    kind = (set(title_words(one)) & set(title_words(other))) - _PATTERNLESS
    return len(topic_words(one) & topic_words(other)), len(exact), len(exact & _identified(other)), len(kind)


@lru_cache(maxsize=4096)
def _exact(title: str) -> frozenset[str]:
    """The topic words as written, plurals made singular but doers kept whole."""
    return frozenset(_singular(word) for word in title_words(title) if word not in _GENERIC) - _GENERIC


_IDENTIFIER = re.compile(r"`[^`]+`|\b[A-Za-z][a-z0-9]+(?:[A-Z][a-z0-9]+)+\b|\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")


_NAME = re.compile(r"`[A-Z]\w*`|\b[A-Za-z][a-z0-9]+(?:[A-Z][a-z0-9]+)+\b|\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")


def identifiers(text: str) -> list[frozenset[str]]:
    """The names of types, tables and fields a text writes (`WeatherAlert`, `season_standings`, `Purchase`),
    each as its words, plurals singular: what a schema's detail defines, apart from its prose and paths."""
    found = (frozenset(_singular(word) for word in title_words(match.group(0))) - _GENERIC
             for match in _NAME.finditer(_PATH.sub(" ", text)))
    return list(dict.fromkeys(words for words in found if words))


@lru_cache(maxsize=4096)
def _identified(title: str) -> frozenset[str]:
    """The words of the identifiers a title writes (`RateLimiter`, `rate_limits`): the things it names in code."""
    return frozenset(_singular(word) for match in _IDENTIFIER.finditer(title) for word in title_words(match.group(0)))


# the phrase is looked ahead at, not consumed: "checks the token with the signer" names the signer too
_THE = re.compile(r"\bthe\s+(?=((?:[\w`/{}.'-]+\s*){1,3}))", re.IGNORECASE)
_PHRASE_END = re.compile(r"\s(?:of|on|in|at|to|for|from|with|and|or|as|by|into|onto|via|that|which|who|when|so|is|are|"
                         r"was|be|it|its|per|under|over|after|before|until|then)\b.*|[,;:()].*|['\u2019]s\b.*",
                         re.IGNORECASE)


_MADE = re.compile(r"\W*(?:\d+[.)]\s*)?(?:implement|add|create|build|write|define|introduce|design|develop|make|"
                   r"provision|scaffold|set\s+up)\s+(?=the\b)", re.IGNORECASE)


def references(title: str) -> list[tuple[str, frozenset[str]]]:
    """The things a title refers back to with "the": "calls the limiter on every request" names the limiter,
    "using the minter's checksum" the minter, each as the words of its noun phrase (as written, plurals
    singular), with the phrase as written. What the title's own verb makes ("Implement the label service")
    is no reference: the task introduces it."""
    made = _MADE.match(title)  # "Implement the label service" makes the label service: no reference
    phrases = (_PHRASE_END.sub("", match.group(1)).strip() for match in _THE.finditer(title)
               if made is None or match.start() != made.end())
    found = [(phrase.replace("`", "").rstrip("."), _exact(phrase)) for phrase in phrases]
    return [(phrase, words) for phrase, words in found if words]


def written(title: str) -> frozenset[str]:
    """The topic words of a title as written (plurals singular, doers whole)."""
    return _exact(title)


@lru_cache(maxsize=4096)
def spelled(title: str) -> frozenset[str]:
    """Every word of a title but the articles and prepositions, plurals singular: "the label service" names
    the service, not the label bucket."""
    return frozenset(_singular(word) for word in title_words(title)) - _PATTERNLESS


def title_words(title: str) -> list[str]:
    """The words of a title as written. Mentions and HTML tags name people and markup, not the work; an
    identifier is read as its words (`PushMessage`, `device_tokens`), so a later task saying "push message"
    or "device tokens" names it."""
    text = _PATH.sub(_path_topic, _NOT_TOPIC.sub(" ", title))
    return _WORD.findall(_CAMEL.sub(" ", text).lower())


_ENTRY_FILES = frozenset(("index", "init", "mod", "main", "lib"))


def _path_topic(match: re.Match[str]) -> str:
    """A file path is about its file ("services/notify/models.py" is about models): the folders it sits in
    are shared by unrelated files. A route ("/v1/devices/{id}") is about every part of it."""
    path = match.group(0)
    parts = [part for part in path.split("/") if part and not part.startswith("{")]
    if not parts or not (path.endswith("/") or "." in parts[-1]):
        return path
    name = parts[-1].split(".", 1)[0]
    if name.strip("_") in _ENTRY_FILES and len(parts) > 1:
        return parts[-2]  # "search/index.ts" is the search module's entry point: about search
    return name


def shown(stems: set[str], title: str) -> str:
    """The words of `title` behind the shared stems, as written ("users table", not "user, table")."""
    words = [word for word in title_words(title) if stem(word) in stems]
    return " ".join(dict.fromkeys(words))


def stem(word: str) -> str:
    """A plural, a gerund or a doer as its stem ("devices" and "device", "caching" and "cache", "dispatcher"
    and "dispatch": the task that builds the dispatcher and the one that invokes the dispatch share a topic)."""
    word = _singular(word)
    if word.endswith("er") and len(word) >= 7 and word[:-2].endswith(_DOER_ROOTS):
        return word[:-2]
    return word


_DOER_ROOTS = ("ch", "sh", "rt", "nd", "nt", "st", "pt", "it")  # dispatch-er, export-er, adapt-er, limit-er


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "ches", "shes", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    if word.endswith("ing") and len(word) >= 7:
        return word[:-3]
    return word


def siblings(one: str, other: str) -> bool:
    """Titles written on one pattern, differing in a short middle: the same words open and close both
    ("Implement … API key endpoint", "… API client") around a different name."""
    a, b = _shape(one), _shape(other)
    prefix = _common_start(a, b)
    suffix = _common_start(a[prefix:][::-1], b[prefix:][::-1])
    middles = (len(a) - prefix - suffix, len(b) - prefix - suffix)
    shared = {*a[:prefix], *a[len(a) - suffix:]}
    # "Add the …" alone is no pattern: the words around the names must say what both are
    return prefix + suffix >= 2 and all(0 < middle <= 3 for middle in middles) and not shared <= _PATTERNLESS


@lru_cache(maxsize=4096)
def _shape(title: str) -> tuple[str, ...]:
    return tuple(stem(word) for word in title_words(title))


def _common_start(a: tuple[str, ...], b: tuple[str, ...]) -> int:
    count = 0
    while count < min(len(a), len(b)) and a[count] == b[count]:
        count += 1
    return count


