"""The fake GitHub's routes for what the coordinator's judgement reads and writes: native issue
dependencies ("blocked by"), check runs and the combined status of a ref, and pull-request reviews.

A mixin of `FakeGitHub` (kept apart, like its other route families): it uses the server's lock, ids and
JSON shapes. Behaviour follows GitHub's documentation and observed answers:

- `POST /issues/{n}/dependencies/blocked_by` takes `{"issue_id": <the blocking issue's id>}` (an id,
  never a number): 201 with the blocking issue; 404 when either issue does not exist; 422 when the
  blocker is a pull request ("Target issue may only be an issue"), the issue itself, already linked,
  or when either side would pass 50 links of that relationship type.
- `DELETE /issues/{n}/dependencies/blocked_by/{issue_id}`: 200 with the blocking issue; 404 when
  there is no such link.
- `GET /commits/{ref}/check-runs` answers `{"total_count", "check_runs"}`, paginated; `filter=latest`
  (the default) keeps the newest run per name.
- `GET /commits/{ref}/status` combines the newest status per context: `failure` when any is failure
  or error, `pending` when any is pending or there are none, `success` otherwise.
- `GET /pulls/{n}/reviews` lists reviews oldest first; 404 for an issue that is not a pull request.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable
from typing import Any

from bot.testing.github_model import ApiError, _invalid, _now, _object

DEPENDENCY_LIMIT = 50  # per relationship type ("blocked by", "blocking") and issue
REVIEW_STATES = {"APPROVED", "CHANGES_REQUESTED", "COMMENTED", "DISMISSED", "PENDING"}
CHECK_CONCLUSIONS = {None, "success", "failure", "neutral", "cancelled", "skipped", "timed_out",
                     "action_required", "stale"}

R = r"/repos/(?P<owner>[^/]+)/(?P<name>[^/]+)"
N = r"(?P<num>\d+)"
JUDGEMENT_ROUTES: list[tuple[str, str, str, str]] = [
    ("GET", R + rf"/issues/{N}/dependencies/blocked_by", "_list_blocked_by", "token"),
    ("POST", R + rf"/issues/{N}/dependencies/blocked_by", "_add_blocked_by", "token"),
    ("DELETE", R + rf"/issues/{N}/dependencies/blocked_by/(?P<blocker>\d+)", "_remove_blocked_by", "token"),
    ("GET", R + r"/commits/(?P<ref>.+)/check-runs", "_list_check_runs", "token"),
    ("GET", R + r"/commits/(?P<ref>.+)/status", "_combined_status", "token"),
    ("GET", R + rf"/pulls/{N}/reviews", "_list_reviews", "token"),
]


class JudgementRoutes:
    """State and handlers; `FakeGitHub.__init__` calls `_init_judgement()`."""

    _lock: threading.RLock
    _by_id: dict[int, Any]
    _repos: dict[str, Any]
    _ids: Any
    html_base: str
    url: Any
    _repo: Callable[..., Any]  # the server's helpers and JSON shapes
    _issue: Callable[..., Any]
    _page: Callable[..., Any]
    _issue_json: Callable[..., Any]
    _repo_json: Callable[..., Any]
    _user_json: Callable[..., Any]

    def _init_judgement(self) -> None:
        self._blocked_by: dict[int, list[int]] = {}  # blocked issue id -> blocking issue ids, in order
        self._check_runs: dict[tuple[str, str], list[dict[str, Any]]] = {}  # (repo, sha) -> runs, newest first
        self._reviews: dict[tuple[str, int], list[dict[str, Any]]] = {}  # (repo, pull) -> reviews, oldest first
        self._heads: dict[tuple[str, str], str] = {}  # (repo, branch) -> head sha, for refs given by name

    # ----------------------------------------------------------------- seeding and inspection

    def add_check_run(self, repo: str, sha: str, name: str, *, status: str = "completed",
                      conclusion: str | None = "success") -> dict[str, Any]:
        """A check run on `sha` (as a CI app would create it); the newest per name counts."""
        assert conclusion in CHECK_CONCLUSIONS and status in {"queued", "in_progress", "completed"}
        with self._lock:
            run_id = next(self._ids)
            run = {"id": run_id, "node_id": f"CR_{run_id}", "head_sha": sha, "name": name, "status": status,
                   "conclusion": conclusion if status == "completed" else None,
                   "external_id": "", "details_url": f"{self.html_base}/{repo}/runs/{run_id}",
                   "html_url": f"{self.html_base}/{repo}/runs/{run_id}", "started_at": _now(),
                   "completed_at": _now() if status == "completed" else None,
                   "output": {"title": None, "summary": None, "text": None, "annotations_count": 0},
                   "app": {"id": 15368, "slug": "github-actions", "name": "GitHub Actions"}, "pull_requests": []}
            self._check_runs.setdefault((repo, sha), []).insert(0, run)
            return dict(run)

    def add_review(self, repo: str, pull: int, user: str, state: str, *, commit_id: str = "") -> dict[str, Any]:
        """A review submitted on a pull request (APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED)."""
        assert state in REVIEW_STATES
        with self._lock:
            review_id = next(self._ids)
            review = {"id": review_id, "node_id": f"PRR_{review_id}", "user": self._user_json(user),
                      "body": "", "state": state, "commit_id": commit_id or secrets.token_hex(20),
                      "submitted_at": _now(), "author_association": "COLLABORATOR",
                      "html_url": f"{self.html_base}/{repo}/pull/{pull}#pullrequestreview-{review_id}"}
            self._reviews.setdefault((repo, pull), []).append(review)
            return dict(review)

    def blocked_by(self, repo: str, number: int) -> list[int]:
        """Numbers of the issues `number` is natively blocked by, in the order they were linked."""
        with self._lock:
            issue = self._repos[repo].issues[number]
            return [self._by_id[i].number for i in self._blocked_by.get(issue.id, [])]

    # ----------------------------------------------------------------- handlers: dependencies

    def _list_blocked_by(self, req: Any, owner: str, name: str, num: str) -> Any:
        issue = self._issue(self._repo(owner, name), num)
        blockers = [self._by_id[i] for i in self._blocked_by.get(issue.id, [])]
        return self._page(req, [self._issue_json(b) for b in blockers])

    def _add_blocked_by(self, req: Any, owner: str, name: str, num: str) -> Any:
        issue = self._issue(self._repo(owner, name), num)
        blocker_id = _object(req.body).get("issue_id")
        if not isinstance(blocker_id, int) or isinstance(blocker_id, bool):
            raise ApiError(422, "Invalid request.\n\nFor 'properties/issue_id', it is not an integer.")
        blocker = self._by_id.get(blocker_id)
        if blocker is None or blocker.repo.split("/")[0].lower() != owner.lower():
            raise ApiError(404, "Not Found")
        if blocker.pull is not None:
            raise _invalid("Issue", "issue_id", "custom", "Target issue may only be an issue")
        if blocker is issue:
            raise _invalid("Issue", "issue_id", "custom", "An issue cannot be blocked by itself")
        links = self._blocked_by.setdefault(issue.id, [])
        if blocker_id in links:
            raise _invalid("Issue", "issue_id", "custom", "Issue is already blocked by this issue")
        blocking = sum(1 for ids in self._blocked_by.values() if blocker_id in ids)
        if len(links) >= DEPENDENCY_LIMIT or blocking >= DEPENDENCY_LIMIT:
            raise _invalid("Issue", "issue_id", "custom",
                           f"An issue can have at most {DEPENDENCY_LIMIT} dependencies of each type")
        links.append(blocker_id)
        return 201, self._issue_json(blocker), {}

    def _remove_blocked_by(self, req: Any, owner: str, name: str, num: str, blocker: str) -> Any:
        issue = self._issue(self._repo(owner, name), num)
        links = self._blocked_by.get(issue.id, [])
        if int(blocker) not in links:
            raise ApiError(404, "Not Found")
        links.remove(int(blocker))
        return 200, self._issue_json(self._by_id[int(blocker)]), {}

    # ----------------------------------------------------------------- handlers: checks, statuses, reviews

    def _list_check_runs(self, req: Any, owner: str, name: str, ref: str) -> Any:
        repo = self._repo(owner, name)
        runs = self._check_runs.get((repo.full_name, self._sha(repo, ref)), [])
        if req.query.get("filter", "latest") == "latest":
            newest: dict[str, dict[str, Any]] = {}
            for run in runs:
                newest.setdefault(run["name"], run)
            runs = list(newest.values())
        if "check_name" in req.query:
            runs = [run for run in runs if run["name"] == req.query["check_name"]]
        if "status" in req.query:
            runs = [run for run in runs if run["status"] == req.query["status"]]
        status, page, headers = self._page(req, runs)
        return status, {"total_count": len(runs), "check_runs": page}, headers

    def _combined_status(self, req: Any, owner: str, name: str, ref: str) -> Any:
        repo = self._repo(owner, name)
        sha = self._sha(repo, ref)
        newest: dict[str, dict[str, Any]] = {}
        for status in repo.statuses.get(sha, []):  # newest first
            newest.setdefault(status["context"], status)
        states = [status["state"] for status in newest.values()]
        combined = ("failure" if {"failure", "error"} & set(states)
                    else "pending" if "pending" in states or not states else "success")
        _, page, headers = self._page(req, list(newest.values()))
        api = f"{self.url}/repos/{repo.full_name}"
        return 200, {"state": combined, "statuses": page, "sha": sha, "total_count": len(newest),
                     "repository": self._repo_json(repo),
                     "commit_url": f"{api}/commits/{sha}", "url": f"{api}/commits/{sha}/status"}, headers

    def _sha(self, repo: Any, ref: str) -> str:
        """A branch name stands for its head commit (`set_branch_head`); anything else is a sha."""
        return self._heads.get((repo.full_name, ref), ref)

    def set_branch_head(self, repo: str, branch: str, sha: str) -> None:
        """`branch` (e.g. the default branch) now points at `sha`, for refs given by name."""
        with self._lock:
            self._heads[(repo, branch)] = sha

    def _list_reviews(self, req: Any, owner: str, name: str, num: str) -> Any:
        repo = self._repo(owner, name)
        issue = self._issue(repo, num)
        if issue.pull is None:
            raise ApiError(404, "Not Found")
        return self._page(req, list(self._reviews.get((repo.full_name, issue.number), [])))
