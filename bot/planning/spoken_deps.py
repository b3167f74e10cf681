"""Order said in words inside a task's line: "— blocked on the schema", "(needs the Stripe prices)",
"; it needs the queue and the IAM role from the infra list", ", once the reviews table exists", ", built on
the same endpoints", "(after the room schema)".

Plans grouped by area or by week say what a line waits on in a clause after it, naming the other task
by a few of its words. The clause is taken out of the title and its noun phrase kept as a reference,
resolved against the plan's titles like any other. Only a clause set off from the title (a bracket,
a dash, a semicolon or a comma) and naming a thing ("the …", "a …") counts: "Needs review" names no task.
An aside may join several ("(do after the migration and once the broker exists)", "(only once the broker is
provisioned)"): each part naming a thing after such a word is one reference.
"""

from __future__ import annotations

import re

# … or a sentence of its own (". Wait the …"), after a word, never after a sub-point's "i." or "a."
_SENTENCE = r"(?:(?<=[a-z]{3}[.!]\s)|(?<=[\d)\"'\u201d][.!]\s))"
_SET_OFF = r"(?:\(|(?<=[;,\u2014\u2013]\s)|(?<=\s-\s)|" + _SENTENCE + ")"
_SPOKEN = re.compile(
    _SET_OFF + r"\s*(?:(?:it|this|which)\s+)?(?:needs|requires|(?:is\s+)?blocked\s+on|waits?(?:\s+(?:on|for))?"
    r"|(?:built|based)\s+on(?:\s+top\s+of)?)\s+"
    r"(?P<ref>(?:the|an?)\s[^()\n;]{1,200}?)\s*(?:\)|(?=[.;]\s|[.;]?$))"
    r"|\(\s*after\s+(?P<after>(?:the|an?)\s[^()\n]{1,200}?)\s*\)"  # "(after the room schema)"
    r"|" + _SET_OFF + r"\s*once\s+(?P<once>(?:the|an?)\s[^()\n,;.]{1,80}?)\s+(?:exists?|is\s+in\s+place|lands"
    r"|has\s+landed|is\s+(?:done|ready|merged|live|built|deployed|available))\b\)?"
    # a sentence of its own: "I'll do this after the API change lands."
    r"|" + _SENTENCE + r"(?:[\w'\u2019]+\s+){1,4}?after\s+(?P<lands>(?:the|an?)\s[^()\n,;.]{1,80}?)\s+"
    r"(?:lands|has\s+landed|is\s+(?:done|merged|live|in))\b",
    re.IGNORECASE,
)


# An aside of order: "(do after the migration and once the broker exists)", "(only once the broker is provisioned)"
_ASIDE = re.compile(r"\(\s*(?:(?:do|only|but|and|start|run|build)\s+)?(?:after|once|when)\s+(?:the|an?)\s"
                    r"[^()\n]{1,200}\)", re.IGNORECASE)
_CLAUSE = re.compile(r"^(?:(?:do|only|but|and|start|run|build)\s+)?(?:after|once|when|needs|requires)\s+"
                     r"(?P<thing>(?:the|an?)\s.+?)(?:\s+(?:exists?|lands|has\s+landed|is\s+in(?:\s+place)?"
                     r"|(?:is|are)\s+(?:done|ready|merged|live|built|deployed|available|up|\w+ed)))?$",
                     re.IGNORECASE)
_PARTS = re.compile(r"\s*(?:,|;|\band\b)\s*")
# "wait for the schema and for the accounts to land": the things, without the repeated "for" and the arrival
_ARRIVAL = re.compile(r"\s+to\s+(?:land|exist|be\s+(?:done|ready|merged|live|built|deployed|in(?:\s+place)?))$"
                      r"|(?<=\band)\s+for(?=\s)", re.IGNORECASE)


def spoken_dependencies(text: str) -> tuple[str, list[str]]:
    """The line without its "needs the …" / "once the … exists" clauses, and the things they name."""
    refs = [_ARRIVAL.sub("", match.group("ref") or match.group("after") or match.group("once")
                         or match.group("lands")).strip() for match in _SPOKEN.finditer(text)]
    if refs:
        return _SPOKEN.sub(" ", text), refs
    refs = [thing for match in _ASIDE.finditer(text) for thing in _things(match.group(0)[1:-1])]
    return (_ASIDE.sub(" ", text), refs) if refs else (text, refs)


def _things(aside: str) -> list[str]:
    """The things each part of an aside of order names."""
    matches = [_CLAUSE.match(part) for part in _PARTS.split(aside.strip())]
    return [match.group("thing").strip() for match in matches if match]
