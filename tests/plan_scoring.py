"""Scores the rule planner on a folder of plans with expected answers, in process.

The same rules as `../shared/tools/plan-score.py` (the format is in `tests/plans/corpus/README.md`):
a produced task matches the first expected entry whose keywords its title contains; dependency
recall counts expected edges the output orders the same way (directly or through other tasks),
dependency precision the produced edges the expected order allows.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from bot.domain import Plan
from bot.planning.rules import RulePlanner


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[*_`]", "", text)).strip().lower()


@dataclass
class Score:
    expected: int = 0
    produced: int = 0
    matched: int = 0
    agents: int = 0
    edges: int = 0
    edges_found: int = 0
    produced_edges: int = 0
    produced_edges_ok: int = 0
    refused: list[str] = field(default_factory=list)
    thin: int = 0
    thin_caught: int = 0

    def figures(self) -> dict[str, float]:
        def pct(a: int, b: int) -> float:
            return 100.0 * a / b if b else 100.0

        return {
            "recall": pct(self.matched, self.expected), "precision": pct(self.matched, self.produced),
            "agent": pct(self.agents, self.expected), "dep-recall": pct(self.edges_found, self.edges),
            "dep-precision": pct(self.produced_edges_ok, self.produced_edges),
            "thin-caught": pct(self.thin_caught, self.thin),
        }


def _closure(edges: dict[int, set[int]]) -> dict[int, set[int]]:
    out: dict[int, set[int]] = {}
    for start in edges:
        seen: set[int] = set()
        stack = list(edges[start])
        while stack:
            node = stack.pop()
            if node not in seen:
                seen.add(node)
                stack += edges.get(node, set())
        out[start] = seen
    return out


def _score_plan(score: Score, expected: list[dict[str, object]], plan: Plan) -> None:
    titles = [_norm(task.title) for task in plan.tasks]
    match: dict[int, int] = {}
    for i, want in enumerate(expected):
        keywords = [_norm(str(k)) for k in want["keywords"]]  # type: ignore[attr-defined]
        j = next((j for j, title in enumerate(titles) if j not in match.values()
                  and all(k in title for k in keywords)), None)
        if j is not None:
            match[i] = j
    joined = {" ".join(_norm(str(k)) for k in w["keywords"]): i for i, w in enumerate(expected)}  # type: ignore[attr-defined]
    wanted = {i: {joined[" ".join(_norm(p).split())] for p in w["after"]} for i, w in enumerate(expected)}  # type: ignore[attr-defined]
    position = {task.key: j for j, task in enumerate(plan.tasks)}
    made = {j: {position[d] for d in task.depends_on if d in position} for j, task in enumerate(plan.tasks)}
    made_after, wanted_after = _closure(made), _closure(wanted)
    back = {j: i for i, j in match.items()}
    between = [(back[j], back[k]) for j, ks in made.items() for k in ks if j in back and k in back]
    score.expected += len(expected)
    score.produced += len(plan.tasks)
    score.matched += len(match)
    score.agents += sum(plan.tasks[j].agent == expected[i]["agent"] for i, j in match.items())
    score.edges += sum(len(pres) for pres in wanted.values())
    score.edges_found += sum(1 for i, pres in wanted.items() for p in pres
                             if i in match and p in match and match[p] in made_after[match[i]])
    score.produced_edges += len(between)
    score.produced_edges_ok += sum(1 for i, p in between if p in wanted_after[i])


def score_folder(folder: Path, numbers: range = range(1000)) -> Score:
    """The figures over the plans of `folder` whose leading number is in `numbers` (all of them by default)."""
    score = Score()
    for plan_file in sorted(folder.glob("*.md")):
        if plan_file.name == "README.md" or int(plan_file.name.split("-", 1)[0]) not in numbers:
            continue
        outcome = RulePlanner().plan(plan_file.stem, plan_file.read_text())
        answer = plan_file.with_name(plan_file.stem + ".expected.json")
        if "thin" in plan_file.stem:
            score.thin += 1
            score.thin_caught += outcome.plan is None and bool(outcome.questions)
        elif outcome.plan is None:
            score.refused.append(plan_file.name)
            tasks = json.loads(answer.read_text())["tasks"]
            score.expected += len(tasks)
            score.edges += sum(len(task["after"]) for task in tasks)
        else:
            _score_plan(score, json.loads(answer.read_text())["tasks"], outcome.plan)
    return score
