"""Headings that are the columns of a board pasted into a plan: "Backlog", "To do", "In progress", "Review", "Done".

A board exported from Trello, GitHub Projects or Jira writes each column as a heading over its cards. The
column says where a card stands, not what kind of text is below it: "In progress" or "Review" would otherwise
read as a status report or a review section, and "Done" as nothing at all. Under such columns every card is a
task, and the cards of a finished column are finished work.
"""

from __future__ import annotations

import re

from bot.planning.outline import Section

_LEAD = re.compile(r"^[^\w]+")
_OPEN = (r"backlog|icebox|to[\s-]?do|todo|up\s+next|next|ready(?:\s+for\s+(?:dev|development|review|qa|testing))?"
         r"|doing|in\s+progress|wip|in\s+development|blocked|on\s+hold|review|in\s+review|code\s+review|qa|testing"
         r"|in\s+qa|in\s+testing")
_DONE = r"done|shipped|released|complete|completed|finished|closed|merged"
_COLUMN = re.compile(rf"^(?:(?P<open>{_OPEN})|(?P<done>{_DONE}))\s*(?:\(\d+\))?\s*:?$", re.IGNORECASE)
# A board has a column for work under way or waiting, besides one for work not started and one for work done
_LEAST_COLUMNS = 3


def _column(title: str) -> re.Match[str] | None:
    return _COLUMN.match(_LEAD.sub("", title).strip())


def board_columns(root: Section) -> dict[int, bool]:
    """The sections that are columns of one board, each with whether its cards are finished: sibling headings
    of which at least three name columns, one of them the finished work."""
    found: dict[int, bool] = {}
    for section in root.walk():
        columns = [(child, match) for child in section.children if (match := _column(child.title)) is not None]
        if len(columns) >= _LEAST_COLUMNS and any(match.group("done") for _, match in columns):
            found.update({id(child): match.group("done") is not None for child, match in columns})
    return found
