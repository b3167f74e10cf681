"""The gateway against the fake GitHub: records, request counts, pagination, retries, auth and errors."""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from bot.gateway import API_VERSION, GitHubError, GitHubGateway, NotFound, RepoGateway, primary_limit_wait
from bot.github_models import LabelSpec
from bot.settings import Settings
from bot.testing.github import FakeGitHub
from bot.testing.network import free_port
from tests.fixtures.github import REPO, settings_for

FAST = 0.01  # backoff factor for tests that are about retry counts, not about waiting


@pytest.fixture
def gateway(gateway_settings: Settings) -> GitHubGateway:
    return GitHubGateway(gateway_settings, backoff_factor=FAST)


@pytest.fixture
def gh(gateway: GitHubGateway) -> RepoGateway:
    return gateway.repo(REPO)


def calls(fake: FakeGitHub) -> list[tuple[str, str]]:
    return [(r.method, r.path.removeprefix(f"/repos/{REPO}")) for r in fake.requests]


# ------------------------------------------------------------------ reads and records


def test_get_issue_keeps_id_and_number_apart(fake_github: FakeGitHub, gh: RepoGateway) -> None:
    seeded = fake_github.add_issue(REPO, "Plan", "body", ["plan"], "alice", assignees=["bob"])
    issue = gh.get_issue(seeded["number"])
    assert (issue.id, issue.number) == (seeded["id"], 1)
    assert issue.id != issue.number
    assert (issue.title, issue.body, issue.labels, issue.assignees) == ("Plan", "body", ("plan",), ("bob",))
    assert (issue.author, issue.is_pull_request) == ("alice", False)
    assert issue.html_url.endswith("/issues/1")
    assert calls(fake_github) == [("GET", "/issues/1")]


def test_a_repository_named_in_another_case_is_the_same_repository(fake_github: FakeGitHub,
                                                                   gateway: GitHubGateway) -> None:
    """GitHub's owner and repository names ignore case; what it answers is spelt its own way."""
    issue = fake_github.add_issue(REPO, "task")
    pull = fake_github.add_pull(REPO)
    fake_github.link_closing_issue(REPO, pull["number"], issue["number"])
    shouted = gateway.repo(REPO.upper())
    assert shouted.get_issue(issue["number"]).id == issue["id"]
    assert shouted.closing_issues(pull["number"]) == {issue["number"]}


def test_pull_requests_read_as_issues_are_marked(fake_github: FakeGitHub, gh: RepoGateway) -> None:
    pull = fake_github.add_pull(REPO, "Feature", head_ref="feat", files=["a.py"])
    assert gh.get_issue(pull["number"]).is_pull_request
    record = gh.get_pull(pull["number"])
    assert (record.head_ref, record.base_ref, record.merged, record.head_sha) == (
        "feat", "main", False, pull["head"]["sha"])
    fake_github.merge_pull(REPO, pull["number"], merge_commit_sha="f" * 40)
    merged = gh.get_pull(pull["number"])
    assert (merged.merged, merged.state, merged.merge_commit_sha) == (True, "closed", "f" * 40)


def test_list_issues_reads_every_page(fake_github: FakeGitHub, gh: RepoGateway) -> None:
    for n in range(250):
        fake_github.add_issue(REPO, f"issue {n}", labels=["task"] if n % 2 else [])
    issues = gh.list_issues()
    assert sorted(i.number for i in issues) == list(range(1, 251))
    pages = [r for r in fake_github.requests if r.path.endswith("/issues")]
    assert len(pages) == 3
    assert pages[0].query == {"state": "all", "per_page": "100"}
    assert len(gh.list_issues(labels=["task"])) == 125


def test_list_issues_filters_by_state_and_since(fake_github: FakeGitHub, gh: RepoGateway) -> None:
    fake_github.add_issue(REPO, "old", updated_at="2020-01-01T00:00:00Z")
    fake_github.add_issue(REPO, "closed", state="closed")
    since = datetime.now(UTC) - timedelta(hours=1)
    assert [i.title for i in gh.list_issues(since=since)] == ["closed"]
    assert [i.title for i in gh.list_issues(state="open")] == ["old"]
    assert fake_github.requests[0].query["since"].endswith("Z")


def test_lists_of_comments_sub_issues_and_files_are_complete(fake_github: FakeGitHub, gh: RepoGateway) -> None:
    parent = fake_github.add_issue(REPO, "parent")["number"]
    for n in range(250):
        fake_github.add_comment(REPO, parent, f"comment {n}")
    children = [gh.create_issue(f"child {n}", "", [], []) for n in range(100)]
    for child in children:
        gh.add_sub_issue(parent, child.id)
    pull = fake_github.add_pull(REPO, files=[f"src/{n}.py" for n in range(150)])["number"]
    fake_github.clear_requests()

    assert [c.body for c in gh.list_comments(parent)] == [f"comment {n}" for n in range(250)]
    assert [i.id for i in gh.list_sub_issues(parent)] == [c.id for c in children]
    assert len(gh.pull_files(pull)) == 150
    assert len(fake_github.requests) == 3 + 1 + 2


def test_read_file_decodes_text_and_returns_none_when_absent(fake_github: FakeGitHub, gh: RepoGateway) -> None:
    fake_github.set_file(REPO, ".github/coordinator.yml", "roles: {}\nnote: héllo\n")
    fake_github.set_file(REPO, ".github/coordinator.yml", "branch: yes\n", ref="dev")
    assert gh.read_file(".github/coordinator.yml") == "roles: {}\nnote: héllo\n"
    assert gh.read_file(".github/coordinator.yml", ref="dev") == "branch: yes\n"
    assert gh.read_file("missing.yml") is None
    assert gh.read_file(".github") is None  # a directory
    assert gh.default_branch() == "main"


@pytest.mark.parametrize(
    ("role", "role_name", "expected"),
    [("maintain", True, "maintain"), ("triage", True, "triage"), ("maintain", False, "write"),
     ("admin", False, "admin"), (None, True, "none")],
)
def test_permission_prefers_role_name(
    fake_github: FakeGitHub, gh: RepoGateway, role: str | None, role_name: bool, expected: str
) -> None:
    if role:
        fake_github.set_permission(REPO, "alice", role, role_name=role_name)
    assert gh.permission("alice") == expected
    assert len(fake_github.requests) == 1


# ------------------------------------------------------------------ writes: state and one request each


def test_create_issue_is_one_post(fake_github: FakeGitHub, gh: RepoGateway) -> None:
    issue = gh.create_issue("Task", "do it", ["task", "area/api"], ["alice"])
    assert calls(fake_github) == [("POST", "/issues")]
    stored = fake_github.issue(REPO, issue.number)
    assert (stored["id"], stored["title"], stored["assignees"][0]["login"]) == (issue.id, "Task", "alice")
    assert issue.labels == ("task", "area/api")
    assert issue.author == fake_github.api_user


WRITES: dict[str, tuple[Callable[[RepoGateway, dict[str, Any]], Any], str, str]] = {
    "comment": (lambda gh, s: gh.create_comment(s["issue"], "hi"), "POST", "/issues/1/comments"),
    "edit_comment": (lambda gh, s: gh.edit_comment(s["comment"], "new"), "PATCH", "/issues/comments/{comment}"),
    "reaction": (lambda gh, s: gh.add_reaction(s["comment"], "eyes"), "POST",
                 "/issues/comments/{comment}/reactions"),
    "edit_issue": (lambda gh, s: gh.edit_issue(s["issue"], body="b", state="closed", state_reason="completed"),
                   "PATCH", "/issues/1"),
    "add_labels": (lambda gh, s: gh.add_labels(s["issue"], ["x", "y"]), "POST", "/issues/1/labels"),
    "remove_label": (lambda gh, s: gh.remove_label(s["issue"], "area/api"), "DELETE",
                     "/issues/1/labels/area%2Fapi"),
    "assignees": (lambda gh, s: gh.set_assignees(s["issue"], ["carol"]), "PATCH", "/issues/1"),
    "sub_issue": (lambda gh, s: gh.add_sub_issue(s["issue"], s["child_id"]), "POST", "/issues/1/sub_issues"),
    "status": (lambda gh, s: gh.set_status("abc", "success", "coordinator", "ok"), "POST", "/statuses/abc"),
}


@pytest.mark.parametrize("name", list(WRITES))
def test_each_write_is_exactly_one_request(fake_github: FakeGitHub, gh: RepoGateway, name: str) -> None:
    issue = fake_github.add_issue(REPO, "Parent", labels=["area/api"])
    child = fake_github.add_issue(REPO, "Child")
    comment = fake_github.add_comment(REPO, issue["number"], "hello")
    seeds = {"issue": issue["number"], "comment": comment["id"], "child_id": child["id"]}
    action, method, path = WRITES[name]
    action(gh, seeds)
    assert calls(fake_github) == [(method, path.format(**seeds))]


def test_writes_change_the_fake(fake_github: FakeGitHub, gh: RepoGateway) -> None:
    number = fake_github.add_issue(REPO, "Parent", labels=["old"])["number"]
    comment = gh.create_comment(number, "first")
    gh.edit_comment(comment.id, "second")
    gh.add_reaction(comment.id, "rocket")
    gh.add_labels(number, ["new"])
    gh.remove_label(number, "old")
    gh.remove_label(number, "never-there")  # absent is fine
    gh.set_assignees(number, ["alice", "bob"])
    gh.edit_issue(number, title="Renamed", state="closed", state_reason="not_planned")
    gh.set_status("abc", "failure", "coordinator", "x" * 300, target_url="https://example.invalid/run")

    stored = fake_github.issue(REPO, number)
    assert [c["body"] for c in fake_github.comments(REPO, number)] == ["second"]
    assert [r["content"] for r in fake_github.reactions(REPO, comment.id)] == ["rocket"]
    assert [label["name"] for label in stored["labels"]] == ["new"]
    assert [a["login"] for a in stored["assignees"]] == ["alice", "bob"]
    assert (stored["title"], stored["state"], stored["state_reason"]) == ("Renamed", "closed", "not_planned")
    status = fake_github.statuses(REPO, "abc")[0]
    assert (status["state"], len(status["description"]), status["target_url"]) == (
        "failure", 140, "https://example.invalid/run")


def test_edit_issue_with_nothing_to_change_sends_nothing(fake_github: FakeGitHub, gh: RepoGateway) -> None:
    gh.edit_issue(1)
    gh.add_labels(1, [])
    assert fake_github.requests == []


def test_add_sub_issue_takes_the_id_not_the_number(fake_github: FakeGitHub, gh: RepoGateway) -> None:
    parent = gh.create_issue("Parent", "", [], [])
    child = gh.create_issue("Child", "", [], [])
    with pytest.raises(GitHubError) as wrong:
        gh.add_sub_issue(parent.number, child.number)
    assert wrong.value.status == 422
    gh.add_sub_issue(parent.number, child.id)
    assert [i["id"] for i in fake_github.sub_issues(REPO, parent.number)] == [child.id]
    assert fake_github.issue(REPO, parent.number)["sub_issues_summary"]["total"] == 1


def test_sub_issue_limits_are_enforced(fake_github: FakeGitHub, gh: RepoGateway) -> None:
    parent, other = (fake_github.add_issue(REPO, t)["number"] for t in ("parent", "other"))
    child = fake_github.add_issue(REPO, "child")["id"]
    gh.add_sub_issue(parent, child)
    with pytest.raises(GitHubError, match="only have one parent") as twice:
        gh.add_sub_issue(other, child)
    assert twice.value.status == 422
    for n in range(99):
        gh.add_sub_issue(parent, fake_github.add_issue(REPO, f"c{n}")["id"])
    with pytest.raises(GitHubError, match="100"):
        gh.add_sub_issue(parent, fake_github.add_issue(REPO, "one too many")["id"])


def test_ensure_labels_creates_only_the_missing(fake_github: FakeGitHub, gh: RepoGateway) -> None:
    fake_github.add_label(REPO, "Status: Ready")
    for n in range(120):
        fake_github.add_label(REPO, f"filler-{n}")
    specs = [LabelSpec(name="status: ready", colour="#00ff00"), LabelSpec(name="status: blocked", colour="#ff0000",
             description="d" * 300)]
    assert gh.ensure_labels(specs) == ["status: blocked"]
    assert calls(fake_github) == [("GET", "/labels"), ("GET", "/labels"), ("POST", "/labels")]
    created = next(x for x in fake_github.labels(REPO) if x["name"] == "status: blocked")
    assert (created["color"], len(created["description"])) == ("ff0000", 100)
    fake_github.clear_requests()
    assert gh.ensure_labels(specs) == []
    assert [m for m, _ in calls(fake_github)] == ["GET", "GET"]


def test_ensure_labels_tolerates_a_race(
    fake_github: FakeGitHub, gh: RepoGateway, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_github.add_label(REPO, "task")  # created by someone else after our GET
    monkeypatch.setattr(gh, "_pages", lambda path, params=None: [])
    assert gh.ensure_labels([LabelSpec(name="task", colour="ededed")]) == []


# ------------------------------------------------------------------ errors, retries, rate limits


def test_missing_issue_is_not_found(fake_github: FakeGitHub, gh: RepoGateway) -> None:
    with pytest.raises(NotFound) as error:
        gh.get_issue(999)
    assert error.value.status == 404
    with pytest.raises(NotFound):
        gh.create_comment(999, "hi")


def test_a_422_names_its_details_as_objects_or_as_plain_strings(fake_github: FakeGitHub, gh: RepoGateway) -> None:
    """GitHub's REST description has two 422 shapes: `errors` of objects, or of plain strings."""
    fake_github.add_issue(REPO, "x")
    for errors, detail in (([{"resource": "IssueComment", "field": "body", "code": "custom",
                              "message": "Body is too long"}], "Body is too long"),
                           (["Body is too long"], "Body is too long")):
        fake_github.faults.fail("POST", r"/comments$", 422, message="Validation Failed", errors=errors)
        with pytest.raises(GitHubError) as error:
            gh.create_comment(1, "x")
        assert (error.value.status, error.value.message) == (422, f"Validation Failed: {detail}")


def test_bad_token_is_401(fake_github: FakeGitHub, gh: RepoGateway) -> None:
    fake_github.set_token("another-token")
    with pytest.raises(GitHubError) as error:
        gh.get_issue(1)
    assert (error.value.status, error.value.message) == (401, "Bad credentials")
    assert "test-token" not in str(error.value)


def test_500_then_success_is_retried(fake_github: FakeGitHub, gateway: GitHubGateway, gh: RepoGateway) -> None:
    fake_github.add_issue(REPO, "x")
    fake_github.faults.fail_next(1, status=500)
    assert gh.get_issue(1).title == "x"
    assert len(fake_github.requests) == 2
    assert gateway.stats == {"requests": 2, "errors": 1, "retries": 1}


def test_502_burst_on_an_idempotent_write_is_retried(
    fake_github: FakeGitHub, gateway: GitHubGateway, gh: RepoGateway
) -> None:
    fake_github.add_issue(REPO, "x")
    fake_github.faults.fail_next(3, status=502)
    gh.edit_issue(1, body="after the storm")
    assert [r.method for r in fake_github.requests] == ["PATCH"] * 4
    assert fake_github.issue(REPO, 1)["body"] == "after the storm"
    assert gateway.stats["retries"] == 3


def test_a_post_answered_with_5xx_is_not_repeated(fake_github: FakeGitHub, gh: RepoGateway) -> None:
    """The object may exist despite the error: the caller looks for it before creating it again."""
    fake_github.add_issue(REPO, "x")
    fake_github.faults.fail_next(1, status=502)
    with pytest.raises(GitHubError) as error:
        gh.create_comment(1, "maybe posted")
    assert error.value.status == 502
    assert [r.method for r in fake_github.requests] == ["POST"]


def test_a_moved_api_on_another_host_is_a_github_error_naming_the_setting(fake_github: FakeGitHub,
                                                                         gh: RepoGateway) -> None:
    """GitHub Enterprise moved, say: PyGithub refuses to follow a 301 off the configured host (RuntimeError)."""
    fake_github.add_issue(REPO, "x")
    fake_github.faults.fail("GET", r"/issues/1$", 301, message="Moved Permanently",
                            headers={"Location": "http://github.example.com/api/v3/repos/o/r/issues/1"})
    with pytest.raises(GitHubError) as error:
        gh.get_issue(1)
    assert error.value.status == 301
    assert "github.example.com" in error.value.message and "GITHUB_API_URL" in error.value.message


def test_a_post_hit_by_the_secondary_rate_limit_is_retried(fake_github: FakeGitHub, gh: RepoGateway) -> None:
    fake_github.add_issue(REPO, "x")
    fake_github.faults.fail_next(1, status=403, retry_after=0)
    gh.create_comment(1, "second try")
    assert [r.method for r in fake_github.requests] == ["POST", "POST"]
    assert len(fake_github.comments(REPO, 1)) == 1


def test_persistent_500_raises_after_the_retries(fake_github: FakeGitHub, gh: RepoGateway) -> None:
    fake_github.faults.fail_next(10, status=500)
    with pytest.raises(GitHubError) as error:
        gh.get_issue(1)
    assert error.value.status == 500
    assert len(fake_github.requests) == 4  # the first try and github_retries=3


def test_secondary_rate_limit_honours_retry_after(fake_github: FakeGitHub, gh: RepoGateway) -> None:
    fake_github.add_issue(REPO, "x")
    fake_github.faults.fail_next(1, status=403, retry_after=1)
    started = time.monotonic()
    gh.edit_issue(1, body="patched")
    assert time.monotonic() - started >= 1.0  # the wait GitHub asked for was kept
    assert [r.method for r in fake_github.requests] == ["PATCH", "PATCH"]
    assert fake_github.issue(REPO, 1)["body"] == "patched"


@pytest.mark.parametrize("status", [403, 429])
def test_secondary_rate_limit_without_retry_after_waits(fake_github: FakeGitHub, gh: RepoGateway,
                                                        status: int) -> None:
    fake_github.add_issue(REPO, "x")
    fake_github.faults.fail_next(1, status=status)
    started = time.monotonic()
    gh.add_labels(1, ["x"])
    assert time.monotonic() - started >= 0.5  # secondary_rate_wait=0.5 in the test settings
    assert len(fake_github.requests) == 2


def test_exhausted_rate_limit_reports_the_wait(fake_github: FakeGitHub,
                                               make_gateway_settings: Callable[..., Settings]) -> None:
    gh = GitHubGateway(make_gateway_settings(github_retries=0)).repo(REPO)
    fake_github.faults.fail_next(1, status=403, retry_after=0)
    with pytest.raises(GitHubError) as error:
        gh.create_comment(1, "x")
    assert (error.value.status, error.value.retry_after) == (403, 0.0)
    assert "secondary rate limit" in error.value.message


def test_a_403_whose_body_the_retries_read_still_names_its_status(fake_github: FakeGitHub, gh: RepoGateway) -> None:
    """PyGithub's retry reads a 403's body to look for a rate limit; the last answer reaches us empty."""
    fake_github.add_issue(REPO, "x")
    fake_github.faults.fail_next(10, status=403)
    with pytest.raises(GitHubError) as error:
        gh.add_labels(1, ["x"])
    assert (error.value.status, str(error.value)) == (403, "GitHub 403: Forbidden")


@pytest.mark.parametrize("status", [403, 429])
def test_a_spent_primary_limit_is_waited_out_until_its_reset(fake_github: FakeGitHub, gh: RepoGateway,
                                                              status: int) -> None:
    fake_github.add_issue(REPO, "x")
    fake_github.faults.spend_primary_limit(status, reset_in=-1)  # already reset: no real waiting here
    gh.add_labels(1, ["x"])
    assert len(fake_github.requests) == 2 and fake_github.issue(REPO, 1)["labels"][0]["name"] == "x"


def test_a_spent_primary_limit_is_known_by_its_headers_not_its_wording(fake_github: FakeGitHub,
                                                                      gh: RepoGateway) -> None:
    """GitHub documents `x-ratelimit-remaining: 0` as the sign; PyGithub only knows some messages."""
    fake_github.add_issue(REPO, "x")
    fake_github.faults.spend_primary_limit(403, reset_in=-1, message="Rate limit reached for installation 7.")
    gh.add_labels(1, ["x"])
    assert len(fake_github.requests) == 2 and fake_github.issue(REPO, 1)["labels"][0]["name"] == "x"


def test_the_primary_limit_wait_runs_to_the_reset() -> None:
    spent = {"x-ratelimit-remaining": "0", "x-ratelimit-reset": "1000"}
    assert primary_limit_wait(429, spent, now=400.0) == 601.0
    assert primary_limit_wait(403, spent, now=400.0) == 601.0
    assert primary_limit_wait(403, spent, now=2000.0) == 0.0
    assert primary_limit_wait(403, {**spent, "x-ratelimit-remaining": "3"}, now=400.0) is None
    assert primary_limit_wait(500, spent, now=400.0) is None


def test_every_request_names_the_api_version(fake_github: FakeGitHub, gh: RepoGateway) -> None:
    fake_github.add_issue(REPO, "x")
    gh.get_issue(1)
    gh.create_comment(1, "hi")
    assert {r.headers.get("x-github-api-version") for r in fake_github.requests} == {API_VERSION}


def test_unreachable_server_is_a_github_error_without_status(fake_github: FakeGitHub) -> None:
    settings = settings_for(fake_github, github_api_url=f"http://127.0.0.1:{free_port()}", github_retries=0)
    gateway = GitHubGateway(settings)
    with pytest.raises(GitHubError) as error:
        gateway.repo(REPO).get_issue(1)
    assert error.value.status is None
    assert gateway.stats["errors"] == 1


def test_latency_is_tolerated_and_requests_are_counted(fake_github: FakeGitHub, gateway: GitHubGateway) -> None:
    fake_github.latency = 0.05
    gh = gateway.repo(REPO)
    gh.create_issue("a", "", [], [])
    gh.list_issues()
    assert gateway.stats == {"requests": 2, "errors": 0, "retries": 0}


# ------------------------------------------------------------------ GitHub App authentication




def app_settings(fake: FakeGitHub, private_key: str) -> Settings:
    return settings_for(fake, github_token=None, github_app_id=4242, github_app_private_key=private_key)


def test_app_installation_token_is_exchanged_once(fake_github: FakeGitHub, app_key: tuple[str, str]) -> None:
    fake_github.register_app(4242, app_key[1], installation_id=77)
    gateway = GitHubGateway(app_settings(fake_github, app_key[0]))
    fake_github.add_issue(REPO, "x")
    assert gateway.repo(REPO, installation_id=77).get_issue(1).title == "x"
    gateway.repo(REPO, installation_id=77).create_comment(1, "hello")
    assert calls(fake_github) == [
        ("POST", "/app/installations/77/access_tokens"), ("GET", "/issues/1"), ("POST", "/issues/1/comments")]
    exchange, *repo_calls = fake_github.requests
    assert exchange.headers["authorization"].startswith("Bearer ")
    assert all(r.headers["authorization"].startswith("token ghs_") for r in repo_calls)


def test_app_finds_the_installation_when_not_given(fake_github: FakeGitHub, app_key: tuple[str, str]) -> None:
    fake_github.register_app(4242, app_key[1], installation_id=78)
    gateway = GitHubGateway(app_settings(fake_github, app_key[0]))
    fake_github.add_issue(REPO, "x")
    gateway.repo(REPO).get_issue(1)
    gateway.repo(REPO).get_issue(1)
    assert [m + " " + p for m, p in calls(fake_github)] == [
        "GET /installation", "POST /app/installations/78/access_tokens", "GET /issues/1", "GET /issues/1"]


def test_app_token_is_refreshed_when_it_expires(fake_github: FakeGitHub, app_key: tuple[str, str]) -> None:
    fake_github.register_app(4242, app_key[1], installation_id=77)
    fake_github.token_ttl = 5  # inside PyGithub's refresh margin: every use renews it
    gh = GitHubGateway(app_settings(fake_github, app_key[0])).repo(REPO, installation_id=77)
    fake_github.add_issue(REPO, "x")
    gh.get_issue(1)
    gh.get_issue(1)
    assert [p for _, p in calls(fake_github)].count("/app/installations/77/access_tokens") == 2


def test_app_with_a_wrong_key_is_refused(fake_github: FakeGitHub, app_key: tuple[str, str]) -> None:
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key()
    fake_github.register_app(4242, other.public_bytes(serialization.Encoding.PEM,
                                                      serialization.PublicFormat.SubjectPublicKeyInfo).decode())
    gh = GitHubGateway(app_settings(fake_github, app_key[0])).repo(REPO, installation_id=1)
    with pytest.raises(GitHubError) as error:
        gh.get_issue(1)
    assert error.value.status == 401


def test_an_app_may_be_named_by_its_client_id(fake_github: FakeGitHub, app_key: tuple[str, str]) -> None:
    fake_github.register_app(4242, app_key[1], installation_id=77, client_id="Iv23liAbCdEf012345")
    settings = settings_for(fake_github, github_token=None, github_app_id="Iv23liAbCdEf012345",
                            github_app_private_key=app_key[0])
    fake_github.add_issue(REPO, "x")
    assert GitHubGateway(settings).repo(REPO).get_issue(1).title == "x"
    with pytest.raises(ValueError, match="numeric id or its client id"):
        settings_for(fake_github, github_token=None, github_app_id="my-app", github_app_private_key=app_key[0])


def test_forgetting_an_installation_drops_its_clients(fake_github: FakeGitHub, app_key: tuple[str, str]) -> None:
    fake_github.register_app(4242, app_key[1], installation_id=78)
    gateway = GitHubGateway(app_settings(fake_github, app_key[0]))
    fake_github.add_issue(REPO, "x")
    gateway.repo(REPO).get_issue(1)
    gateway.forget(78, [REPO])
    gateway.repo(REPO).get_issue(1)
    assert [p for _, p in calls(fake_github)] == [
        "/installation", "/app/installations/78/access_tokens", "/issues/1",
        "/installation", "/app/installations/78/access_tokens", "/issues/1"]


def test_enterprise_base_url_is_used_for_the_token_exchange(app_key: tuple[str, str]) -> None:
    with FakeGitHub(prefix="/api/v3") as fake:
        fake.add_repo(REPO)
        fake.register_app(4242, app_key[1], installation_id=5)
        fake.add_issue(REPO, "x")
        assert fake.url.endswith("/api/v3")
        GitHubGateway(app_settings(fake, app_key[0])).repo(REPO, installation_id=5).get_issue(1)
        assert [r.path for r in fake.requests] == [
            "/api/v3/app/installations/5/access_tokens", f"/api/v3/repos/{REPO}/issues/1"]


# ------------------------------------------------------------------ concurrency and the fake itself


def test_one_gateway_serves_many_threads(fake_github: FakeGitHub, gateway: GitHubGateway) -> None:
    number = fake_github.add_issue(REPO, "busy")["number"]

    def post(worker: int) -> None:
        gh = gateway.repo(REPO)
        for n in range(5):
            gh.create_comment(number, f"{worker}-{n}")

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(post, range(8)))
    assert len(fake_github.comments(REPO, number)) == 40
    assert gateway.stats == {"requests": 40, "errors": 0, "retries": 0}


def test_several_repositories_at_once_through_one_token_each_write_lands_where_meant(
    fake_github: FakeGitHub, gateway: GitHubGateway
) -> None:
    repos = [f"octo-org/repo-{n}" for n in range(6)]
    for name in repos:
        fake_github.add_repo(name)
        fake_github.add_issue(name, f"plan of {name}")

    def work(name: str) -> None:
        gh = gateway.repo(name)
        for n in range(6):
            created = gh.create_issue(f"{name} task {n}", f"body of {name} {n}", [f"from:{name}"], [])
            gh.create_comment(1, f"{name} comment {n}")
            gh.edit_issue(created.number, body=f"edited {name} {n}")
            gh.get_issue(created.number)

    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(work, repos))
    for name in repos:
        tasks = fake_github.issues(name)[1:]
        assert sorted(t["title"] for t in tasks) == [f"{name} task {n}" for n in range(6)]
        assert all(t["body"].startswith(f"edited {name} ") for t in tasks)
        assert {label["name"] for t in tasks for label in t["labels"]} == {f"from:{name}"}
        assert all(c["body"].startswith(name) for c in fake_github.comments(name, 1))
    assert gateway.stats["errors"] == 0


def test_fake_paginates_with_absolute_links_and_answers_unknown_routes(fake_github: FakeGitHub) -> None:
    for n in range(5):
        fake_github.add_issue(REPO, f"i{n}")
    auth = {"Authorization": "token test-token"}
    first = requests.get(f"{fake_github.url}/repos/{REPO}/issues", params={"per_page": 2}, headers=auth, timeout=5)
    assert [i["number"] for i in first.json()] == [5, 4]
    assert first.links["next"]["url"].startswith(fake_github.url)
    assert "page=3" in first.links["last"]["url"]
    last = requests.get(first.links["last"]["url"], headers=auth, timeout=5)
    assert [i["number"] for i in last.json()] == [1]
    assert "next" not in last.links and "prev" in last.links
    assert int(first.headers["X-RateLimit-Remaining"]) < 5000
    missing = requests.get(f"{fake_github.url}/nowhere", headers=auth, timeout=5)
    assert missing.status_code == 404 and missing.json()["message"] == "Not Found"
    assert fake_github.crashes == []
    assert fake_github.violations == ["GET /nowhere: no such operation"]
    fake_github.violations.clear()


def test_writes_beyond_the_burst_are_paced_and_reads_are_not(
    fake_github: FakeGitHub, make_gateway_settings: Callable[..., Settings]
) -> None:
    fake_github.add_issue(REPO, "x")
    gh = GitHubGateway(make_gateway_settings(write_interval=0.2, write_burst=2)).repo(REPO)
    started = time.monotonic()
    for _ in range(5):
        gh.get_issue(1)
    for text in ("one", "two", "three"):  # a burst of two, then the interval
        gh.create_comment(1, text)
    assert time.monotonic() - started >= 0.2  # the interval GitHub's limit asks for was kept


def test_own_comments_are_those_the_app_wrote(fake_github: FakeGitHub, app_key: tuple[str, str]) -> None:
    """Markers count only in the bot's comments; an App writes as `<slug>[bot]`, found once with GET /app."""
    fake_github.register_app(4242, app_key[1], installation_id=77)
    gateway = GitHubGateway(app_settings(fake_github, app_key[0]))
    gh = gateway.repo(REPO, installation_id=77)
    fake_github.add_issue(REPO, "x")
    fake_github.add_comment(REPO, 1, "<!-- coordinator:roadmap -->", user="mallory")
    gh.create_comment(1, "<!-- coordinator:roadmap -->\nmine")
    assert [c.body for c in gh.own_comments(1)] == ["<!-- coordinator:roadmap -->\nmine"]
    gh.own_comments(1)
    assert [p for _, p in calls(fake_github)].count("/app") == 1


def test_own_comments_with_a_token_are_the_token_users(fake_github: FakeGitHub) -> None:
    gh = GitHubGateway(settings_for(fake_github)).repo(REPO)
    fake_github.add_issue(REPO, "x")
    fake_github.add_comment(REPO, 1, "theirs", user="mallory")
    fake_github.add_comment(REPO, 1, "mine", user=fake_github.api_user.upper())
    assert [c.body for c in gh.own_comments(1)] == ["mine"]
