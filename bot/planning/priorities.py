"""What a plan keeps in its work and what it sets aside, by the labels over its lists.

A MoSCoW plan writes its work under "Must have", "Should have" and "Could have" and what it will not do
under "Won't have"; issue forms and agent plans close with "Additional context", "Alternatives considered",
"Rollback" or a "Not doing:" / "Questions before I start:" lead-in over a list. The priorities hold tasks
even under a reference-sounding parent ("Requirements (MoSCoW)"); the set-aside labels hold none. Work
grouped by area ("### Backend", "Infra:") lists that area's tasks under the area's name.
"""

from __future__ import annotations

import re

_LEAD = re.compile(r"^[^\w]+")
# "Must have", "Should-have (v2)", "Could:"; never "Should we cache?"
_KEEP = re.compile(r"^(?:must|should|could|nice[\s-]+to)[\s-]+haves?\b"
                   r"|^(?:must|should|could)\s*(?:\([^()]*\))?\s*:?\s*$", re.IGNORECASE)
_ASIDE = re.compile(
    r"^(?:won['\u2019]?t|will\s+not|would\s+not)(?:[\s-]+(?:haves?|do|build|ship|fix))?\b"
    r"|^(?:not\s+(?:doing|in\s+scope|in\s+this\b|in\s+v\d|planned|now)|out\s+of\s+(?:scope|this)|non[\s-]?goals"
    r"|(?:open\s+)?questions?"
    # an issue form's prompts: "Is your feature request related to a problem? Please describe."
    r"|is\s+your\s+(?:feature\s+request|request|proposal)|please\s+describe"
    r"|describe\s+(?:the\s+)?(?:problem|solution|alternatives|bug|feature|use\s+case|your))\b"
    r"|^(?:describe\s+)?(?:any\s+)?alternatives\s+(?:(?:you|we)['\u2019]?(?:ve|\s+have)\s+)?considered\b"
    # the whole title: "Rollback", never "Rollback button"
    r"|^(?:rollback(?:\s+plan)?|code\s+of\s+conduct"
    r"|additional\s+(?:context|information|notes))\s*(?:\([^()]*\))?\s*:?\s*$",
    re.IGNORECASE,
)
# An issue form's answer field that holds the proposal: "Describe the solution you'd like", "Proposed solution"
_SOLUTION = re.compile(r"^(?:describe\s+the\s+solution|(?:proposed|suggested|possible)\s+(?:solution|implementation)"
                       r"|solution)\b", re.IGNORECASE)
_NO_RESPONSE = re.compile(r"^[*_\s]*(?:no\s+response|n/?a|none)[*_.\s]*$", re.IGNORECASE)
# The part of the system a group of items belongs to ("### Backend", "Infra:"): the items are the work
_AREA = re.compile(
    r"^(?:back[\s-]?end|front[\s-]?end|infra(?:structure)?|dev[\s-]?ops|ops|platform|database|db|api|server|client"
    r"|web|web\s+app|mobile|mobile\s+app|ios|android|ui|qa|ci(?:\s*/\s*cd)?|docs|documentation|admin|firmware)"
    r"\s*(?:\([^()]*\))?\s*:?\s*$",
    re.IGNORECASE,
)
_MAX_LABEL_WORDS = 8
# What an item's own label excludes ("Won't: …", "Out of scope: …"); "Rollback: …" may still be work
_EXCLUDED = re.compile(r"^(?:won['\u2019]?t(?:[\s-]+(?:have|do))?|will\s+not(?:\s+(?:have|do))?"
                       r"|not\s+(?:doing|in\s+scope|now|planned)|out\s+of\s+scope|non[\s-]?goals?)$", re.IGNORECASE)
# An item that only points elsewhere: "Design: https://…", "[Rota v2 design](https://…)", "<https://…>"
_LINK_ONLY = re.compile(r"^(?:[^:\n]{1,40}:\s*)?(?:<?https?://\S+?>?|\[[^\]\n]*\]\(\S+\))\s*$", re.IGNORECASE)


def _words_of(title: str) -> str:
    return _LEAD.sub("", title).strip()


def priority_title(title: str) -> bool:
    """Whether a heading or label names a MoSCoW priority that holds work ("Must have", "Should-have (v2)")."""
    return _KEEP.match(_words_of(title)) is not None


def area_title(title: str) -> bool:
    """Whether a heading or label only names a part of the system ("Backend", "Infra (AWS)", "iOS"), so the
    items under it are that part's tasks rather than one task."""
    return _AREA.match(_words_of(title).strip("*_ ")) is not None


def aside_title(title: str) -> bool:
    """Whether a heading sets its content aside: won't-haves, out of scope, rollback, issue-form boilerplate,
    or a question the form asks ("Would you be willing to contribute?")."""
    text = _words_of(title)
    return _ASIDE.match(text) is not None or text.endswith("?")


def aside_label(text: str) -> bool:
    """Whether a short lead-in paragraph ("Not doing:", "**Won't have**", "Questions before I start:") sets the
    list after it aside."""
    text = _words_of(text).strip("*_ ")
    if len(text.split()) > _MAX_LABEL_WORDS:
        return False
    bare = text.rstrip(":\uff1a*_ ")
    return (text.endswith((":", "\uff1a")) or bare == text) and _ASIDE.match(bare) is not None


def solution_title(title: str) -> bool:
    """Whether a heading is an issue form's proposal field, which holds the work when the form has no task list."""
    return _SOLUTION.match(_words_of(title)) is not None


def no_response(text: str) -> bool:
    """Whether a form field was left unanswered ("_No response_")."""
    return _NO_RESPONSE.match(text) is not None


def ranks_or_places(label: str) -> bool:
    """Whether a line's lead label ("**Must:** …", "Backend: …", "Won't: …") ranks or places the work after it,
    rather than naming it: the work is the title, the label stays before it."""
    return priority_title(label) or area_title(label) or aside_title(label)


def set_aside_item(text: str, bold: str | None) -> bool:
    """Whether a list item is labelled as set aside ("**Won't:** paid bookings", "Out of scope: exports")."""
    lead = bold if bold and text.startswith(bold) else text.split(":", 1)[0] if ":" in text[:40] else ""
    return _EXCLUDED.match(lead.strip(" :*_")) is not None


def link_only(raw: str) -> bool:
    """Whether a list item is only a link, perhaps after a label: a pointer to the work, not a task."""
    return _LINK_ONLY.match(raw.strip()) is not None
