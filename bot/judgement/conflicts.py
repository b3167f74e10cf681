"""Conflicting work: two open pull requests of different tasks that change the same files."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

from bot.domain.coordination import CoordinationState


@dataclass(frozen=True)
class Conflict:
    pulls: tuple[int, int]  # lower number first
    keys: tuple[str, str]
    files: tuple[str, ...]

    @property
    def ident(self) -> str:
        return f"{self.pulls[0]}.{self.pulls[1]}"


def conflicts(state: CoordinationState) -> list[Conflict]:
    """Each pair once; a pull request working on two tasks does not conflict with itself, and two
    pull requests of the same task are alternatives, not a conflict."""
    owners: dict[int, str] = {}
    for key, task in state.tasks.items():
        for link in task.open_pulls:
            owners.setdefault(link.number, key)
    found = []
    for first, second in combinations(sorted(owners), 2):
        if owners[first] == owners[second]:
            continue
        shared = set(state.judgement.pull_files.get(first, [])) & set(state.judgement.pull_files.get(second, []))
        if shared:
            found.append(Conflict((first, second), (owners[first], owners[second]), tuple(sorted(shared))))
    return found
