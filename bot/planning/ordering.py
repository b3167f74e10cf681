"""Dependencies: resolving the references authors write, and the conventional order when they write none.

A reference may be a number ("#2", "task 3"), a key, or (part of) a title ("after: Schema"). What
cannot be resolved is reported, never guessed, so the sufficiency check can ask about it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from bot.planning.drafts import Draft
from bot.planning.keys import slugify
from bot.planning.phrases import ref_number, split_refs
from bot.planning.refs import ALL, numbered_refs

# The conventional order of the default roles: foundations, behaviour, its unit tests, then
# delivery and proof. Roles a repository adds sit with feature work (tier 1).
CONVENTIONAL_TIERS = {
    "datatypes": 0,
    "cloud-primitives": 0,
    "feature-implementation": 1,
    "unit-testing": 2,
    "deployment": 3,
    "validation": 3,
}
_DEFAULT_TIER = 1
_FILLER = re.compile(r"^(?:the|a|an)-|-(?:task|step)$")
_WORDS = re.compile(r"[a-z0-9]{3,}")
_COMMON = frozenset(("the", "and", "for", "with", "test", "tests", "unit", "add", "write", "cases", "from", "into"))


@dataclass(frozen=True)
class Dangling:
    """A reference that names no task (or several): asked about instead of guessed."""

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
        # A number more than one task answers to (lists that restart at "1.") names nothing.
        self.numbers = {name: key for name, key in named if counts[name] == 1}
        self.position = {key: index for index, key in enumerate(keys)}

    def lookup(self, ref: str, own: str) -> tuple[list[str], list[Dangling]]:
        """The keys `ref` names, and the parts of it that name no task (or several)."""
        if ref == ALL:
            return self.keys[: self.position[own]], []
        found = self._one(ref, own)
        if isinstance(found, list) and found:
            return found, []
        numbered = [key for number in numbered_refs(ref[:500]) for key in self._one(number, own) if isinstance(key, str)]
        if numbered:
            return list(dict.fromkeys(numbered)), []
        parts = split_refs(ref[:500])
        if len(parts) < 2:
            return [], [Dangling("", ref, found if isinstance(found, tuple) else ())]
        keys: list[str] = []
        missing: list[Dangling] = []
        for part in parts:
            one = self._one(part, own)
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
        if not self.numbers and name.isdigit() and 0 < int(name) <= len(self.keys):
            return self.keys[int(name) - 1]  # no numbering in the plan: "#3" is the third task
        return None

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
        if len(hits) > 1:
            return tuple(self.titles[index] for index in hits)
        return [self.keys[hits[0]]] if hits else []


def _numbers_of(draft: Draft) -> list[str]:
    """The names by number a task answers to: "3", "t012", and an id's last part ("a1" of "REA-…-A1")."""
    names = [name.lower() for name in (draft.number, draft.key) if name]
    tails = [name.rsplit("-", 1)[1] for name in names if "-" in name]
    names += [tail for tail in tails if any(char.isdigit() for char in tail)]
    return list(dict.fromkeys(names))


def resolve(
    drafts: Sequence[Draft], keys: Sequence[str], statements: Sequence[tuple[str, list[str]]] = ()
) -> tuple[list[list[str]], list[Dangling]]:
    """Each task's dependency keys (deduplicated, in the order written) and what did not resolve.

    Besides the references written at a task, it takes numbered mentions in its body that point
    back to an earlier task ("Consumes: … (Task 1)") and statements made elsewhere in the plan.
    """
    index = _Index(drafts, keys)
    resolved: list[list[str]] = []
    dangling: list[Dangling] = []
    for draft, key in zip(drafts, keys, strict=True):
        deps: list[str] = []
        for ref in draft.depends:
            found, missing = index.lookup(ref, key)
            dangling += [replace(item, where=draft.where) for item in missing]
            deps += [dep for dep in found if dep not in deps and dep != key]
        for ref in draft.mentions:
            dep = index.number(ref)
            if dep is not None and index.position[dep] < index.position[key] and dep not in deps:
                deps.append(dep)
        resolved.append(deps)
    for subject, objects in statements:
        key = index.number(subject)
        if key is None:
            continue
        for ref in objects:
            found = index.keys[: index.position[key]] if ref == ALL else [index.number(ref)]
            resolved[index.position[key]] += [dep for dep in found if dep and dep != key
                                              and dep not in resolved[index.position[key]]]
    return resolved, dangling


def infer(keys: Sequence[str], agents: Sequence[str], titles: Sequence[str]) -> list[list[str]]:
    """The conventional order, for plans that state no dependencies at all.

    Foundations (tier 0) first; feature work waits on all foundations; a unit-testing task waits on
    the feature it shares most words with; delivery and validation wait on the tested features.
    Edges implied through a test task are left out so the graph stays readable.
    """
    tiers = [CONVENTIONAL_TIERS.get(agent, _DEFAULT_TIER) for agent in agents]
    by_tier = {tier: [k for k, t in zip(keys, tiers, strict=True) if t == tier] for tier in range(4)}
    words = [set(_WORDS.findall(title.lower())) - _COMMON for title in titles]
    position = {key: i for i, key in enumerate(keys)}
    deps: list[list[str]] = []
    for index, tier in enumerate(tiers):
        if tier == 0:
            deps.append([])
        elif tier == 1:
            deps.append(list(by_tier[0]))
        elif tier == 2:
            deps.append(_tested(words[index], by_tier[1], words, position) or list(by_tier[0]))
        else:
            deps.append([])
    tested = {dep for index, tier in enumerate(tiers) if tier == 2 for dep in deps[index]}
    finishing = by_tier[2] + [key for key in by_tier[1] if key not in tested]
    return [
        sorted(finishing or by_tier[0], key=position.__getitem__) if tier == 3 else found
        for tier, found in zip(tiers, deps, strict=True)
    ]


def _tested(own: set[str], features: list[str], words: list[set[str]], position: dict[str, int]) -> list[str]:
    """The feature tasks a test task most likely covers: the best word overlap, else all of them."""
    overlap = {key: len(own & words[position[key]]) for key in features}
    best = max(overlap.values(), default=0)
    return [key for key in features if overlap[key] == best] if best else list(features)
