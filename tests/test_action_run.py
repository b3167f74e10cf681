"""`coordinator action` on its edges, in this process (the whole lifecycle in fresh processes is
tests/test_action.py): what it says and returns for a bad environment, a malformed or ignored event,
a GitHub failure, a forged state block, and whose comments count as its own."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main
from bot.state_block import read_block, state_block, strip_block
from bot.testing.payloads import comment_payload, issue_payload, pull_payload
from tests import e2e
from tests.action_harness import ACTIONS_BOT, WorkflowGitHub
from tests.fakes.github_server import FakeGitHub
from tests.fixtures.github import REPO, TOKEN
from tests.fixtures.logs import ConfigureLogs

PLAN = e2e.generated_plan(3)


class InProcess:
    """Runs `coordinator action` through `bot.cli.main` with a workflow step's environment."""

    def __init__(self, fake: FakeGitHub, token: str, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.fake, self.folder, self.monkeypatch = fake, folder, monkeypatch
        for name, value in {"GITHUB_API_URL": fake.url, "GITHUB_TOKEN": token, "GITHUB_REPOSITORY": REPO,
                            "COORDINATOR_WRITE_INTERVAL": "0", "COORDINATOR_HOURLY_WRITES": "0",
                            "COORDINATOR_GITHUB_RETRIES": "1", "COORDINATOR_SECONDARY_RATE_WAIT": "0"}.items():
            monkeypatch.setenv(name, value)

    def run(self, event: str, payload: dict[str, Any] | bytes) -> int:
        path = self.folder / "event.json"
        path.write_bytes(payload if isinstance(payload, bytes) else json.dumps(payload).encode())
        self.monkeypatch.setenv("GITHUB_EVENT_NAME", event)
        self.monkeypatch.setenv("GITHUB_EVENT_PATH", str(path))
        return main(["action"])

    def deliver(self, event: str, payload: dict[str, Any], **_: Any) -> int:
        """As `BotHarness.deliver`, for the helpers of tests/e2e.py."""
        status = self.run(event, payload)
        assert status == 0
        return status


@pytest.fixture(autouse=True)
def _logging_put_back(json_logs: ConfigureLogs) -> None:
    """`coordinator action` sets up the JSON logs as the command does; the fixture undoes it."""


@pytest.fixture
def workflow(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[InProcess]:
    with WorkflowGitHub() as fake:
        fake.add_repo(REPO)
        fake.set_permission(REPO, "octocat", "maintain")
        yield InProcess(fake, fake.workflow_token, tmp_path, monkeypatch)


def test_outside_a_workflow_it_says_what_is_missing(monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("GITHUB_EVENT_NAME", raising=False)
    monkeypatch.setenv("GITHUB_TOKEN", "t")
    assert main(["action"]) == 2
    assert "configuration error: GITHUB_EVENT_NAME: Field required" in capsys.readouterr().err


def test_an_unreadable_event_file_is_a_configuration_error(workflow: InProcess, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    workflow.monkeypatch.setenv("GITHUB_EVENT_NAME", "issues")
    workflow.monkeypatch.setenv("GITHUB_EVENT_PATH", str(tmp_path / "missing.json"))
    assert main(["action"]) == 2
    assert "GITHUB_EVENT_PATH: cannot read" in capsys.readouterr().err


def test_a_malformed_event_fails_with_the_reason(workflow: InProcess, capsys: pytest.CaptureFixture[str]) -> None:
    assert workflow.run("issues", b"{not json") == 1
    assert "malformed body is not JSON" in capsys.readouterr().err
    assert workflow.run("issues", {"action": "labeled", "issue": {"number": "x"}}) == 1
    assert "malformed" in capsys.readouterr().err
    assert workflow.fake.writes() == []


def test_events_it_does_not_handle_succeed_and_do_nothing(workflow: InProcess,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert workflow.run("push", {"ref": "refs/heads/main"}) == 0
    assert "ignored push. is not handled" in capsys.readouterr().out
    issue = workflow.fake.add_issue(REPO, "Plan", PLAN)
    by_bot = comment_payload("created", repo=REPO, issue_number=issue["number"], issue_id=issue["id"],
                             issue_title="Plan", issue_body=PLAN, comment_id=1, body="/coordinate",
                             sender="other-bot[bot]", sender_type="Bot")
    assert workflow.run("issue_comment", by_bot) == 0
    assert "sent by a bot" in capsys.readouterr().out
    assert workflow.fake.writes() == []


def test_a_github_failure_fails_the_run_and_the_next_run_finishes(workflow: InProcess,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    parent = e2e.open_plan_issue(workflow.fake, PLAN)
    workflow.fake.faults.fail("POST", r"/issues$", status=422, skip=1)  # the second sub-issue is refused
    assert workflow.run("issues", e2e.label_event(parent)) == 1
    assert "issues.labeled failed: GitHubError" in capsys.readouterr().err
    assert len(e2e.sub_issues(workflow.fake, parent["number"])) == 1
    assert "the work is not finished" in e2e.roadmap_text(workflow.fake, parent)
    e2e.post_command(workflow, parent, "/status", sender="octocat")
    assert len(e2e.sub_issues(workflow.fake, parent["number"])) == 3
    assert "the work is not finished" not in e2e.roadmap_text(workflow.fake, parent)


def test_pull_request_target_is_followed_like_pull_request(workflow: InProcess) -> None:
    parent = e2e.open_plan_issue(workflow.fake, PLAN)
    workflow.run("issues", e2e.label_event(parent))
    first = e2e.sub_issues(workflow.fake, parent["number"])[0]
    pull = workflow.fake.add_pull(REPO, "Component 1", f"Closes #{first['number']}", head_ref="feature")
    payload = pull_payload("opened", repo=REPO, number=pull["number"], title=pull["title"], body=pull["body"],
                           head_ref="feature", head_sha=pull["head"]["sha"], base_ref="main")
    assert workflow.run("pull_request_target", payload) == 0
    assert "status:in-progress" in e2e.labels_of(e2e.current(workflow.fake, first))


def test_only_the_workflow_bots_own_roadmap_counts(workflow: InProcess) -> None:
    """The state block is read from github-actions[bot]'s roadmap only; a copy posted by someone else
    (marker and block pasted) changes nothing."""
    parent = e2e.open_plan_issue(workflow.fake, PLAN)
    workflow.run("issues", e2e.label_event(parent))
    roadmap = e2e.roadmap_text(workflow.fake, parent)
    kept = read_block(roadmap, REPO, parent["number"])
    assert kept is not None
    workflow.fake.add_comment(REPO, parent["number"], roadmap.replace("Component", "Forged"), user="mallory")
    e2e.post_command(workflow, parent, "/status", sender="octocat")
    own = [c for c in workflow.fake.comments(REPO, parent["number"]) if c["user"]["login"] == ACTIONS_BOT]
    assert len([c for c in own if "coordinator:roadmap" in c["body"]]) == 1
    assert len(e2e.sub_issues(workflow.fake, parent["number"])) == 3


def test_a_state_block_edited_to_lie_is_dropped_for_the_markers(workflow: InProcess) -> None:
    """Anyone with write access can edit the roadmap: a block pointing a task at another issue is
    not believed; the state is rebuilt from the sub-issues' markers, and nothing is duplicated."""
    parent = e2e.open_plan_issue(workflow.fake, PLAN)
    workflow.run("issues", e2e.label_event(parent))
    roadmap = next(c for c in workflow.fake.comments(REPO, parent["number"]) if "coordinator:roadmap" in c["body"])
    kept = read_block(roadmap["body"], REPO, parent["number"])
    assert kept is not None
    victim = workflow.fake.add_issue(REPO, "Unrelated", "not a task")
    next(iter(kept.tasks.values())).issue_number = victim["number"]
    forged = strip_block(roadmap["body"]) + state_block(kept, 60_000)
    workflow.fake._repos[REPO].comments[roadmap["id"]].body = forged  # an edit in GitHub's web editor
    e2e.post_command(workflow, parent, "/status", sender="octocat")
    assert e2e.current(workflow.fake, victim)["state"] == "open" and e2e.current(workflow.fake, victim)["body"] == (
        "not a task")
    assert len([i for i in workflow.fake.issues(REPO) if i["title"].startswith("Build component")]) == 3
    rebuilt = read_block(e2e.roadmap_text(workflow.fake, parent), REPO, parent["number"])
    assert rebuilt is not None
    assert sorted(task.issue_number or 0 for task in rebuilt.tasks.values()) == sorted(
        issue["number"] for issue in e2e.sub_issues(workflow.fake, parent["number"]))


def test_a_personal_token_writes_as_its_user(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with FakeGitHub(token=TOKEN, api_user="octo-maintainer") as fake:
        fake.add_repo(REPO)
        fake.set_permission(REPO, "octocat", "maintain")
        runner = InProcess(fake, TOKEN, tmp_path, monkeypatch)
        parent = e2e.open_plan_issue(fake, PLAN)
        runner.run("issues", e2e.label_event(parent))
        runner.run("issues", e2e.label_event(parent))  # a re-run: its roadmap is found as its own
        assert len(e2e.bot_comments(fake, parent["number"], "roadmap")) == 1
        assert [r.path for r in fake.requests if r.path == "/user"] == ["/user", "/user"]


def test_another_apps_token_names_its_bot(workflow: InProcess) -> None:
    """COORDINATOR_BOT_LOGIN (the action's `bot-login`) is taken as is: GitHub is not asked."""
    workflow.monkeypatch.setenv("COORDINATOR_BOT_LOGIN", ACTIONS_BOT)
    parent = e2e.open_plan_issue(workflow.fake, PLAN)
    workflow.run("issues", issue_payload("labeled", repo=REPO, number=parent["number"], issue_id=parent["id"],
                                         title=parent["title"], body=PLAN, labels=["coordinate"],
                                         label="coordinate"))
    assert not [r for r in workflow.fake.requests if r.path == "/user"]
    assert len(e2e.sub_issues(workflow.fake, parent["number"])) == 3


def test_a_comment_on_a_pull_request_is_no_plan(workflow: InProcess) -> None:
    """A pull request is never a plan: nothing is rebuilt for it (no sub-issues list is asked of it)."""
    pull = workflow.fake.add_pull(REPO, "Some change", "body")
    on_pull = comment_payload("created", repo=REPO, issue_number=pull["number"], issue_id=pull["id"],
                              issue_title="Some change", comment_id=11, body="/status", is_pull_request=True)
    assert workflow.run("issue_comment", on_pull) == 0
    assert not [r for r in workflow.fake.requests if r.path.endswith(f"/issues/{pull['number']}/sub_issues")]


def test_a_sub_issue_removed_from_the_plan_by_hand_keeps_the_block_trusted(workflow: InProcess) -> None:
    """Someone removes a sub-issue from the parent: its marker still names the task, so the block holds."""
    parent = e2e.open_plan_issue(workflow.fake, PLAN)
    workflow.run("issues", e2e.label_event(parent))
    first = e2e.sub_issues(workflow.fake, parent["number"])[0]
    with workflow.fake._lock:  # "Remove sub-issue" in GitHub's web interface
        workflow.fake._children[parent["id"]].remove(first["id"])
        del workflow.fake._parent[first["id"]]
    before = read_block(e2e.roadmap_text(workflow.fake, parent), REPO, parent["number"])
    e2e.post_command(workflow, parent, "/status", sender="octocat")
    after = read_block(e2e.roadmap_text(workflow.fake, parent), REPO, parent["number"])
    assert before is not None and after is not None
    assert after.started_at == before.started_at  # the same block, not one rebuilt from markers
    assert {key: task.issue_number for key, task in after.tasks.items()} == {
        key: task.issue_number for key, task in before.tasks.items()}
    assert len([i for i in workflow.fake.issues(REPO) if i["title"].startswith("Build component")]) == 3


def test_an_edit_that_drops_the_reference_releases_the_task(workflow: InProcess) -> None:
    """With no database, the plan a pull request was linked to before an edit is found from the
    edit's `changes.body.from`, as GitHub sends it."""
    parent = e2e.open_plan_issue(workflow.fake, PLAN)
    workflow.run("issues", e2e.label_event(parent))
    first = e2e.sub_issues(workflow.fake, parent["number"])[0]
    pull = e2e.open_pull(workflow, closes=[first["number"]])
    assert "status:in-progress" in e2e.labels_of(e2e.current(workflow.fake, first))
    workflow.fake.set_issue(REPO, pull["number"], body="Unrelated clean-up")
    payload = pull_payload("edited", repo=REPO, number=pull["number"], title=pull["title"],
                           body="Unrelated clean-up", head_ref=pull["head"]["ref"], head_sha=pull["head"]["sha"])
    payload["changes"] = {"body": {"from": pull["body"]}}
    assert workflow.run("pull_request", payload) == 0
    assert "status:ready" in e2e.labels_of(e2e.current(workflow.fake, first))


def test_an_event_that_changes_nothing_writes_nothing(workflow: InProcess) -> None:
    """The roadmap (and its block) is edited only when its text changes, as in the server."""
    parent = e2e.open_plan_issue(workflow.fake, PLAN)
    workflow.run("issues", e2e.label_event(parent))
    workflow.fake.clear_requests()
    e2e.deliver_issue(workflow, parent, "edited")  # an edit of a running plan is not re-planned
    workflow.run("issues", e2e.label_event(parent))  # the same label again (a re-run of the workflow)
    assert workflow.fake.writes() == []
