"""The phrases people use inside one line of a plan: agent tags, dependencies, labels, numbering.

These work on the plain text of a single inline element that markdown-it-py has already isolated
(a heading, a list item's first paragraph), never on the raw document, so Markdown structure is
markdown-it's job and these regexes only see one short line.
"""

from __future__ import annotations

import re
from enum import StrEnum

from bot.domain import RoleSet
from bot.planning.priorities import priority_title, ranks_or_places
from bot.planning.spoken_deps import spoken_dependencies


class Field(StrEnum):
    """Which part of a task a labelled line or list fills."""

    ACCEPTANCE = "acceptance"
    DELIVERABLES = "deliverables"
    CONSTRAINTS = "constraints"
    DEPENDS = "depends"
    AGENT = "agent"
    STATUS = "status"
    DESCRIPTION = "description"


_LABELS: dict[Field, tuple[str, ...]] = {
    Field.ACCEPTANCE: (
        "acceptance criteria", "acceptance", "ac", "criteria", "done when", "definition of done", "dod",
        "success criteria", "exit criteria", "exit", "verification", "verify", "tests", "test", "expected",
        "expected result", "expected outcome",
    ),
    Field.DELIVERABLES: (
        "deliverables", "deliverable", "outputs", "output", "artifacts", "artefacts", "produces", "files",
        "files to create", "files to modify", "files to change", "create", "modify",
    ),
    Field.CONSTRAINTS: (
        "constraints", "constraint", "non-functional requirements", "nfrs", "guardrails", "restrictions",
        "limitations",
    ),
    Field.DEPENDS: (
        "depends on", "dependencies", "dependency", "after", "requires", "prerequisites", "prereqs",
        "blocked by", "needs", "depends", "prerequisite", "prereq",
    ),
    Field.AGENT: ("agent", "owner", "role", "assignee"),
    Field.STATUS: ("status",),
    Field.DESCRIPTION: ("description", "details", "notes", "note", "context", "scope", "what", "why"),
}
_LABEL_OF = {label: kind for kind, labels in _LABELS.items() for label in labels}
_LABEL_RE = re.compile(
    r"^\s*(" + "|".join(sorted(map(re.escape, _LABEL_OF), key=len, reverse=True))
    + r")\s*(?:[:\uff1a]\s*|$)(.*)$",
    re.IGNORECASE | re.DOTALL,
)
_BARE_DEPENDS = re.compile(r"^\s*(?:(?:is|are)\s+)?(depends on|blocked by)\s+(.+)$", re.IGNORECASE | re.DOTALL)

_REF_LIST = r"(?:(?:tasks?|steps?|items?)\s*#?|#)\d+(?:\s*(?:,|and|&|or)\s*(?:(?:tasks?|steps?)\s*)?#?\d+)*"
_BARE_LIST = r"\d{1,4}(?:\s*(?:,|and|&)\s*\d{1,4}){0,20}"
_DEPENDENCY = re.compile(
    r"\(?\s*\b(?:"
    r"(?:depends?|depending|dependent)\s+on\s*:?|blocked\s+by\s*:?"  # strong: anything may follow
    r"|(?:after|requires?|needs?|depends|prereq(?:uisite)?s?)\s*:"  # weak words need a colon…
    r"|(?:after|requires?|needs?)\s+(?=" + _REF_LIST + r"\b)"  # …or a numbered reference
    r"|(?<=\()(?:after|requires?|needs?)\s+(?=" + _BARE_LIST + r"\s*\))"  # …or be all of "(after 3, 4)"
    r"|(?<=[\u2014\u2013] )(?:after|requires|needs)\s+(?:the\s+)?(?=[\w`])"  # …or end the line: "— after the planner"
    r")\s*([^()\n]*?)\s*(?:\)|(?=\.\s|\.?$|\n|\())",
    re.IGNORECASE,
)
_MAX_LINE = 2000  # one inline element, as the reader cuts it
_REF_SPLIT = re.compile(r"[,;&]|\band\b", re.IGNORECASE)  # parts are stripped after: linear on any spacing
_NUMBER_REF = re.compile(
    r"^(?:(?:tasks?|steps?|items?|phases?|stages?|(?:task\s)?groups?|stor(?:y|ies))\s*)?#?"
    r"([A-Za-z]?\d{1,6}(?:\.\d{1,4}){0,3}[a-z]?)$",
    re.IGNORECASE,
)

_NUMBERING = re.compile(
    r"^\s*(?:(?:task|step)\s*(?:#?(\d{1,4})\s*(?:[.):\uff1a—\u2013-]\s*|\s+)|[:\uff1a—\u2013-]\s*)|(\d{1,4})(?:[.)]|\s*[:\uff1a—\u2013-])\s+)",
    re.IGNORECASE,
)
_CHECKBOX = re.compile(r"^\s*\[[ xX]\]\s+")
_BRACKET_TAG = re.compile(r"\[(?:(?:agent|owner|role)\s*[:=]\s*)?([A-Za-z][\w :-]{0,39})\](?!\()", re.I)
_PAREN_TAG = re.compile(r"\(\s*(?:agent|owner|role)\s*[:=]\s*([^()]{1,40}?)\s*\)", re.IGNORECASE)
_TRAILING_TAG = re.compile(r"(?:^|\s)[-—\u2013]?\s*\b(?:agent|owner)\s*:\s*([a-z][\w-]{0,39})\s*$", re.I)
_AT_TAG = re.compile(r"(?<![\w@])@([A-Za-z][\w-]{0,39})")
_SEPARATORS = (": ", " — ", " \u2013 ", " - ")
_COMPACT = re.compile(r"[^a-z0-9]+")


class RoleNames:
    """Recognises the names people use for an agent role: slug, label, display name, or a prefix."""

    def __init__(self, roles: RoleSet) -> None:
        self._exact: dict[str, str] = {}
        for role in roles.roles:
            for name in (role.slug, role.label, role.display_name, role.label.removeprefix("agent:")):
                self._exact.setdefault(_compact(name), role.slug)
        self._slugs = [role.slug for role in roles.roles]

    def resolve(self, name: str, *, loose: bool = True) -> str | None:
        """The role slug `name` refers to; `loose` also accepts a unique prefix of 4+ characters."""
        compact = _compact(name)
        if compact in self._exact or not loose or len(compact) < 4:
            return self._exact.get(compact)
        matches = {slug for text, slug in self._exact.items() if text.startswith(compact)}
        return matches.pop() if len(matches) == 1 else None


def _compact(text: str) -> str:
    return _COMPACT.sub("", text.lower())


def field_label(text: str) -> tuple[Field, str] | None:
    """(field, rest of the line) when `text` starts with a label such as "Acceptance criteria:"."""
    match = _LABEL_RE.match(text) or _BARE_DEPENDS.match(text)
    if match is None:
        return None
    return _LABEL_OF[" ".join(match.group(1).lower().split())], match.group(2).strip()


def strip_checkbox(text: str) -> str:
    return _CHECKBOX.sub("", text, count=1)


def take_numbering(text: str) -> tuple[str, int | None]:
    """("Login", 3) from "Task 3: Login" or "3. Login"; the plan's own numbering of a task."""
    match = _NUMBERING.match(text)
    if match is None or not text[match.end() :].strip():
        return text, None
    number = match.group(1) or match.group(2)
    return text[match.end() :], int(number) if number else None


def take_agent(text: str, names: RoleNames) -> tuple[str, str | None]:
    """The text without its agent tag, and the tag as written (known role or not).

    `[name]` and `@name` count only when they name a role, since `[WIP]` and `@alice` are common;
    `(agent: name)` and a trailing `agent: name` are explicit and kept even when unknown.
    """
    patterns = ((_PAREN_TAG, False), (_TRAILING_TAG, False), (_BRACKET_TAG, True), (_AT_TAG, True))
    for pattern, strict in patterns:
        for match in pattern.finditer(text):
            tag = match.group(1).strip()
            if strict and names.resolve(tag, loose=pattern is _BRACKET_TAG) is None:
                continue
            return _squeeze(text[: match.start()] + " " + text[match.end() :]), tag
    return text, None


def take_dependencies(text: str) -> tuple[str, list[str]]:
    """The text without its dependency phrases, and the references they name.

    Whitespace is folded and the line capped first: the phrase pattern's lazy reference scan is
    linear only when runs of spaces cannot multiply its ways to match.
    """
    text = " ".join(text[:_MAX_LINE].split())
    refs: list[str] = []
    for match in _DEPENDENCY.finditer(text):
        ref = clean_ref(match.group(1))
        if ref:
            refs.append(ref)
    text, spoken = spoken_dependencies(_DEPENDENCY.sub(" ", text) if refs else text)
    refs += spoken
    return (_squeeze(text), refs) if refs else (text, refs)


def clean_ref(text: str) -> str | None:
    """A reference as written, trimmed; None for "none", "n/a" and the like."""
    cleaned = text.strip().strip(".").strip()
    return None if not cleaned or cleaned.lower() in ("none", "nothing", "n/a", "-", "\u2014", "\u2013") else cleaned


def split_refs(text: str) -> list[str]:
    """The parts of a reference list such as "#1, #2 and Schema"."""
    return [part.strip() for part in _REF_SPLIT.split(text) if part.strip()]


def ref_number(ref: str) -> str | None:
    """"3" for "#3", "3", "task 3" or "phase 3"; "1.2" for "step 1.2"; None for a reference by name."""
    match = _NUMBER_REF.match(ref.strip()[:40])
    return match.group(1).lower() if match else None


def split_title(text: str, bold_prefix: str | None = None) -> tuple[str, str]:
    """(title, description) of a one-line task: "**Title** rest", "Title: rest", "Title — rest"."""
    text = text.strip()
    head, found, rest = text.partition(":")
    if found and rest.strip() and priority_title(head.strip("*_ ")):
        return split_title(rest.strip(" *_"))  # "**Must:** Booking page": the rank is no part of the title
    if bold_prefix and text.startswith(bold_prefix) and len(bold_prefix) <= 120:
        rest = text[len(bold_prefix) :].lstrip(" .:\uff1a—\u2013-").strip()
        label = bold_prefix.strip().rstrip(":\uff1a")
        colon = label != bold_prefix.strip() or text[len(bold_prefix) :].lstrip().startswith((":", "\uff1a"))
        if not (colon and (_area_label(label, rest) or ranks_or_places(label))):
            return label, rest  # "**Retry worker.** Add …" is a title; "**Schema:** add …" an area label
    for separator in _SEPARATORS:
        head, found, rest = text.partition(separator)
        if head.count("(") > head.count(")"):
            continue  # "Title (dropped: no longer needed)": a colon inside an aside splits nothing
        if found and rest.strip() and 0 < len(head) <= 80 and len(head.split()) <= 10:
            if _area_label(head, rest) or ranks_or_places(head):
                break  # "Schema: add the `holds` table": the work is the title, its area kept before it
            return head.strip(), rest.strip()
    if len(text) <= 120:
        return text, ""
    sentence = text.split(". ", 1)[0]
    return (sentence if len(sentence) <= 120 else text[:100].rsplit(" ", 1)[0] + "…"), text


def _area_label(head: str, rest: str) -> bool:
    """Whether `head` only names the area the work after it belongs to ("Schema", "Payment flow"): one or two
    words, then an instruction. "Login endpoint: returns a JWT" describes its title, so it stays a split."""
    words = rest.lower().replace("`", "").split()
    if not 1 <= len(head.split()) <= 2 or not words:
        return False
    described = words[0].endswith("s") and not words[0].endswith("ss")  # "returns", "stores": not an order
    return not described and opens_with_verb(words[:3])


def _squeeze(text: str) -> str:
    """Spaces folded, none before a comma where a phrase was taken out ("first (…), then" -> "first, then")."""
    return re.sub(r"\s+(?=[,;])", "", " ".join(text.split())).strip(" ,;.—\u2013-")


_IMPERATIVE = frozenset((
    "add", "build", "create", "define", "implement", "write", "set", "setup", "configure", "deploy",
    "provision", "design", "migrate", "expose", "wire", "integrate", "test", "validate", "verify",
    "document", "update", "remove", "refactor", "introduce", "publish", "run", "enable", "store",
    "generate", "model", "extend", "ship", "release", "roll", "make", "hook", "connect", "register", "emit",
    "send", "schedule", "backfill", "instrument", "monitor", "seed", "scaffold", "bootstrap",
    "containerize", "containerise", "dockerize", "dockerise", "package", "cache", "encrypt", "audit",
    "draft", "replace", "rename", "split", "merge", "move", "port", "install", "upgrade", "wrap", "persist",
    "parse", "serialize", "serialise", "index", "load", "ingest", "export", "import", "collect",
    "aggregate", "compute", "calculate", "notify", "stand", "spin", "cut", "tag", "benchmark",
    "support", "handle", "fix", "freeze", "maintain", "prepare",
))
# Verbs that open task titles beyond those that mark a list as instructions
_VERBS = frozenset((
    "mock", "stub", "evaluate", "keep", "preserve", "collapse", "decide", "mandate", "use", "treat", "guard",
    "invoke", "apply", "deduplicate", "rewrite", "show", "allow", "switch", "review", "clarify", "confirm",
    "measure", "check", "ensure", "enforce", "reproduce", "investigate", "explore", "delete", "purge", "revoke",
    "rotate", "record", "convert", "sanitize", "authenticate", "authorize", "grant", "assign", "invite", "approve",
    "attach", "upload", "download", "refresh", "invalidate", "disable", "hide", "restore", "replay", "extract",
    "simplify", "finalize", "finalise", "harden", "protect", "restrict", "refine", "adjust", "align", "normalize",
    "consolidate", "downgrade", "prototype", "compare", "choose", "pick", "select", "return", "accept", "reject",
))
_ARTICLES = frozenset(("the", "a", "an", "all", "each", "every", "any", "our", "its", "their", "existing"))
_CONSTRAINT = re.compile(r"^(?:must not|must never|never|do not|don't|avoid|without)\b", re.I)


def starts_imperative(text: str) -> bool:
    """Whether a line reads as an instruction ("Create the table") rather than a property."""
    words = text.split(maxsplit=1)
    return bool(words) and words[0].lower().strip("*_`") in _IMPERATIVE


def mostly_instructions(lines: list[str]) -> bool:
    """Whether more than half of the lines read as instructions: a list (or a table's titles) of work."""
    return sum(starts_imperative(line) for line in lines) * 2 > len(lines)


def opens_with_verb(words: list[str], known: bool = True) -> bool:
    """Whether a title's first words (lower-case) open with a verb: a `known` one, or any word an article
    follows ("Mock the client", "Smoke test the service")."""
    known = known and bool(words) and (words[0] in _IMPERATIVE or words[0] in _VERBS)
    return known or any(word in _ARTICLES for word in words[1:3])


def reads_as_constraint(text: str) -> bool:
    """Whether an unlabelled bullet restricts how the work is done ("Must not log card numbers")."""
    return _CONSTRAINT.match(text.strip()) is not None
