"""Order said in words inside a task's line: "— blocked on the schema", "(needs the Stripe prices)",
"; it needs the queue and the IAM role from the infra list", ", once the reviews table exists", ", built on
the same endpoints", "(after the room schema)".

Plans grouped by area or by week say what a line waits on in a clause after it, naming the other task
by a few of its words. The clause is taken out of the title and its noun phrase kept as a reference,
resolved against the plan's titles like any other. Only a clause set off from the title (a bracket,
a dash, a semicolon or a comma) and naming a thing ("the …", "a …") counts: "Needs review" names no task.
"""

from __future__ import annotations

import re

_SET_OFF = r"(?:\(|(?<=[;,\u2014\u2013]\s)|(?<=\s-\s))"
_SPOKEN = re.compile(
    _SET_OFF + r"\s*(?:(?:it|this|which)\s+)?(?:needs|requires|(?:is\s+)?blocked\s+on|waits\s+(?:on|for)"
    r"|(?:built|based)\s+on(?:\s+top\s+of)?)\s+"
    r"(?P<ref>(?:the|an?)\s[^()\n;]{1,200}?)\s*(?:\)|(?=[.;]\s|[.;]?$))"
    r"|\(\s*after\s+(?P<after>(?:the|an?)\s[^()\n]{1,200}?)\s*\)"  # "(after the room schema)"
    r"|" + _SET_OFF + r"\s*once\s+(?P<once>(?:the|an?)\s[^()\n,;.]{1,80}?)\s+(?:exists?|is\s+in\s+place|lands"
    r"|has\s+landed|is\s+(?:done|ready|merged|live|built|deployed|available))\b\)?",
    re.IGNORECASE,
)


def spoken_dependencies(text: str) -> tuple[str, list[str]]:
    """The line without its "needs the …" / "once the … exists" clauses, and the things they name."""
    refs = [(match.group("ref") or match.group("after") or match.group("once")).strip()
            for match in _SPOKEN.finditer(text)]
    return (_SPOKEN.sub(" ", text), refs) if refs else (text, refs)
