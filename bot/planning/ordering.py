"""Dependencies: resolving the references authors write against the plan's own names and numbers.

A reference may be a number ("#2", "task 3"), a key, or (part of) a title ("after: Schema"). What
cannot be resolved is reported, never guessed, and becomes a note on the roadmap.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import NamedTuple

from bot.planning.drafts import Draft
from bot.planning.keys import slugify
from bot.planning.name_refs import tasks_named
from bot.planning.phrases import ref_number, split_refs
from bot.planning.refs import ALL, numbered_refs

_FILLER = re.compile(r"^(?:the|a|an)-|-(?:task|step)$")


@dataclass(frozen=True)
class Dangling:
    """A reference that names no task (or several): noted instead of guessed."""

    where: str
    ref: str
    candidates: tuple[str, ...] = ()


class _Index:
    """Every name a task answers to: its number or id, key, alias and title."""

    def __init__(self, drafts: Sequence[Draft], keys: Sequence[str]) -> None:
        self.keys = list(keys)
        self.titles = [draft.title for draft in drafts]
        self.slugs = [slugify(draft.title, 200) for draft in drafts]
        self.names = {key: key for key in keys}
        for draft, key, slug in zip(drafts, keys, self.slugs, strict=True):
            for name in (slugify(draft.alias, 200) if draft.alias else None, slug):
                if name:
                    self.names.setdefault(name, key)
        named = [(name, key) for draft, key in zip(drafts, keys, strict=True) for name in _numbers_of(draft)]
        counts = Counter(name for name, _ in named)
        # A number more than one task answers to (a plan numbering its phases and tasks alike) names nothing.
        self.numbers = {name: key for name, key in named if counts[name] == 1}
        ordinals = [draft.ordinal for draft in drafts]
        if not self.numbers and None not in ordinals and len(set(ordinals)) == len(ordinals):
            self.numbers = {str(ordinal): key for ordinal, key in zip(ordinals, keys, strict=True)}
        self.complete = len(set(self.numbers.values())) == len(self.keys)
        self.position = {key: index for index, key in enumerate(keys)}

    def lookup(self, ref: str, own: str) -> tuple[list[str], list[Dangling]]:
        """The keys `ref` names, and the parts of it that name no task (or several)."""
        if ref == ALL:
            return self.keys[: self.position[own]], []
        found = self._one(ref, own)
        if isinstance(found, list) and found:
            return found, []
        parts = split_refs(ref[:500])
        if len(parts) < 2:
            parts = [ref]
        keys: list[str] = []
        missing: list[Dangling] = []
        for part in parts:
            one = self._one(part, own) if part is not ref else found
            if not (isinstance(one, list) and one):
                one = [key for number in numbered_refs(part) if (key := self.number(number)) is not None] or one
            if isinstance(one, list) and one:
                keys += one
            else:
                missing.append(Dangling("", part, one if isinstance(one, tuple) else ()))
        return keys, missing

    def number(self, ref: str) -> str | None:
        """The key a numbered reference names ("3", "Task 3", "1.2", "T012", "A1"), if any."""
        name = ref_number(ref) or ref.strip().lstrip("#").lower()
        if name in self.numbers:
            return self.numbers[name]
        head = name.split(".", 1)[0]
        if "." in name and head in self.numbers:
            return self.numbers[head]  # "task 0.4" is a step of task 0
        positional = not self.numbers or (ref.strip().startswith("#") and not self.complete)
        if positional and name.isascii() and name.isdecimal() and 0 < int(name) <= len(self.keys):
            return self.keys[int(name) - 1]  # "#3" with no complete numbering: the third task of the plan
        return None

    def named(self, ref: str, own: str = "") -> str | None:
        """The one task a name written outside the tasks names ("Batch API" in an arrow chain), if exactly one."""
        found = self._one(ref, own)
        return found[0] if isinstance(found, list) and len(found) == 1 else None

    def _one(self, ref: str, own: str) -> list[str] | tuple[str, ...]:
        number = self.number(ref)
        if number is not None:
            return [number]
        if ref_number(ref) is not None:
            return []
        slug = _FILLER.sub("", slugify(ref, 200))
        if slug in self.names:
            return [self.names[slug]]
        hits = [
            index for index, title_slug in enumerate(self.slugs)
            if f"-{slug}-" in f"-{title_slug}-" and self.keys[index] != own
        ]
        earlier = [index for index in hits if own in self.position and index < self.position[own]]
        if len(hits) > 1 and len(earlier) == 1:
            return [self.keys[earlier[0]]]  # "after the planner": the one written before, not a later "planner run"
        if len(hits) > 1:
            # "Price rules" names "Price rules engine", not "Unit tests for the price rules"
            leading = [index for index in hits if f"{self.slugs[index]}-".startswith(f"{slug}-")]
            hits = leading if len(leading) == 1 else hits
        if not hits:  # "rules tests", "check-in release"; of several, "after the API change" means the one before
            hits = tasks_named(ref, self.titles, self.position.get(own))
            earlier = [index for index in hits if own in self.position and index < self.position[own]]
            hits = earlier if len(hits) > 1 and len(earlier) == 1 else hits
        if len(hits) > 1:
            return tuple(self.titles[index] for index in hits)
        return [self.keys[hits[0]]] if hits else []


def _numbers_of(draft: Draft) -> list[str]:
    """The names by number a task answers to: "3", "t012", and an id's last part ("a1" of "REA-…-A1")."""
    names = [name.lower() for name in (draft.number, draft.key) if name]
    tails = [name.rsplit("-", 1)[1] for name in names if "-" in name]
    names += [tail for tail in tails if any(char.isdigit() for char in tail)]
    return list(dict.fromkeys(names))


class Resolution(NamedTuple):
    """Each task's dependency keys (deduplicated, in the order written), what did not resolve, and the
    tasks the plan says wait on nothing ("Task 2 — independent"), for which no order is inferred."""

    deps: list[list[str]]
    dangling: list[Dangling]
    free: frozenset[str]


def resolve(
    drafts: Sequence[Draft], keys: Sequence[str], statements: Sequence[tuple[str, list[str]]] = ()
) -> Resolution:
    """Resolves the references written at each task, the numbered mentions in its body that point back
    to an earlier task ("Consumes: … (Task 1)"), and the statements made elsewhere in the plan. A reference
    to many tasks at once ("after tasks 2-8", "all phases") or in passing in the body leaves out the dropped
    ones, which are never done; a task named on its own as a dependency is kept, as written."""
    index = _Index(drafts, keys)
    dropped = {key for draft, key in zip(drafts, keys, strict=True) if draft.state == "skipped"}
    resolved: list[list[str]] = []
    dangling: list[Dangling] = []
    for draft, key in zip(drafts, keys, strict=True):
        deps: list[str] = []
        for ref in draft.depends:
            found, missing = index.lookup(ref, key)
            found = [dep for dep in found if dep not in dropped] if len(found) > 1 else found
            dangling += [replace(item, where=draft.where) for item in missing]
            deps += [dep for dep in found if dep not in deps]
        for ref in draft.mentions:  # in passing, and often a range ("after tasks 2-8"): never the dropped ones
            dep = index.number(ref)
            if dep is not None and index.position[dep] < index.position[key] and dep not in deps and dep not in dropped:
                deps.append(dep)
        resolved.append(deps)
    for subject, objects in statements:
        waiting = index.number(subject) or index.named(subject)
        if waiting is None:
            continue
        own = resolved[index.position[waiting]]
        for ref in objects:
            found = [dep for dep in index.keys[: index.position[waiting]] if dep not in dropped] if ref == ALL \
                else [index.number(ref) or index.named(ref, waiting) or ""]
            own += [dep for dep in found if dep and dep != waiting and dep not in own]
    free = {index.number(subject) for subject, objects in statements if not objects}
    return Resolution(resolved, dangling, frozenset(key for key in free if key is not None))
