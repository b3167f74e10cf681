"""Blocks of "Label: value" lines: a Notion page's properties, a Cline step's "Files:" and "Why:" lines.

Written one per line with no blank line between, they reach the reader as one paragraph; read whole,
the first label would swallow the rest ("Status: Done Owner: … Needs: Booking API"). Split per line,
each label fills its own field. A line with no label of its own continues the value before it.
"""

from __future__ import annotations

import re

_LABELLED = re.compile(r"^\s*[*_]{0,2}(?P<label>[A-Z][\w'\u2019/&-]*(?:\s+[\w'\u2019/&-]+){0,2}?)[*_]{0,2}\s*"
                       r"[:\uff1a][*_]{0,2}(?:\s+(?P<value>.*)|$)")
MIN_LINES = 2


def property_lines(source: str, least: int = MIN_LINES) -> list[tuple[str, str]] | None:
    """(label, value) per labelled line when a paragraph opens with a label and `least` lines (two unless told)
    carry one; None for an ordinary paragraph."""
    lines = [line for line in source.split("\n") if line.strip()]
    if not lines or _LABELLED.match(lines[0]) is None:
        return None
    found: list[tuple[str, str]] = []
    for line in lines:
        match = _LABELLED.match(line)
        if match is not None:
            found.append((match.group("label"), (match.group("value") or "").strip()))
        else:
            label, value = found[-1]
            found[-1] = (label, f"{value} {line.strip()}".strip())
    return found if len(found) >= least else None
