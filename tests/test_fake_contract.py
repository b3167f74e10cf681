"""The fake GitHub holds clients to GitHub's REST description: what it does not document fails the test."""

from __future__ import annotations

import pytest
import requests

from bot.testing.github import FakeGitHub
from bot.testing.openapi import violations
from tests.fixtures.github import REPO, TOKEN


@pytest.mark.parametrize(
    ("method", "path", "query", "body", "problem"),
    [
        ("GET", "/nowhere", {}, None, "GET /nowhere: no such operation"),
        ("PUT", f"/repos/{REPO}/issues", {}, None, "method not allowed"),
        ("GET", f"/repos/{REPO}/issues", {"bogus": "1"}, None, "query parameter 'bogus' is not documented"),
        ("GET", f"/repos/{REPO}/issues", {"state": "gone"}, None, "state='gone' does not fit"),
        ("POST", f"/repos/{REPO}/issues", {}, {"title": "x", "assignee_ids": [1]},
         "assignee_ids: field not documented"),
        ("POST", f"/repos/{REPO}/issues", {}, {"body": "no title"}, ".title: required field missing"),
        ("POST", f"/repos/{REPO}/issues/1/labels", {}, ["bare", "array"], "expected object, got list"),
        ("POST", f"/repos/{REPO}/issues/1/sub_issues", {}, {"sub_issue_id": "7"}, "expected integer, got str"),
        ("PATCH", f"/repos/{REPO}/issues/1", {}, {"state": "done"}, "'done' is not one of"),
    ],
)
def test_undocumented_requests_are_violations(
    method: str, path: str, query: dict[str, str], body: object, problem: str
) -> None:
    found = violations(method, path, query, body)
    assert len(found) == 1 and problem in found[0]


@pytest.mark.parametrize(
    ("method", "path", "query", "body"),
    [
        ("POST", f"/repos/{REPO}/issues", {}, {"title": "T", "body": "B", "labels": ["a"], "assignees": ["x"]}),
        ("POST", f"/repos/{REPO}/issues/1/labels", {}, {"labels": ["a"]}),
        ("DELETE", f"/repos/{REPO}/issues/1/labels/area%2Fapi", {}, None),
        ("PATCH", f"/repos/{REPO}/issues/comments/5", {}, {"body": "x"}),  # not /issues/{issue_number}
        ("GET", f"/repos/{REPO}/contents/.github/coordinator.yml", {"ref": "main"}, None),
        ("GET", f"/repos/{REPO}/issues", {"state": "all", "per_page": "100", "since": "2026-01-01T00:00:00Z"}, None),
        ("POST", "/app/installations/7/access_tokens", {}, None),
        ("POST", "/graphql", {}, {"query": "{ viewer { login } }"}),  # GraphQL: not the REST description
    ],
)
def test_what_the_bot_sends_is_documented(method: str, path: str, query: dict[str, str], body: object) -> None:
    assert violations(method, path, query, body) == []


def test_a_violation_fails_the_test_that_caused_it() -> None:
    with pytest.raises(AssertionError, match=r"issues/create body\.milestone_name"), FakeGitHub(token=TOKEN) as fake:
        fake.add_repo(REPO)
        answer = requests.post(f"{fake.url}/repos/{REPO}/issues", json={"title": "x", "milestone_name": "v1"},
                               headers={"Authorization": f"token {TOKEN}"}, timeout=5)
        assert answer.status_code == 201  # answered as usual: the test fails at the end, with the reason
