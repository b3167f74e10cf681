"""Times the rule-based planner on a generated 200-task plan and prints a table.

Run: .venv/bin/python bench/bench_planning.py [--tasks 200] [--runs 20]

Measured rather than asserted in a test, so a slow CI machine cannot make the suite flaky. The plan
mixes the forms people write: phase headings, task lists with tags and dependency phrases, nested
acceptance criteria and deliverables, and one heading-per-task section.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from bot.domain import DEFAULT_ROLES
from bot.markers import task_marker
from bot.planning.markdown import parse_markdown
from bot.planning.phrases import RoleNames
from bot.planning.rules import RulePlanner
from bot.render.mermaid import render_mermaid
from bot.render.subissue import render_subissue_body

_KINDS = [
    ("Define the {n} schema and migration", "[datatypes]"),
    ("Provision the {n} queue and bucket", "(agent: cloud-primitives)"),
    ("Implement the {n} endpoint", ""),
    ("Unit tests for the {n} endpoint", ""),
    ("Deploy the {n} worker to staging", "@deployment"),
]


def generate(tasks: int) -> str:
    """A realistic plan with `tasks` tasks: phases of ten, every form of tag and dependency."""
    lines = ["Context paragraph for the generated plan. cc @someone", "", "## Background", "Why we do it.", ""]
    for index in range(1, tasks + 1):
        if index % 10 == 1:
            lines += ["", f"## Phase {index // 10 + 1}: area {index // 10}", ""]
        title, tag = _KINDS[index % len(_KINDS)]
        depends = f" (depends on #{index - 1})" if index > 1 and index % 3 else ""
        lines += [
            f"- [ ] {title.format(n=f'area-{index}')} {tag}{depends}",
            f"  - returns the right result for case {index}",
            f"  - `src/module_{index}.py`",
            "  - Must not log personal data",
        ]
    lines += ["", "## Acceptance criteria", "- everything works"]
    return "\n".join(lines)


def timed(action: Callable[[], object], runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=200)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    body = generate(args.tasks)
    names = RoleNames(DEFAULT_ROLES)
    planner = RulePlanner(cap=max(args.tasks, 50))
    outcome = planner.plan("Bench", body)
    assert outcome.plan is not None and len(outcome.plan.tasks) == args.tasks, outcome.questions
    plan = outcome.plan

    def bodies() -> None:
        for task in plan.tasks:
            render_subissue_body(task, DEFAULT_ROLES.require(task.agent), plan, parent_number=1,
                                 prerequisites=[], marker=task_marker(1, task.key))

    rows = [
        ("parse Markdown into drafts", timed(lambda: parse_markdown(body, names), args.runs)),
        ("plan: parse + assemble + check", timed(lambda: planner.plan("Bench", body), args.runs)),
        ("render the Mermaid graph", timed(lambda: render_mermaid(plan), args.runs)),
        (f"render {args.tasks} sub-issue bodies", timed(bodies, args.runs)),
    ]
    print(f"{args.tasks} tasks, {len(body.splitlines())} lines, {len(body):,} characters, {args.runs} runs\n")
    print(f"| {'step':<34} | {'min ms':>8} | {'median ms':>9} | {'max ms':>8} |")
    print(f"|{'-' * 36}|{'-' * 10}|{'-' * 11}|{'-' * 10}|")
    for name, samples in rows:
        print(f"| {name:<34} | {min(samples):8.1f} | {statistics.median(samples):9.1f} | {max(samples):8.1f} |")


if __name__ == "__main__":
    main()
