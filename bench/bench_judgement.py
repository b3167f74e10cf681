"""GitHub requests the coordinator's judgement costs, feature by feature, and prints one Markdown table.

Run: .venv/bin/python bench/bench_judgement.py [--tasks 50]

The real app runs in process over the fake GitHub from tests/ (127.0.0.1, no pacing), driven by
signed real-shape deliveries as in the end-to-end tests; each row counts the requests one step sent
that the feature caused (by path), and the step's total. Counted, not timed: the figures do not
depend on the machine.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the fake GitHub, the harness and the payload builders live under tests/

from bot.ops import sweep  # noqa: E402
from bot.testing.github import FakeGitHub, RecordedRequest  # noqa: E402
from bot.testing.payloads import check_run_payload, review_payload  # noqa: E402
from tests.e2e import coordinate_by_label, merge, open_plan_issue, open_pull, post_command, push_to  # noqa: E402
from tests.fixtures.app import BotHarness  # noqa: E402
from tests.fixtures.github import REPO, TOKEN  # noqa: E402

AGENTS = ["datatypes", "cloud-primitives", "feature-implementation", "unit-testing", "deployment"]


def plan_of(tasks: int) -> str:
    """Chains of five tasks over five agents (as bench/run.py): four dependencies per five tasks."""
    lines = ["## Tasks"]
    for n in range(1, tasks + 1):
        after = f" (depends on: Build stage {n - 1})" if n % 5 != 1 else ""
        lines += [f"- [ ] Build stage {n} [{AGENTS[(n - 1) % 5]}]{after}", f"  - Acceptance: stage {n} passes"]
    return "\n".join(lines) + "\n"


def counted(fake: FakeGitHub, step: Callable[[], Any], feature: Callable[[RecordedRequest], bool]) -> tuple[int, int]:
    """(requests of the feature, all requests) sent during `step`."""
    fake.clear_requests()
    step()
    requests = fake.requests
    return sum(1 for r in requests if feature(r)), len(requests)


def path_has(*parts: str, method: str | None = None) -> Callable[[RecordedRequest], bool]:
    return lambda r: any(part in r.path for part in parts) and (method is None or r.method == method)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=50)
    args = parser.parse_args()
    rows: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory() as folder, FakeGitHub(token=TOKEN) as fake:
        fake.add_repo(REPO)
        fake.set_permission(REPO, "octocat", "maintain")
        fake.set_permission(REPO, "maintainer", "write")
        fake.set_file(REPO, "CONTRIBUTING.md", "# Contributing\n")
        fake.set_file(REPO, ".github/coordinator.yml", "conventions: CONTRIBUTING.md\n")
        bot = BotHarness(fake, Path(folder) / "bench.sqlite3")
        try:
            rows += _measure(bot, fake, args.tasks)
        finally:
            bot.stop()
    print(f"GitHub requests per feature ({args.tasks}-task plan of chains of five; "
          f"`python bench/bench_judgement.py --tasks {args.tasks}`)\n")
    print("| Feature | Step | Feature's requests | All requests of the step |")
    print("|---|---|---|---|")
    for feature, step, figures in rows:
        print(f"| {feature} | {step} | {figures} |")


def _measure(bot: BotHarness, fake: FakeGitHub, tasks: int) -> list[tuple[str, str, str]]:
    rows: list[tuple[str, str, str]] = []
    parent = open_plan_issue(fake, plan_of(tasks), title="Bench plan")
    links, total = counted(fake, lambda: coordinate_by_label(bot, parent), path_has("/dependencies/"))
    state = bot.services.store.load(REPO, parent["number"])
    assert state is not None and state.plan is not None
    edges = sum(len(task.depends_on) for task in state.plan.tasks)  # stated and implied
    rows.append(("Native dependencies", f"`labeled`: {tasks} sub-issues, {edges} dependencies",
                 f"{links} ({links / max(edges, 1):.2f} per dependency) | {total}"))
    conventions, total = counted(fake, lambda: coordinate_by_label(bot, parent), path_has("/contents/CONTRIBUTING"))
    rows.append(("Conventions (a file)", "`/coordinate` again (the file's link is kept)", f"{conventions} | {total}"))
    children = fake.sub_issues(REPO, parent["number"])
    skip, total = counted(fake, lambda: post_command(bot, parent, f"/skip #{children[1]['number']}"),
                          path_has("/dependencies/"))
    rows.append(("Native dependencies", "`/skip` of a task with one dependent", f"{skip} | {total}"))
    fake.clear_requests()
    post_command(bot, parent, f"/skip #{children[6 if tasks > 6 else 1]['number']}")
    escalation = sum(1 for r in fake.requests if f"/issues/{parent['number']}/labels" in r.path
                     or "coordinator:escalation" in str(r.json))
    rows.append(("Escalation", "a second cause (`/skip`): one comment, label already on",
                 f"{escalation} | {len(fake.requests)}"))
    pull = open_pull(bot, closes=[children[0]["number"]], files=["src/a.py"])
    review, total = counted(fake, lambda: bot.deliver("pull_request_review", review_payload(
        fake.pull(REPO, pull["number"]), state="approved")), path_has("/reviews"))
    rows.append(("Review state", "`pull_request_review` delivery", f"{review} | {total}"))
    checks, total = counted(fake, lambda: bot.deliver("check_run", check_run_payload(
        pull["head"]["sha"], pulls=[pull["number"]])), path_has("/check-runs", "/status"))
    rows.append(("Failing checks (streak)", "`check_run.completed` delivery", f"{checks} | {total}"))
    other = open_pull(bot, closes=[children[2]["number"]], files=["src/a.py"])
    files, total = counted(fake, lambda: push_to(bot, other, "c" * 40), path_has("/files"))
    rows.append(("Conflicts", "`synchronize` (new head) while two tasks have PRs open", f"{files} | {total}"))
    swept, total = counted(fake, lambda: sweep(bot.settings()), path_has("/reviews", "/check-runs", "/status"))
    rows.append(("Sweep (stalled, reviews, checks)", "`coordinator sweep`, one plan with 2 open PRs",
                 f"{swept} ({swept / 2:.0f} per open PR) | {total}"))
    rows.append(_integration(bot, fake))
    return rows


def _integration(bot: BotHarness, fake: FakeGitHub) -> tuple[str, str, str]:
    """A five-task plan merged task by task; the last merge reads the checks."""
    parent = open_plan_issue(fake, plan_of(5), title="Small plan")
    coordinate_by_label(bot, parent)
    children = fake.sub_issues(REPO, parent["number"])
    for child in children[:-1]:
        merge(bot, open_pull(bot, closes=[child["number"]]))
    reads, total = counted(fake, lambda: merge(bot, open_pull(bot, closes=[children[-1]["number"]])),
                           path_has("/check-runs", "/commits/"))
    return ("Verified integration", "the last merge of a 5-task plan (5 merge commits + the branch head)",
            f"{reads} ({reads - 2} for the merge commits, 2 for the head) | {total}")


if __name__ == "__main__":
    main()
