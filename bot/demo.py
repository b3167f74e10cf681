"""`coordinator demo`: a whole coordination offline, from the label to the integration summary.

It starts the fake GitHub (`bot.testing.github`) on 127.0.0.1, the real bot (`create_app`) over a
temporary database, and plays the people: label the plan issue, then for every ready task open a
pull request that closes its sub-issue and merge it, as GitHub would, until the plan is done.
Everything it needs ships in the package, so it runs from an installed `coordinator` too.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

from bot.app import create_app
from bot.settings import Settings
from bot.testing import payloads
from bot.testing.github import FakeGitHub
from bot.wiring import build_runtime

REPO = "demo-org/shop"
TOKEN = "demo-token"
SECRET = "demo-secret"
CHECK = "tests"  # the check run the demo's CI reports
DEFAULT_EXAMPLE = Path(__file__).resolve().parent / "testing" / "plans" / "user-authentication.md"


class Demo:
    """Plays the people around one plan issue and prints what the bot shows them."""

    def __init__(self, fake: FakeGitHub, database: Path) -> None:
        self.fake = fake
        settings = Settings(
            webhook_secret=SECRET, github_token=TOKEN, github_api_url=fake.url,
            database_url=f"sqlite:///{database}", write_interval=0, workers=1,
        )
        self.runtime = build_runtime(settings, worker=True)
        self.app = create_app(settings, self.runtime)
        self.client = self.app.test_client()
        self.step = 0

    def deliver(self, event: str, payload: dict[str, Any]) -> None:
        body, headers = payloads.delivery(event, payload, SECRET)
        self.client.post("/webhook", data=body, headers=headers)
        assert self.runtime.queue.wait_idle(60)

    def show(self, parent: int, kind: str, heading: str) -> None:
        self.step += 1
        for comment in self.fake.comments(REPO, parent):
            if f"<!-- coordinator:{kind}" in (comment["body"] or ""):
                body = comment["body"].split("\n", 1)[1]
                print(f"\n{'=' * 100}\nStep {self.step}: {heading}\n{'=' * 100}\n{body}")

    def ready_tasks(self, parent: int) -> list[dict[str, Any]]:
        return [
            issue for issue in self.fake.sub_issues(REPO, parent)
            if issue["state"] == "open" and any(label["name"] == "status:ready" for label in issue["labels"])
        ]

    def work_on(self, task: dict[str, Any]) -> None:
        """An agent opens a PR that closes the task, CI passes, it is merged (CI passes on the merge
        commit, now the head of `main`), GitHub closes the sub-issue."""
        slug = re.sub(r"[^a-z0-9]+", "-", task["title"].lower()).strip("-")[:30]
        files = [f"src/{slug}.py", f"tests/test_{slug}.py"]
        pull = self.fake.add_pull(REPO, f"{task['title']}", f"Closes #{task['number']}",
                                  head_ref=f"task/{task['number']}-{slug}", files=files, user="agent-bot")
        self.deliver("pull_request", self._pull_event("opened", pull))
        self.ci_passes(pull["head"]["sha"], pull["number"])
        merged = self.fake.merge_pull(REPO, pull["number"])
        self.fake.set_branch_head(REPO, "main", merged["merge_commit_sha"])
        self.ci_passes(merged["merge_commit_sha"])
        self.deliver("pull_request", self._pull_event("closed", merged, merged=True))
        closed = self.fake.set_issue(REPO, task["number"], state="closed", state_reason="completed")
        self.deliver("issues", payloads.issue_payload(
            "closed", repo=REPO, number=closed["number"], issue_id=closed["id"], title=closed["title"],
            body=closed["body"], labels=[label["name"] for label in closed["labels"]], state_reason="completed",
        ))

    def ci_passes(self, sha: str, pull: int | None = None) -> None:
        """The repository's CI App reports a green check run on `sha`."""
        self.fake.add_check_run(REPO, sha, CHECK)
        self.deliver("check_run", payloads.check_run_payload(sha, repo=REPO, name=CHECK,
                                                             pulls=(pull,) if pull else ()))

    def _pull_event(self, action: str, pull: dict[str, Any], merged: bool = False) -> dict[str, Any]:
        payload: dict[str, Any] = payloads.pull_payload(
            action, repo=REPO, number=pull["number"], title=pull["title"], body=pull["body"],
            head_ref=pull["head"]["ref"], head_sha=pull["head"]["sha"], merged=merged,
            merge_commit_sha=pull.get("merge_commit_sha"), sender="maintainer",
        )
        return payload

    def run(self, plan_file: Path) -> int:
        text = plan_file.read_text()
        title = next((line.lstrip("# ").strip() for line in text.splitlines() if line.startswith("# ")), plan_file.stem)
        issue = self.fake.add_issue(REPO, title, text, user="maintainer")
        self.deliver("issues", payloads.issue_payload(
            "labeled", repo=REPO, number=issue["number"], issue_id=issue["id"], title=title, body=text,
            labels=["coordinate"], label="coordinate", sender="maintainer",
        ))
        self.show(issue["number"], "roadmap", f"the label `coordinate` was added to #{issue['number']}")
        if not self.fake.sub_issues(REPO, issue["number"]):
            self.show(issue["number"], "clarification", "the plan needs answers first")
            return 2
        while ready := self.ready_tasks(issue["number"]):
            for task in ready:
                self.work_on(task)
            names = ", ".join(f"#{task['number']}" for task in ready)
            self.show(issue["number"], "roadmap", f"pull requests for {names} were merged")
        self.show(issue["number"], "summary", "every task is finished: the integration summary")
        writes = sum(1 for request in self.fake.requests if request.method != "GET")
        print(f"\n{len(self.fake.requests)} requests to the fake GitHub ({writes} writes).")
        return 0


def run_demo(example: Path | None = None) -> int:
    with tempfile.TemporaryDirectory() as folder, FakeGitHub(token=TOKEN) as fake:
        fake.add_repo(REPO)
        fake.set_permission(REPO, "maintainer", "admin")
        demo = Demo(fake, Path(folder) / "demo.sqlite3")
        try:
            return demo.run(example or DEFAULT_EXAMPLE)
        finally:
            demo.runtime.close()


__all__ = ["run_demo"]
