"""The gateway's judgement requests against the fake GitHub: issue dependencies by id, both kinds of CI
verdict, reviews, and GitHub's documented refusals."""

from __future__ import annotations

import pytest

from bot.gateway import GitHubError, GitHubGateway, NotFound, RepoGateway
from bot.github_models import CheckRecord, ReviewRecord
from bot.settings import Settings
from tests.fakes.github_server import FakeGitHub
from tests.fixtures.github import REPO


@pytest.fixture
def gh(gateway_settings: Settings) -> RepoGateway:
    return GitHubGateway(gateway_settings, backoff_factor=0.001).repo(REPO)


def test_blocked_by_links_name_the_blocker_by_id_and_removing_an_absent_link_is_fine(
    fake_github: FakeGitHub, gh: RepoGateway
) -> None:
    blocked, blocker = fake_github.add_issue(REPO, "Blocked"), fake_github.add_issue(REPO, "Blocker")
    gh.add_blocked_by(blocked["number"], blocker["id"])

    assert fake_github.blocked_by(REPO, blocked["number"]) == [blocker["number"]]
    assert [issue.number for issue in gh.blocked_by(blocked["number"])] == [blocker["number"]]
    gh.remove_blocked_by(blocked["number"], blocker["id"])
    gh.remove_blocked_by(blocked["number"], blocker["id"])  # 404: already gone
    assert fake_github.blocked_by(REPO, blocked["number"]) == []


def test_github_refuses_duplicates_pull_requests_numbers_and_itself(fake_github: FakeGitHub, gh: RepoGateway) -> None:
    blocked, blocker = fake_github.add_issue(REPO, "Blocked"), fake_github.add_issue(REPO, "Blocker")
    pull = fake_github.add_pull(REPO)
    gh.add_blocked_by(blocked["number"], blocker["id"])
    for blocking_id, status in ((blocker["id"], 422), (pull["id"], 422), (blocked["id"], 422)):
        with pytest.raises(GitHubError) as refused:
            gh.add_blocked_by(blocked["number"], blocking_id)
        assert refused.value.status == status
    with pytest.raises(NotFound):
        gh.add_blocked_by(blocked["number"], blocker["number"])  # a number is no issue id
    assert fake_github.violations == []


def test_commit_checks_read_statuses_and_check_runs_of_a_sha_or_a_branch(
    fake_github: FakeGitHub, gh: RepoGateway
) -> None:
    sha = "a" * 40
    gh.set_status(sha, "success", "ci/lint", "ok")
    fake_github.add_check_run(REPO, sha, "build", conclusion="failure")
    fake_github.add_check_run(REPO, sha, "build", conclusion="success")  # re-run: the latest counts
    fake_github.set_branch_head(REPO, "main", sha)

    for ref in (sha, "main"):
        found_sha, checks = gh.commit_checks(ref)
        assert found_sha == sha
        assert checks == [CheckRecord(source="status", name="ci/lint", state="success"),
                          CheckRecord(source="check_run", name="build", state="completed", conclusion="success")]
    assert gh.commit_checks("b" * 40) == ("b" * 40, [])


def test_reviews_are_read_oldest_first(fake_github: FakeGitHub, gh: RepoGateway) -> None:
    pull = fake_github.add_pull(REPO)
    fake_github.add_review(REPO, pull["number"], "ana", "CHANGES_REQUESTED")
    fake_github.add_review(REPO, pull["number"], "ana", "APPROVED")
    assert [(r.author, r.state) for r in gh.pull_reviews(pull["number"])] == [
        ("ana", "CHANGES_REQUESTED"), ("ana", "APPROVED")]
    assert all(isinstance(r, ReviewRecord) for r in gh.pull_reviews(pull["number"]))


def test_file_url_is_the_files_page_or_none(fake_github: FakeGitHub, gh: RepoGateway) -> None:
    fake_github.set_file(REPO, "CONTRIBUTING.md", "# Contributing\n")
    assert gh.file_url("CONTRIBUTING.md") == f"https://github.com/{REPO}/blob/main/CONTRIBUTING.md"
    assert gh.file_url("MISSING.md") is None


def test_a_file_without_a_page_in_the_answer_links_its_blob_page_at_head(fake_github: FakeGitHub,
                                                                          gh: RepoGateway) -> None:
    fake_github.set_file(REPO, "docs/CONVENTIONS.md", "# Conventions\n", page=False)
    assert gh.file_url("docs/CONVENTIONS.md") == f"https://github.com/{REPO}/blob/HEAD/docs/CONVENTIONS.md"
