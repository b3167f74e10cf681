"""Lines rewritten before parsing: shapes a reader sees as structure that CommonMark reads as something else.

A `<details><summary>Title</summary>` block renders on GitHub as a collapsible section headed by its
summary; CommonMark keeps it as raw HTML, so the summary becomes a heading one level below the one it
sits under. Lines led by a status mark ("✅ Dock schema", "⬜ Van app", pasted from a board or a doc)
read as a checklist but are one paragraph to CommonMark, so a run of them becomes a list. Each line
keeps its number, so excerpts and questions still point at the author's lines; code blocks are left alone.
"""

from __future__ import annotations

import re

_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s")
_SUMMARY = re.compile(r"^\s*(?:<details\b[^>]*>\s*)?<summary\b[^>]*>(?P<title>.*?)</summary>\s*(?:</details>\s*)?$",
                      re.IGNORECASE)
_DETAILS = re.compile(r"^\s*</?details\b[^>]*>\s*$", re.IGNORECASE)
_TAG = re.compile(r"</?[a-z][^<>]{0,80}>", re.IGNORECASE)
# Marks that say where a piece of work stands: done, to do, under way, blocked
_STATUS_MARK = re.compile(r"^(?:✅|☑️?|✔️?|⬜|⬛|☐|🔲|🔳|🚧|⏳|🔄|❌|🟢|🟡|🟠|🔴|⚪|⚫|🔵)\s+\S")
MIN_MARKED = 2


def rewrite(lines: list[str]) -> list[str]:
    """The lines with `<details>` summaries as headings and runs of status-marked lines as list items."""
    out = list(lines)
    level = 1
    fence: str | None = None
    fenced: set[int] = set()
    for index, line in enumerate(lines):
        opened = _FENCE.match(line)
        if fence is not None:
            fenced.add(index)
            fence = None if opened and opened.group(1)[0] == fence[0] and line.strip().startswith(fence) else fence
            continue
        if opened:
            fence = opened.group(1)
        elif heading := _HEADING.match(line):
            level = len(heading.group(1))
        elif summary := _SUMMARY.match(line):
            title = " ".join(_TAG.sub(" ", summary.group("title")).split())
            out[index] = f"{'#' * min(level + 1, 6)} {title}" if title else ""
        elif _DETAILS.match(line):
            out[index] = ""
    return _marked_runs(out, fenced)


def _marked_runs(lines: list[str], fenced: set[int]) -> list[str]:
    """Runs of two or more adjacent lines each opening with a status mark, as list items."""
    out = list(lines)
    run: list[int] = []
    for index, line in enumerate([*lines, ""]):
        if index not in fenced and _STATUS_MARK.match(line):
            run.append(index)
            continue
        if len(run) >= MIN_MARKED:
            for marked in run:
                out[marked] = "- " + lines[marked]
        run = []
    return out
