"""A fake GitHub REST API: a real HTTP server on 127.0.0.1 that PyGithub (or anything else) can talk to.

It answers with GitHub's JSON shapes, paginates with absolute `Link` headers, checks tokens and App JWTs,
and can be told to fail through `fake.faults` (bot/testing/faults.py: 5xx bursts, secondary rate limits with
`Retry-After`, answers lost after the request took effect, a client held mid-request), or lose an issue
(`delete_issue`). Tests seed and inspect
state through the Python API (`add_issue`, `issues`, `requests`, ...); everything is kept in memory under
one lock. Issue and pull-request numbers share one sequence per repository; ids come from a separate,
much larger sequence, so confusing an id with a number fails loudly, as it would on GitHub.

The pieces live beside it, each named for its concern: `github_model` (issues, comments, repositories,
errors), `github_state` (state helpers and JSON shapes), `github_http` (server, routing, pagination),
`github_inspection` (what tests read back), and one routes mixin per resource family (`github_apps`,
`github_repos`, `github_issues`, `github_sub_issues`, `github_pulls`, `github_judgement`). This module
holds the route table and composes them into `FakeGitHub` with its seeding and lifecycle API; the public
names stay importable from here.
"""

from __future__ import annotations

import functools
import itertools
import re
import secrets
import threading
from typing import Any, Self

from bot.testing.faults import Faults
from bot.testing.github_apps import AppRoutes
from bot.testing.github_http import RecordedRequest, _Handler, _Server
from bot.testing.github_inspection import Inspection
from bot.testing.github_issues import REACTIONS, IssueRoutes
from bot.testing.github_judgement import JUDGEMENT_ROUTES, JudgementRoutes
from bot.testing.github_model import DOCS, ApiError, Reply, _file_json, _Issue, _now, _Repo
from bot.testing.github_pulls import STATUS_STATES, PullRoutes
from bot.testing.github_repos import LEGACY_PERMISSION, RepoRoutes
from bot.testing.github_sub_issues import SubIssueRoutes

__all__ = [
    "DOCS", "LEGACY_PERMISSION", "REACTIONS", "ROUTES", "STATUS_STATES", "ApiError", "FakeGitHub",
    "RecordedRequest", "Reply",
]


R = r"/repos/(?P<owner>[^/]+)/(?P<name>[^/]+)"
N = r"(?P<num>\d+)"
# (method, path pattern, handler name, authentication: "token" | "jwt" | "none")
ROUTES: list[tuple[str, str, str, str]] = [
    ("GET", r"/rate_limit", "_rate_limit", "none"),
    ("POST", r"/graphql", "_graphql", "token"),
    ("POST", r"/app/installations/(?P<inst>\d+)/access_tokens", "_access_token", "jwt"),
    ("GET", r"/app", "_get_app", "jwt"),
    ("GET", r"/user", "_authenticated_user", "token"),
    ("GET", R + r"/installation", "_repo_installation", "jwt"),
    ("GET", R, "_get_repo", "token"),
    ("GET", R + r"/issues", "_list_issues", "token"),
    ("POST", R + r"/issues", "_create_issue", "token"),
    ("GET", R + r"/issues/comments/(?P<cid>\d+)", "_get_comment", "token"),
    ("PATCH", R + r"/issues/comments/(?P<cid>\d+)", "_edit_comment", "token"),
    ("POST", R + r"/issues/comments/(?P<cid>\d+)/reactions", "_add_reaction", "token"),
    ("GET", R + rf"/issues/{N}", "_get_issue", "token"),
    ("PATCH", R + rf"/issues/{N}", "_edit_issue", "token"),
    ("POST", R + rf"/issues/{N}/labels", "_add_issue_labels", "token"),
    ("PUT", R + rf"/issues/{N}/labels", "_set_issue_labels", "token"),
    ("DELETE", R + rf"/issues/{N}/labels/(?P<label>[^/]+)", "_remove_issue_label", "token"),
    ("POST", R + rf"/issues/{N}/assignees", "_add_assignees", "token"),
    ("DELETE", R + rf"/issues/{N}/assignees", "_remove_assignees", "token"),
    ("GET", R + rf"/issues/{N}/comments", "_list_comments", "token"),
    ("POST", R + rf"/issues/{N}/comments", "_create_comment", "token"),
    ("GET", R + rf"/issues/{N}/sub_issues", "_list_sub_issues", "token"),
    ("POST", R + rf"/issues/{N}/sub_issues", "_add_sub_issue", "token"),
    ("DELETE", R + rf"/issues/{N}/sub_issue", "_remove_sub_issue", "token"),
    ("GET", R + r"/labels", "_list_labels", "token"),
    ("POST", R + r"/labels", "_create_label", "token"),
    ("GET", R + r"/labels/(?P<label>[^/]+)", "_get_label", "token"),
    ("GET", R + r"/pulls", "_list_pulls", "token"),
    ("GET", R + rf"/pulls/{N}", "_get_pull", "token"),
    ("GET", R + rf"/pulls/{N}/files", "_list_pull_files", "token"),
    ("POST", R + r"/statuses/(?P<sha>[^/]+)", "_create_status", "token"),
    ("GET", R + r"/commits/(?P<sha>[^/]+)/statuses", "_list_statuses", "token"),
    ("GET", R + r"/collaborators/(?P<login>[^/]+)/permission", "_permission", "token"),
    ("GET", R + r"/contents(?:/(?P<path>.*))?", "_get_contents", "token"),
    *JUDGEMENT_ROUTES,
]
_COMPILED = [(method, re.compile(f"^{pattern}$"), name, auth) for method, pattern, name, auth in ROUTES]


class FakeGitHub(Inspection, IssueRoutes, SubIssueRoutes, RepoRoutes, PullRoutes, AppRoutes, JudgementRoutes):
    """In-memory GitHub; `start()` serves it on a free loopback port, `url` is the base_url to use."""

    _routes = _COMPILED

    def __init__(self, *, token: str = "test-token", prefix: str = "", html_base: str = "https://github.com",
                 api_user: str = "feature-coordinator[bot]") -> None:
        self.prefix = prefix.rstrip("/")  # e.g. "/api/v3" to look like GitHub Enterprise Server
        self.html_base = html_base
        self.api_user = api_user  # author of what is created through the API
        self.latency = 0.0
        self.token_ttl = 3600.0
        self._lock = threading.RLock()
        self._ids = itertools.count(10_000_001)
        self._repos: dict[str, _Repo] = {}
        self._by_id: dict[int, _Issue] = {}
        self._children: dict[int, list[int]] = {}  # parent id -> child ids
        self._parent: dict[int, int] = {}  # child id -> parent id
        self._users: dict[str, int] = {}
        self._tokens: set[str] = {token}
        self._installation_tokens: dict[str, float] = {}
        self._apps: dict[str, tuple[int, str]] = {}  # JWT issuer (app id or client id) -> (app id, key)
        self._installations: dict[int, int] = {}  # installation id -> app id
        self.faults = Faults()
        self._requests: list[RecordedRequest] = []
        self._remaining = 5000
        self._server: _Server | None = None
        self.crashes: list[str] = []  # tracebacks of handler bugs (answered as 500)
        self.violations: list[str] = []  # requests GitHub's REST description does not document
        self._origin = ""
        self._init_judgement()

    # ----------------------------------------------------------------- lifecycle

    def start(self) -> Self:
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.fake = self
        self._origin = f"http://127.0.0.1:{self._server.server_address[1]}"
        serve = functools.partial(self._server.serve_forever, poll_interval=0.02)  # quick to stop
        threading.Thread(target=serve, name="fake-github", daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, error: type[BaseException] | None, *_: object) -> None:
        self.stop()
        if error is None:
            self.assert_documented()

    def assert_documented(self) -> None:
        """Fails when the client sent anything GitHub's REST description does not document."""
        assert not self.violations, "requests GitHub does not document:\n" + "\n".join(sorted(set(self.violations)))

    # ----------------------------------------------------------------- seeding

    def add_repo(self, full_name: str, default_branch: str = "main") -> dict[str, Any]:
        with self._lock:
            self._repos[full_name] = _Repo(next(self._ids), full_name, default_branch)
            return self._repo_json(self._repos[full_name])

    def add_issue(self, repo: str, title: str, body: str = "", labels: list[str] | tuple[str, ...] = (),
                  user: str = "octocat", *, assignees: list[str] | tuple[str, ...] = (), state: str = "open",
                  state_reason: str | None = None, number: int | None = None, created_at: str | None = None,
                  updated_at: str | None = None) -> dict[str, Any]:
        with self._lock:
            where = self._repos[repo]
            issue = self._new_issue(where, title, body, user, list(labels), list(assignees), number)
            self._apply(issue, {"state": state, "state_reason": state_reason})
            issue.created_at = created_at or issue.created_at
            issue.updated_at = updated_at or issue.updated_at
            return self._issue_json(issue)

    def add_pull(self, repo: str, title: str = "A change", body: str = "", *, head_ref: str = "feature",
                 head_sha: str | None = None, base_ref: str | None = None,
                 files: list[Any] | tuple[Any, ...] = (),
                 merged: bool = False, number: int | None = None, user: str = "octocat") -> dict[str, Any]:
        """A pull request; `files` are names or GitHub file dicts (filename, status, additions, ...)."""
        with self._lock:
            state = self._repos[repo]
            issue = self._new_issue(state, title, body, user, [], [], number)
            issue.pull = {"head_ref": head_ref, "head_sha": head_sha or secrets.token_hex(20),
                          "base_ref": base_ref or state.default_branch, "merged": False, "merged_at": None,
                          "merge_commit_sha": None, "files": [_file_json(f) for f in files]}
        return self.merge_pull(repo, issue.number) if merged else self.pull(repo, issue.number)

    def merge_pull(self, repo: str, number: int, merge_commit_sha: str | None = None) -> dict[str, Any]:
        """Marks the PR merged and closed; linked issues stay as they are (the test decides)."""
        with self._lock:
            issue = self._repos[repo].issues[number]
            assert issue.pull is not None, f"#{number} is not a pull request"
            sha = merge_commit_sha or secrets.token_hex(20)
            issue.pull.update(merged=True, merged_at=_now(), merge_commit_sha=sha)
            issue.state, issue.closed_at, issue.updated_at = "closed", _now(), _now()
            return self._pull_json(issue)

    def set_issue(self, repo: str, number: int, **fields: Any) -> dict[str, Any]:
        """Changes an issue behind the bot's back (title, body, state, state_reason, labels, ...)."""
        with self._lock:
            issue = self._repos[repo].issues[number]
            for key in ("created_at", "updated_at", "user"):
                if key in fields:
                    setattr(issue, key, fields.pop(key))
            self._apply(issue, fields)
            return self._issue_json(issue)

    def add_comment(self, repo: str, number: int, body: str, user: str = "octocat") -> dict[str, Any]:
        with self._lock:
            return self._comment_json(self._new_comment(self._repos[repo], number, body, user))

    def add_label(self, repo: str, name: str, color: str = "ededed", description: str = "") -> dict[str, Any]:
        with self._lock:
            return self._ensure_label(self._repos[repo], name, color, description)

    def set_file(self, repo: str, path: str, text: str, ref: str | None = None, *, page: bool = True) -> None:
        """`page=False`: its contents answer says `html_url: null`, as GitHub's schema allows."""
        with self._lock:
            state = self._repos[repo]
            state.files[(ref or state.default_branch, path.strip("/"))] = text
            if not page:
                state.pageless.add(path.strip("/"))

    def set_permission(self, repo: str, login: str, permission: str, *, role_name: bool = True) -> None:
        """`permission` is a role (admin|maintain|write|triage|read|none); role_name=False mimics old GHES."""
        with self._lock:
            self._repos[repo].permissions[login] = (permission, role_name)

    def link_closing_issue(self, repo: str, pull: int, issue: int, issue_repo: str | None = None) -> None:
        """Links an issue to a pull request by hand (the Development panel): no keyword in the body,
        but GraphQL's `closingIssuesReferences` lists it."""
        with self._lock:
            self._repos[repo].closing_links.setdefault(pull, []).append((issue_repo or repo, issue))

    def set_assignable(self, repo: str, logins: list[str]) -> None:
        """Only `logins` may be assigned; GitHub answers 422 (field `assignees`) for anyone else."""
        with self._lock:
            self._repos[repo].assignable = set(logins)

    def set_token(self, token: str) -> None:
        """From now on only `token` (and App installation tokens) are accepted."""
        with self._lock:
            self._tokens = {token}

    def register_app(self, app_id: int, public_key_pem: str, installation_id: int = 1,
                     client_id: str | None = None) -> None:
        """A GitHub App whose RS256 JWTs are accepted, installed on every repository as `installation_id`.

        GitHub takes the App's id or its client id as the JWT issuer.
        """
        with self._lock:
            for issuer in filter(None, (str(app_id), client_id)):
                self._apps[issuer] = (app_id, public_key_pem)
            self._installations[installation_id] = app_id

    def delete_issue(self, repo: str, number: int) -> None:
        """Deletes an issue as a repository admin can: from now on GitHub answers 410 Gone for it and
        leaves it out of lists. Inspection (`issue`, `issues`, `sub_issues`) still shows it."""
        with self._lock:
            self._repos[repo].issues[number].deleted = True
