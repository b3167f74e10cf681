"""Order stated between phases: which phases each phase waits on.

Plans often state their order once, phase by phase: a phase table's Dependencies column ("Phase 1, 2",
"All phases") above step headings, or spec-kit's "Foundational (Phase 2): Depends on Setup completion".
Inference turns it into a few task edges (a phase starts where its prerequisite phases end).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.planning.headings import Kind, read_heading
from bot.planning.refs import numbered_refs

PhaseStatement = tuple[str, str]  # (the phase that waits, as written; what it waits on, as written)

_PHASE_REF = re.compile(r"\b(?:phase|stage|milestone)\s*#?\s*(?P<num>\d{1,3})(?P<on>\s*\+)?", re.IGNORECASE)
_ALL = re.compile(r"\ball\b(?:\s+\w+){0,2}?\s+(?:phases|stages|stories|milestones)\b", re.IGNORECASE)
_FILLER = frozenset(("the", "phase", "phases", "stage", "completion", "complete", "completed", "being", "done",
                     "finished", "its", "of", "is", "are", "must", "be", "work"))
_WORD = re.compile(r"[a-z][a-z0-9-]+")
_SHORT = re.compile(r"\b([A-Z])(\d{1,3})\b")
_LEAD = re.compile(r"^[^A-Za-z]+")
_OBJECT_END = re.compile(r"\s[-\u2013\u2014]\s|[;.]\s|[;.]?$")


def phase_statement(line: str, waits: re.Match[str]) -> PhaseStatement | None:
    """"Phase 2 depends on Phase 1" as a statement about phases, when the part before the verb names a phase.

    What it waits on ends at a dash or a full stop: "Depends on Setup - BLOCKS all user stories" waits on Setup.
    """
    subject, rest = line[: waits.start()], line[waits.end() :]
    if not _PHASE_REF.search(subject) and read_heading(subject).kind is not Kind.PHASE:  # "M2 — Ladder (requires M1)"
        return None
    end = _OBJECT_END.search(rest)
    return subject, rest[: end.start() if end else len(rest)]


def phase_statement_before(line: str, precedes: re.Match[str]) -> PhaseStatement:
    """"Implementation before polish (T014-T016)": the later part waits on the earlier and on what the plan
    writes after it (the integration written between implementation and polish is implementation too)."""
    end = _OBJECT_END.search(line, precedes.end())
    return line[precedes.end() : end.start() if end else len(line)], f"{line[: precedes.start()]} {_ONWARDS_WORD}"


_ONWARDS_WORD = "onwards"
_ONWARDS = re.compile(r"\s(?:onwards|and\s+(?:later|after))\W*$", re.IGNORECASE)
_ASIDE = re.compile(r"\([^()]*\)")


class Phases:
    """The phases tasks sit in, in plan order, and what a written reference to one names."""

    def __init__(self, stages: Sequence[str]) -> None:
        self.order = list(dict.fromkeys(stage for stage in stages if stage))
        headings = [read_heading(title) for title in self.order]
        self.numbers = [h.number if h.kind is Kind.PHASE and h.number and h.number.isdecimal() else None
                        for h in headings]
        self.words = [set(_WORD.findall(title.lower())) for title in self.order]
        # "M1" for "Milestone 1", "P2" for "Phase 2": the initial of the word the plan's phase headings open with
        self.initials = {_LEAD.sub("", title)[:1].upper() for title, h in zip(self.order, headings, strict=True)
                         if h.kind is Kind.PHASE and h.number}

    def named(self, text: str, before: int | None = None) -> list[int]:
        """The phases `text` names: by number ("Phase 2", "Phase 3+"), "all phases", or by title words; with
        "onwards" or "and later", every phase after the one named too."""
        earlier = range(len(self.order) if before is None else before)
        if _ALL.search(text):
            return list(earlier)
        onward = _ONWARDS.search(text)
        found = self._named(text[: onward.start()] if onward else text, earlier)
        if onward and found:
            found += range(min(found), len(earlier))
        return list(dict.fromkeys(found))

    def _named(self, text: str, earlier: range) -> list[int]:
        numbers = [number for number in numbered_refs(text) if number.isdecimal()]
        numbers += [match.group(2) for match in _SHORT.finditer(text) if match.group(1) in self.initials]
        onwards = [int(match.group("num")) for match in _PHASE_REF.finditer(text) if match.group("on")]
        if numbers or onwards:
            return [i for i in earlier if (number := self.numbers[i]) is not None
                    and (number in numbers or any(int(number) >= low for low in onwards))]
        found: list[int] = []
        for part in re.split(r",|\band\b|&", _ASIDE.sub(" ", text)):  # "polish (T014-T016)" is polish
            wanted = set(_WORD.findall(part.lower())) - _FILLER
            found += [i for i in earlier if wanted and wanted <= self.words[i]]
        return found


def phase_prerequisites(stages: Sequence[str], statements: Sequence[PhaseStatement]) -> list[list[list[int]]]:
    """For each task, the tasks (by index) of each phase its phase waits on, as the plan states."""
    phases = Phases(stages)
    waits_on: dict[int, set[int]] = {}
    for subject, objects in statements:
        for phase in phases.named(subject):
            waits_on.setdefault(phase, set()).update(p for p in phases.named(objects, before=phase) if p != phase)
    members = [[i for i, stage in enumerate(stages) if stage == title] for title in phases.order]
    where = {title: phase for phase, title in enumerate(phases.order)}
    return [[members[p] for p in sorted(waits_on.get(where[stage], ()))] if stage else [] for stage in stages]
