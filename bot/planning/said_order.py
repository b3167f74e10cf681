"""Order said in the prose under a task, naming the other task by what it makes: "Uses the hold client from the
card holds task", "Builds on the capture work", "Only after the ledger table exists", "consumes the requests from
the form", "sent when the allocator finishes", "same as the bank file, but as a PDF", "wire them into the new
service", and from the other side: "The allocator and the consumer both need it".

Such a sentence names a thing with "the"; the thing is one task's work when that task's title (or a table its
detail names in code) holds all the thing's words. A word for the kind of thing ("table", "bucket", "client")
may instead be said by the task's kind of work or its detail: "the ledger table" is the schema task about the
ledger, "the bucket" the one piece of infrastructure that is a bucket. A thing that matches no task, or several
equally, names nothing: a false order blocks work, so nothing is guessed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.planning.layout_order import CHECKING, Inferred, short
from bot.planning.topics import identifiers, stem, title_words

# a thing's phrase runs to the end of its clause: an "and" before anything but another thing starts a new one
# ("writes to the harvest table and calls the client")
_THING = r"(?:the|its|their)\s(?:(?!\s(?:and|or|but|then)\s(?!(?:the|its|their|for)\s))[^.;:()\n,\u2014]){1,150}"
# This task uses the thing: "calls the …", "writes to the …", "builds on the …", "same idea as the …"
_USES = re.compile(
    r"\b(?:uses?|using|calls?|asks?|reads?|consumes?|extends?|wraps?|polls?|queries|talks\s+to|subscribes\s+to"
    r"|listens\s+to|builds?\s+on|built\s+on|based\s+on|on\s+top\s+of|needs?|requires?|waits?\s+(?:for|on)"
    r"|(?:writes?|stores?|saves?|records?|keeps?|inserts?|uploads?|posts?|publish(?:es)?|sends?|goes|go|puts?)"
    r"\s+(?:[\w-]+\s+){0,4}?(?:in|into|to|onto)|(?:held|kept|stored|listed|recorded|saved)\s+in"
    r"|(?:wire|plug|hook|mount|register)\w*\s+(?:[\w-]+\s+){0,2}?into|same\s+(?:idea\s+|thing\s+)?as"
    r"|(?:layout|version|variant|copy|mode)\s+of"
    r"|(?<!\bmoved)(?<!\bmigrated)(?<!\bremoved)(?<!\bseparated)(?<!\bdecoupled)(?<!\bdetached)(?<!\bisolated)"
    r"(?:(?<=ed)|(?<=\bbuilt)|(?<=\bread)|(?<=\bmade)|(?<=\bdrawn)|(?<=\btaken)|(?<=\bwritten))"
    r"\s+(?:[\w-]+\s+){0,5}?from)\s+(?P<thing>" + _THING + ")",
    re.IGNORECASE,
)
# … once the thing is there: "once the schema migration has run", "as soon as the find register is in"
_DONE = (r"(?:(?:is|are|has\s+been|have\s+been)\s+(?:in|in\s+place|done|ready|merged|live|built|deployed"
         r"|provisioned|available|there|finished|shipped|released)|exists?|lands?|has\s+landed|ha(?:s|ve)\s+run"
         r"|finish(?:es)?)\b")
_ONCE = re.compile(
    r"\b(?:after|once|as\s+soon\s+as|when)\s+(?P<thing>the\s[^.;:()\n,\u2014]{1,160}?)\s+" + _DONE
    + r"(?P<more>(?:\s+and\s+the\s[^.;:()\n,\u2014]{1,80}?\s+" + _DONE + r")*)"
    r"|\b(?:after|once|when)\s+(?P<tests>the\s(?:[\w-]+\s){0,3}?tests)\s+pass",  # "once the tests pass"
    re.IGNORECASE,
)
_MORE = re.compile(r"\bthe\s(.+?)\s+" + _DONE, re.IGNORECASE)
# … or what another task makes: "the entries the form creates", "the lane allocator below publishes …"
_MADE_BY = re.compile(r"\bthe\s(?P<thing>[\w' -]{1,60}?)\s+(?:below\s+|above\s+)?"
                      r"(?:publish(?:es)?|writes|emits|produces|creates|computes|generates)\b", re.IGNORECASE)
# … or its output: "from the payout run's results", "reuses the matcher's output"
_OUTPUT = re.compile(r"\bthe\s(?P<thing>[\w -]{1,40}?)['\u2019]s\s+(?:results?|outputs?|totals?|figures|data|events"
                     r"|messages|rows|records|files?|reports?|forecasts?|counts?)\b", re.IGNORECASE)
# … or everything before it: "once everything above has been merged", "after all of the above"
_EVERYTHING = re.compile(r"\b(?:after|once|when|until|needs?|requires?)\s+(?:[^.;:]{0,80}?\sand\s+)?"
                         r"(?:everything(?:\s+else)?\s+(?:above|before)|all\s+(?:of\s+)?the\s+above)\b",
                         re.IGNORECASE)
# Another task uses this one: "The allocator and the consumer both need it"
_USED_BY = re.compile(
    r"\b(?P<things>the\s[^.;:()\n,\u2014]{1,80}?)\s+(?:both\s+|all\s+|also\s+)?(?:needs?|uses?|reads?|calls?"
    r"|consumes?|depends?\s+on|runs?\s+on|(?:writes?|uploads?|publish(?:es)?)\s+(?:in)?to)\s+(?:it|them)\b",
    re.IGNORECASE,
)
# the things a phrase lists ("the allocator and the consumer", "the entries the form creates", "the weather
# client's forecasts")
_PARTS = re.compile(r"(\s+(?:and|or)\s+(?:for\s+)?|['\u2019]s\s+|\s+(?=(?:the|its|their)\s))", re.IGNORECASE)
# a thing placed by a preposition is no part of the list ("the scoreboard page for the TV above the track"),
# except the source it comes from ("the hold client from the card holds task", "the output of the matcher")
_PLACING = frozenset(("for", "with", "above", "below", "over", "under", "in", "on", "at", "to", "into", "onto",
                      "by", "near", "across", "along", "around", "through", "via", "about", "against", "between",
                      "per", "after", "before", "during", "until", "than", "like", "beside", "behind", "within"))
# where a thing's name ends: "the payout calculator over the month's lines", "the bucket is provisioned", and a
# title's: "Accessibility pass on the solver" is a pass, not the solver
_ENDS = re.compile(r"\s(?:from|for|with|into|over|per|on|in|at|to|by|before|after|which|that|when|once|until|is|are"
                   r"|was|were|has|have|had|exists?|lands?|but|then|while|because|it|them)\b", re.IGNORECASE)
_FILLER = frozenset(("the", "its", "their", "our", "same", "new", "whole", "task", "step", "item", "work", "code",
                     "bit", "part", "piece", "thing", "one", "each", "every", "this", "these", "those", "above",
                     "below", "earlier", "previous", "first", "last"))
# a thing already there is no task of the plan: "the existing till webhook", "the current importer"
_THERE_ALREADY = frozenset(("existing", "current", "old", "legacy", "today"))
# Words for a kind of thing, which a task's kind of work or its detail may say instead of its title
_KINDS = {"table": "datatypes", "schema": "datatypes", "model": "datatypes", "migration": "datatypes",
          "row": "datatypes", "record": "datatypes", "bucket": "cloud-primitives", "queue": "cloud-primitives",
          "topic": "cloud-primitives", "stream": "cloud-primitives", "client": "", "module": "", "service": "",
          "worker": "", "job": "", "endpoint": "", "api": "", "page": "", "screen": "", "form": "", "app": ""}
_MAX_WORDS = 6
_PREFERENCES = 4  # the tests `_Names._preferred` makes
_HEAD_WORDS = 4
_READ = 3000  # how much of a task's detail is read for what it uses
_MAX_THINGS = 24  # … and how many things it may name there
_DETAIL = 300  # how much of a task's detail says what kind of thing it makes ("A small client around …")


def said_order(keys: Sequence[str], titles: Sequence[str], texts: Sequence[str], details: Sequence[str],
               agents: Sequence[str], dropped: Sequence[bool]) -> list[Inferred]:
    """The order each task's words (`texts`, its `prose`) state by naming what another task makes; a task is
    named by its title, not by the detail written beside it. None on dropped work, which is never done."""
    names = _Names(titles, details, agents, dropped)
    found: dict[tuple[int, int], str] = {}
    for index, text in enumerate(texts):
        for thing in _things_used(text)[:_MAX_THINGS]:
            for other, part in names.tasks(thing, index):
                found.setdefault((index, other), f"it says it uses the {part}")
        for match in _USED_BY.finditer(text):
            for user, part in names.tasks(match.group("things"), index):
                found.setdefault((user, index), f"it is the {part} that “{short(titles[index])}” says uses it")
    return [Inferred(keys[task], keys[after], reason)
            for (task, after), reason in found.items() if not _data_on_code(agents[task], agents[after])]


def _data_on_code(agent: str, other: str) -> bool:
    """Data never waits on the code or the infrastructure that uses it."""
    return agent == "datatypes" and other in ("feature-implementation", "cloud-primitives")


_BREAK = re.compile(r"\n\s*\n|\n\s*(?:[-*+]|\d{1,3}[.)])\s")


def prose(lines: Sequence[str], details: Sequence[str]) -> list[str]:
    """What each task says, on one line: its whole line (`lines`) and the start of its detail."""
    return [_sentences(f"{line}\n\n{detail[:_READ]}") for line, detail in zip(lines, details, strict=True)]


def after_everything(texts: Sequence[str]) -> list[bool]:
    """Whether each task's `prose` says it comes after everything before it ("once everything above has been
    merged")."""
    return [_EVERYTHING.search(text) is not None for text in texts]


def _sentences(text: str) -> str:
    """The text on one line: a sentence wrapped onto the next line is one, while a paragraph or list item
    ends where the next begins, as a full stop would end it."""
    return " ".join(_BREAK.sub(" ; ", text).split())


def _things_used(text: str) -> list[str]:
    """Each thing the text says it uses; not what it says it does not need ("does not need the public map")."""
    found = [match.group("thing") for match in _USES.finditer(text) if not _denied(text, match.start())]
    for match in _ONCE.finditer(text):
        found += [match.group("thing") or match.group("tests"), *_MORE.findall(match.group("more") or "")]
    return found + [match.group("thing") for pattern in (_MADE_BY, _OUTPUT) for match in pattern.finditer(text)]


_NEGATION = re.compile(r"(?:\bnot|n[\'\u2019]t|\bnever|\bno\s+longer|\bwithout)\s+$", re.IGNORECASE)


def _denied(text: str, start: int) -> bool:
    return _NEGATION.search(text[max(start - 20, 0):start]) is not None


class _Names:
    """What each task makes, by the words its title, its identifiers and its kind of work say."""

    def __init__(self, titles: Sequence[str], details: Sequence[str], agents: Sequence[str],
                 dropped: Sequence[bool]) -> None:
        self.titles = [_name(title) for title in titles]
        self.heads = [set(words[:_HEAD_WORDS]) for words in self.titles]
        named = [{word for name in identifiers(detail) for word in name} for detail in details]
        self.words = [set(words) | extra for words, extra in zip(self.titles, named, strict=True)]
        self.having: dict[str, set[int]] = {}  # the tasks each word names, so a thing is looked up, not searched
        for task, words in enumerate(self.words):
            for word in words:
                self.having.setdefault(word, set()).add(task)
        self.detail = [{stem(word) for word in title_words(detail[:_DETAIL])} for detail in details]
        self.agents = agents
        self.doing: dict[str, set[int]] = {}  # the tasks of each kind of work
        for task, agent in enumerate(agents):
            self.doing.setdefault(agent, set()).add(task)
        self.dropped = dropped

    def tasks(self, thing: str, own: int) -> list[tuple[int, str]]:
        """The tasks a thing names, each part of it ("the allocator and the consumer") on its own, with the
        words that named each."""
        found: dict[int, str] = {}
        for part, clause in _listed(thing):
            words, shown = _name(part), _name(part, as_written=True)
            if not words or len(words) > _MAX_WORDS or _THERE_ALREADY & set(words):
                continue
            task = self._named(words, own)
            if task is None and clause and len(words) > 1:
                words, shown = words[:-1], shown[:-1]  # "the entries the form creates": the verb closes the name
                task = self._named(words, own)
            if task is not None:
                found.setdefault(task, " ".join(shown))
        return list(found.items())

    def _named(self, words: list[str], own: int) -> int | None:
        """The one task a thing's words name; of several, the one `_preferred` picks out, else none."""
        topic = {word for word in words if word not in _KINDS}
        kinds = {word for word in words if word in _KINDS}
        pool = set.intersection(*(self.having.get(word, set()) for word in topic) if topic else
                                (self.having.get(kind, set()) | self.doing.get(_KINDS[kind], set()) for kind in kinds))
        hits = [j for j in sorted(pool) if j != own and not self.dropped[j]
                and all(self._is_kind(j, kind, bool(topic)) for kind in kinds)]
        for test in range(_PREFERENCES):
            if len(hits) > 1:
                hits = [j for j in hits if self._preferred(j, words, topic)[test]] or hits
        return hits[0] if len(hits) == 1 else None

    def _preferred(self, task: int, words: list[str], topic: set[str]) -> tuple[bool, bool, bool, bool]:
        """What makes a task the one a thing's words name, most telling first: it is no test (a line uses what
        tests check, unless it names tests), its title opens with them ("Payout calculator"), its short title
        ends with them ("Monthly payout run"), its first words hold them."""
        title = self.titles[task]
        return ("test" in words or self.agents[task] not in CHECKING, title[:len(words)] == words,
                len(title) <= _MAX_WORDS and title[-len(words):] == words, bool(topic) and topic <= self.heads[task])

    def _is_kind(self, task: int, kind: str, named: bool) -> bool:
        """Whether a task makes that kind of thing: its title says so, its kind of work does ("the bucket" is
        infrastructure), or, for a thing also named by its topic, its detail does ("A small client around …")."""
        return kind in self.titles[task] or self.agents[task] == _KINDS[kind] or (named and kind in self.detail[task])


def _listed(thing: str) -> list[tuple[str, bool]]:
    """The things a phrase lists, up to the first one a preposition places, each with whether a verb may
    close its name: a thing named right after another is a clause about it ("the entries the form creates")."""
    pieces = _PARTS.split(thing)
    parts = [(part, bool(joint) and not joint.strip().lower().startswith(("and", "or", "'", "\u2019")))
             for joint, part in zip(["", *pieces[1::2]], pieces[::2], strict=True) if part.strip()]
    for number, (part, _) in enumerate(parts[:-1]):
        if part.split()[-1].lower() in _PLACING:
            return parts[: number + 1]
    return parts


def _name(part: str, as_written: bool = False) -> list[str]:
    """A thing's name as its words (stemmed, unless `as_written`): up to the first word that ends it, without
    the words that name no task. A title is named the same way: "Athena table over the archive bucket" is a
    table, not the bucket it reads."""
    words = title_words(_ENDS.split(part, maxsplit=1)[0])
    return [word if as_written else stem(word) for word in words if word not in _FILLER]
