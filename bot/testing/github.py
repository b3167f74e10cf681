"""A fake GitHub REST API: a real HTTP server on 127.0.0.1 that PyGithub (or anything else) can talk to.

It answers with GitHub's JSON shapes, paginates with absolute `Link` headers, checks tokens and App JWTs,
and can be told to fail through `fake.faults` (bot/testing/faults.py: 5xx bursts, secondary rate limits with
`Retry-After`, answers lost after the request took effect, a client held mid-request), or lose an issue
(`delete_issue`). Tests seed and inspect
state through the Python API (`add_issue`, `issues`, `requests`, ...); everything is kept in memory under
one lock. Issue and pull-request numbers share one sequence per repository; ids come from a separate,
much larger sequence, so confusing an id with a number fails loudly, as it would on GitHub.
"""

from __future__ import annotations

import base64
import functools
import itertools
import json
import math
import re
import secrets
import threading
import time
import traceback
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

import jwt

from bot.github_limits import (
    ASSIGNEES_PER_ISSUE,
    BODY_CHARS,
    LABEL_DESCRIPTION_CHARS,
    STATUS_DESCRIPTION_CHARS,
    SUB_ISSUES_PER_ISSUE,
)
from bot.testing.faults import Decision, Fault, Faults
from bot.testing.github_judgement import JUDGEMENT_ROUTES, JudgementRoutes
from bot.testing.openapi import violations

DOCS = "https://docs.github.com/rest"
REACTIONS = {"+1", "-1", "laugh", "confused", "heart", "hooray", "rocket", "eyes"}
STATUS_STATES = {"error", "failure", "pending", "success"}
LEGACY_PERMISSION = {"admin": "admin", "maintain": "write", "write": "write", "triage": "read",
                     "read": "read"}

Reply = tuple[int, Any, dict[str, str]]


class ApiError(Exception):
    """An error answer, shaped like GitHub's: message, documentation_url and, for 422, `errors`."""

    def __init__(self, status: int, message: str, errors: list[dict[str, Any]] | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.errors, self.headers = status, message, errors, headers or {}

    def body(self) -> dict[str, Any]:
        data: dict[str, Any] = {"message": self.message, "documentation_url": DOCS,
                                "status": str(self.status)}
        if self.errors:
            data["errors"] = self.errors
        return data


def _invalid(resource: str, field_name: str, code: str = "invalid", message: str | None = None) -> ApiError:
    error = {"resource": resource, "field": field_name, "code": code}
    if message:
        error["message"] = message
    return ApiError(422, "Validation Failed", [error])


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse_time(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise _invalid("Issue", "since", message=f"{text!r} is not a timestamp") from None


@dataclass
class RecordedRequest:
    """One request as the fake received it; `headers` has lower-case names."""

    method: str
    path: str
    query: dict[str, str]
    json: Any
    headers: dict[str, str]


class _ClientGone(Exception):
    """The connection closed before the request's body had all arrived."""


@dataclass
class _Req:
    method: str
    path: str  # without the GHES-style prefix
    raw_path: str
    query: dict[str, str]
    body: Any
    headers: dict[str, str]
    app_id: int | None = None


@dataclass
class _Issue:
    repo: str
    id: int
    number: int
    title: str
    body: str | None
    user: str
    labels: list[str]
    assignees: list[str]
    created_at: str
    updated_at: str
    state: str = "open"
    state_reason: str | None = None
    closed_at: str | None = None
    pull: dict[str, Any] | None = None
    deleted: bool = False  # GitHub answers 410 for it; the fake keeps it for inspection


@dataclass
class _Comment:
    id: int
    repo: str
    number: int
    body: str
    user: str
    created_at: str
    updated_at: str
    reactions: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class _Repo:
    id: int
    full_name: str
    default_branch: str
    issues: dict[int, _Issue] = field(default_factory=dict)
    comments: dict[int, _Comment] = field(default_factory=dict)
    labels: dict[str, dict[str, Any]] = field(default_factory=dict)  # lower-case name -> label JSON
    files: dict[tuple[str, str], str] = field(default_factory=dict)  # (ref, path) -> text
    permissions: dict[str, tuple[str, bool]] = field(default_factory=dict)  # login -> (role, with role_name)
    statuses: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    assignable: set[str] | None = None  # None: anyone may be assigned
    closing_links: dict[int, list[tuple[str, int]]] = field(default_factory=dict)  # PR -> issues linked by hand
    next_number: int = 1


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


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as PyGithub's pooled session expects
    disable_nagle_algorithm = True  # headers and body go out separately: without this, 40 ms per request
    server: _Server

    def _handle(self) -> None:
        self.server.fake._serve(self)

    do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _handle

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: pytest shows failures, not every request."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    fake: FakeGitHub


class FakeGitHub(JudgementRoutes):
    """In-memory GitHub; `start()` serves it on a free loopback port, `url` is the base_url to use."""

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

    @property
    def url(self) -> str:
        return self._origin + self.prefix

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

    def set_file(self, repo: str, path: str, text: str, ref: str | None = None) -> None:
        with self._lock:
            state = self._repos[repo]
            state.files[(ref or state.default_branch, path.strip("/"))] = text

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

    # ----------------------------------------------------------------- inspection

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._requests)

    def clear_requests(self) -> None:
        with self._lock:
            self._requests.clear()

    def writes(self) -> list[RecordedRequest]:
        """Requests that change something: not GETs, and not GraphQL queries (POSTed, but reads)."""
        return [r for r in self.requests if r.method != "GET" and not r.path.endswith("/graphql")]

    def issue(self, repo: str, number: int) -> dict[str, Any]:
        with self._lock:
            return self._issue_json(self._repos[repo].issues[number])

    def issues(self, repo: str) -> list[dict[str, Any]]:
        with self._lock:
            found = sorted(self._repos[repo].issues.values(), key=lambda i: i.number)
            return [self._issue_json(i) for i in found]

    def pull(self, repo: str, number: int) -> dict[str, Any]:
        with self._lock:
            return self._pull_json(self._repos[repo].issues[number])

    def comments(self, repo: str, number: int) -> list[dict[str, Any]]:
        with self._lock:
            state = self._repos[repo]
            return [self._comment_json(c) for c in state.comments.values() if c.number == number]

    def reactions(self, repo: str, comment_id: int) -> list[dict[str, Any]]:
        with self._lock:
            return list(self._repos[repo].comments[comment_id].reactions)

    def sub_issues(self, repo: str, parent: int) -> list[dict[str, Any]]:
        with self._lock:
            parent_id = self._repos[repo].issues[parent].id
            return [self._issue_json(self._by_id[i]) for i in self._children.get(parent_id, [])]

    def statuses(self, repo: str, sha: str) -> list[dict[str, Any]]:
        with self._lock:
            return list(self._repos[repo].statuses.get(sha, []))

    def labels(self, repo: str) -> list[dict[str, Any]]:
        with self._lock:
            return [dict(label) for label in self._repos[repo].labels.values()]

    # ----------------------------------------------------------------- HTTP plumbing

    def _serve(self, h: _Handler) -> None:
        try:
            req = self._read(h)
        except ApiError as error:
            return self._write(h, error.status, error.body(), error.headers)
        except _ClientGone:  # it died mid-request (a test killed it): GitHub never sees such a request
            h.close_connection = True
            return
        problems = violations(req.method, req.path, req.query, req.body)
        with self._lock:
            self.violations += problems
            self._requests.append(RecordedRequest(req.method, req.raw_path, req.query, req.body, req.headers))
            decision = self.faults.decide(req.method, req.raw_path)
        if self.latency:
            time.sleep(self.latency)
        for action in decision.actions:
            action()
        try:
            status, body, headers = self._answer(req, decision)
        except ApiError as error:
            status, body, headers = error.status, error.body(), error.headers
        except Exception as crash:  # a bug in the fake: say so instead of dropping the connection
            self.crashes.append(traceback.format_exc())
            status, body, headers = 500, {"message": f"fake GitHub crashed: {crash!r}"}, {}
        if decision.drop_answer or decision.halt is not None:
            h.close_connection = True  # the client sees the connection close before any answer
            return
        self._write(h, status, body, headers)

    def _answer(self, req: _Req, decision: Decision) -> Reply:
        """The answer, with the scripted faults: an error instead, or after the effect; a halt holds here."""
        halt = decision.halt
        if decision.fail_before is not None:
            raise _fault_error(decision.fail_before)
        if halt is None or halt.apply_first:
            with self._lock:
                reply = self._route(req)
        if halt is not None:
            halt.hold()
            raise ApiError(500, "never sent: the request was held until the client was gone")
        if decision.fail_after is not None:
            raise _fault_error(decision.fail_after)
        return reply

    def _read(self, h: _Handler) -> _Req:
        split = urlsplit(h.path)
        headers = {k.lower(): v for k, v in h.headers.items()}
        length = int(headers.get("content-length") or 0)
        raw = h.rfile.read(length)
        if len(raw) < length:
            raise _ClientGone
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            raise ApiError(400, "Problems parsing JSON") from None
        path = split.path.removeprefix(self.prefix) if split.path.startswith(self.prefix + "/") else ""
        if split.path == self.prefix.removesuffix("/v3") + "/graphql":  # GHES: /api/v3 -> /api/graphql
            path = "/graphql"
        return _Req(h.command, path, split.path, dict(parse_qsl(split.query)), body, headers)

    def _write(self, h: _Handler, status: int, body: Any, headers: dict[str, str]) -> None:
        data = b"" if body is None else json.dumps(body).encode()
        with self._lock:
            self._remaining = max(self._remaining - 1, 0)
            limits = {"X-RateLimit-Limit": "5000", "X-RateLimit-Remaining": str(self._remaining),
                      "X-RateLimit-Used": str(5000 - self._remaining), "X-RateLimit-Resource": "core",
                      "X-RateLimit-Reset": str(int(time.time()) + 3600)}
        h.send_response(status)
        for name, value in {**limits, "Content-Type": "application/json; charset=utf-8",
                            "X-GitHub-Request-Id": secrets.token_hex(8).upper(), **headers}.items():
            h.send_header(name, value)
        h.send_header("Content-Length", str(len(data)))
        h.end_headers()
        h.wfile.write(data)

    def _route(self, req: _Req) -> Reply:
        for method, pattern, name, auth in _COMPILED:
            match = pattern.match(req.path)
            if match and method == req.method:
                if auth == "token":
                    self._check_token(req.headers.get("authorization", ""))
                elif auth == "jwt":
                    req.app_id = self._check_jwt(req.headers.get("authorization", ""))
                args = {k: unquote(v) for k, v in match.groupdict(default="").items()}
                result: Reply = getattr(self, name)(req, **args)
                return result
        raise ApiError(404, "Not Found")

    def _check_token(self, header: str) -> None:
        scheme, _, value = header.partition(" ")
        expiry = self._installation_tokens.get(value, 0.0)
        if scheme.lower() not in ("token", "bearer") or (value not in self._tokens and expiry < time.time()):
            raise ApiError(401, "Bad credentials")

    def _check_jwt(self, header: str) -> int:
        scheme, _, token = header.partition(" ")
        try:
            app_id, key = self._apps[str(jwt.decode(token, options={"verify_signature": False})["iss"])]
            claims = jwt.decode(token, key, algorithms=["RS256"], leeway=60,
                                options={"require": ["iat", "exp", "iss"]})
        except (jwt.PyJWTError, KeyError, ValueError, TypeError):
            raise ApiError(401, "A JSON web token could not be decoded") from None
        if scheme.lower() != "bearer" or claims["exp"] - claims["iat"] > 660:
            raise ApiError(401, "'Expiration time' claim ('exp') is too far in the future")
        return app_id

    def _page(self, req: _Req, items: list[Any]) -> Reply:
        """GitHub pagination: `per_page` (default 30, at most 100) and `page`, `Link` with absolute URLs."""
        per_page = min(max(_int(req.query.get("per_page"), 30), 1), 100)
        page = max(_int(req.query.get("page"), 1), 1)
        last = max(math.ceil(len(items) / per_page), 1)
        rels = {"next": page + 1, "last": last} if page < last else {}
        rels.update({"first": 1, "prev": page - 1} if page > 1 else {})
        links = [f'<{self._origin}{req.raw_path}?{urlencode({**req.query, "page": n})}>; rel="{rel}"'
                 for rel, n in rels.items()]
        headers = {"Link": ", ".join(links)} if links else {}
        return 200, items[(page - 1) * per_page : page * per_page], headers

    # ----------------------------------------------------------------- state helpers

    def _repo(self, owner: str, name: str) -> _Repo:
        repo = self._repos.get(f"{owner}/{name}")
        if repo is None:
            raise ApiError(404, "Not Found")
        return repo

    def _issue(self, repo: _Repo, num: str | int) -> _Issue:
        issue = repo.issues.get(int(num))
        if issue is None:
            raise ApiError(404, "Not Found")
        if issue.deleted:
            raise ApiError(410, "This issue was deleted")
        return issue

    def _new_issue(self, repo: _Repo, title: str, body: str | None, user: str, labels: list[str],
                   assignees: list[str], number: int | None = None) -> _Issue:
        number = number or repo.next_number
        assert number not in repo.issues, f"#{number} exists"
        repo.next_number = max(repo.next_number, number + 1)
        names = [self._ensure_label(repo, name)["name"] for name in labels]
        now = _now()
        issue = _Issue(repo.full_name, next(self._ids), number, title, body, user, names, assignees, now, now)
        repo.issues[number] = self._by_id[issue.id] = issue
        return issue

    def _new_comment(self, repo: _Repo, number: int, body: str, user: str) -> _Comment:
        issue = self._issue(repo, number)
        comment = _Comment(next(self._ids), repo.full_name, number, body, user, _now(), _now())
        repo.comments[comment.id] = comment
        issue.updated_at = _now()
        return comment

    def _ensure_label(self, repo: _Repo, name: str, color: str = "ededed",
                      description: str = "") -> dict[str, Any]:
        """Like GitHub, naming an unknown label on an issue creates it."""
        if name.lower() not in repo.labels:
            label_id = next(self._ids)
            repo.labels[name.lower()] = {
                "id": label_id, "node_id": f"LA_{label_id}", "name": name, "color": color, "default": False,
                "description": description or None, "url": f"{self.url}/repos/{repo.full_name}/labels/{name}"}
        return repo.labels[name.lower()]

    def _apply(self, issue: _Issue, fields: dict[str, Any]) -> None:
        """Applies an issue edit (PATCH fields) with GitHub's validation and side effects."""
        repo = self._repos[issue.repo]
        if "title" in fields and not (isinstance(fields["title"], str) and fields["title"]):
            raise _invalid("Issue", "title", "missing_field")
        _check_body(fields.get("body"), "Issue")
        _check_assignees(repo, fields.get("assignees"))
        state, reason = fields.get("state"), fields.get("state_reason")
        if state not in (None, "open", "closed"):
            raise _invalid("Issue", "state")
        if reason not in (None, "completed", "not_planned", "reopened", "duplicate"):
            raise _invalid("Issue", "state_reason")
        for key in ("title", "body"):
            if key in fields:
                setattr(issue, key, fields[key])
        if "labels" in fields:
            issue.labels = [self._ensure_label(repo, _label_name(x))["name"] for x in fields["labels"] or []]
        if "assignees" in fields:
            issue.assignees = list(fields["assignees"] or [])
        if state == "closed" and issue.state != "closed":
            issue.closed_at, issue.state_reason = _now(), reason or "completed"
        elif state == "open" and issue.state != "open":
            issue.closed_at, issue.state_reason = None, "reopened"
        elif reason is not None:
            issue.state_reason = reason
        issue.state = state or issue.state
        issue.updated_at = _now()

    # ----------------------------------------------------------------- JSON shapes

    def _user_json(self, login: str) -> dict[str, Any]:
        user_id = self._users.setdefault(login, 1000 + len(self._users))
        return {"login": login, "id": user_id, "node_id": f"U_{user_id}", "type":
                "Bot" if login.endswith("[bot]") else "User", "site_admin": False,
                "url": f"{self.url}/users/{login}", "html_url": f"{self.html_base}/{login}"}

    def _repo_json(self, repo: _Repo) -> dict[str, Any]:
        owner, name = repo.full_name.split("/")
        return {"id": repo.id, "node_id": f"R_{repo.id}", "name": name, "full_name": repo.full_name,
                "owner": self._user_json(owner), "private": False, "default_branch": repo.default_branch,
                "html_url": f"{self.html_base}/{repo.full_name}", "url": f"{self.url}/repos/{repo.full_name}",
                "has_issues": True, "archived": False, "disabled": False}

    def _issue_json(self, issue: _Issue) -> dict[str, Any]:
        api, html = f"{self.url}/repos/{issue.repo}", f"{self.html_base}/{issue.repo}"
        repo = self._repos[issue.repo]
        children = [self._by_id[i] for i in self._children.get(issue.id, [])]
        done = sum(1 for child in children if child.state == "closed")
        data = {
            "url": f"{api}/issues/{issue.number}", "repository_url": api,
            "labels_url": f"{api}/issues/{issue.number}/labels{{/name}}",
            "comments_url": f"{api}/issues/{issue.number}/comments",
            "events_url": f"{api}/issues/{issue.number}/events",
            "html_url": f"{html}/{'pull' if issue.pull else 'issues'}/{issue.number}",
            "id": issue.id, "node_id": f"I_{issue.id}", "number": issue.number, "title": issue.title,
            "user": self._user_json(issue.user), "labels": [repo.labels[n.lower()] for n in issue.labels],
            "state": issue.state, "state_reason": issue.state_reason, "locked": False,
            "assignee": self._user_json(issue.assignees[0]) if issue.assignees else None,
            "assignees": [self._user_json(a) for a in issue.assignees], "milestone": None,
            "comments": sum(1 for c in repo.comments.values() if c.number == issue.number),
            "created_at": issue.created_at, "updated_at": issue.updated_at, "closed_at": issue.closed_at,
            "author_association": "OWNER" if issue.repo.startswith(issue.user + "/") else "CONTRIBUTOR",
            "active_lock_reason": None, "body": issue.body,
            "sub_issues_summary": {"total": len(children), "completed": done,
                                   "percent_completed": done * 100 // len(children) if children else 0},
        }
        if issue.id in self._parent:
            parent = self._by_id[self._parent[issue.id]]
            data["parent_issue_url"] = f"{self.url}/repos/{parent.repo}/issues/{parent.number}"
        if issue.pull:
            page = data["html_url"]
            data["pull_request"] = {"url": f"{api}/pulls/{issue.number}", "html_url": page,
                                    "diff_url": f"{page}.diff", "patch_url": f"{page}.patch",
                                    "merged_at": issue.pull["merged_at"]}
        return data

    def _pull_json(self, issue: _Issue) -> dict[str, Any]:
        if issue.pull is None:
            raise ApiError(404, "Not Found")
        pull, base = issue.pull, self._issue_json(issue)
        repo = self._repo_json(self._repos[issue.repo])
        owner = issue.repo.split("/")[0]
        return {
            **{k: base[k] for k in ("id", "number", "title", "body", "state", "user", "labels", "assignee",
                                    "assignees", "milestone", "created_at", "updated_at", "closed_at",
                                    "author_association", "html_url", "locked", "comments")},
            "node_id": f"PR_{issue.id}", "url": base["pull_request"]["url"], "issue_url": base["url"],
            "diff_url": base["pull_request"]["diff_url"], "patch_url": base["pull_request"]["patch_url"],
            "draft": False, "merged": pull["merged"], "merged_at": pull["merged_at"], "mergeable": None,
            "merge_commit_sha": pull["merge_commit_sha"], "merged_by": None, "commits": 1,
            "head": {"ref": pull["head_ref"], "sha": pull["head_sha"], "label": f"{owner}:{pull['head_ref']}",
                     "repo": repo, "user": repo["owner"]},
            "base": {"ref": pull["base_ref"], "sha": "0" * 40, "label": f"{owner}:{pull['base_ref']}",
                     "repo": repo, "user": repo["owner"]},
            "changed_files": len(pull["files"]),
            "additions": sum(f["additions"] for f in pull["files"]),
            "deletions": sum(f["deletions"] for f in pull["files"]),
        }

    def _comment_json(self, comment: _Comment) -> dict[str, Any]:
        api = f"{self.url}/repos/{comment.repo}"
        return {"id": comment.id, "node_id": f"IC_{comment.id}", "url": f"{api}/issues/comments/{comment.id}",
                "html_url": f"{self.html_base}/{comment.repo}/issues/{comment.number}"
                f"#issuecomment-{comment.id}",
                "issue_url": f"{api}/issues/{comment.number}", "body": comment.body,
                "user": self._user_json(comment.user), "created_at": comment.created_at,
                "updated_at": comment.updated_at, "author_association": "NONE"}

    # ----------------------------------------------------------------- handlers: apps, repo, rate limit

    def _graphql(self, req: _Req) -> Reply:
        """Only what the bot asks: a pull request's `closingIssuesReferences`; anything else is an error
        in GraphQL's shape (200 with `errors`)."""
        body = _object(req.body)
        variables = body.get("variables") or {}
        if "closingIssuesReferences" not in str(body.get("query")) or set(variables) != {"owner", "name", "number"}:
            return 200, {"errors": [{"message": "fake GitHub: unsupported GraphQL query"}]}, {}
        repo = self._repos.get(f"{variables['owner']}/{variables['name']}")
        pull = repo.issues.get(int(variables["number"])) if repo else None
        if repo is None or pull is None or pull.pull is None:
            return 200, {"data": {"repository": None}, "errors": [
                {"type": "NOT_FOUND", "message": "Could not resolve to a PullRequest"}]}, {}
        nodes = [{"number": number, "repository": {"nameWithOwner": name}}
                 for name, number in repo.closing_links.get(pull.number, [])]
        references = {"totalCount": len(nodes), "nodes": nodes}
        return 200, {"data": {"repository": {"pullRequest": {"closingIssuesReferences": references}}}}, {}

    def _rate_limit(self, req: _Req) -> Reply:
        core = {"limit": 5000, "remaining": self._remaining, "reset": int(time.time()) + 3600,
                "used": 5000 - self._remaining, "resource": "core"}
        return 200, {"resources": {"core": core}, "rate": core}, {}

    def _access_token(self, req: _Req, inst: str) -> Reply:
        if self._installations.get(int(inst)) != req.app_id:
            raise ApiError(404, "Not Found")
        token, expires = "ghs_" + secrets.token_hex(18), time.time() + self.token_ttl
        self._installation_tokens[token] = expires
        expires_at = datetime.fromtimestamp(expires, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        return 201, {"token": token, "expires_at": expires_at, "repository_selection": "all",
                     "permissions": {"issues": "write", "contents": "read", "statuses": "write"}}, {}

    def _get_app(self, req: _Req) -> Reply:
        """The App the JWT is for; what it creates is authored by `<slug>[bot]` (here `api_user`)."""
        slug = self.api_user.removesuffix("[bot]")
        return 200, {"id": req.app_id, "slug": slug, "name": slug, "owner": self._user_json("octo-org")}, {}

    def _authenticated_user(self, req: _Req) -> Reply:
        if req.headers.get("authorization", "").partition(" ")[2] in self._installation_tokens:
            raise ApiError(403, "Resource not accessible by integration")  # as GitHub answers an App
        return 200, self._user_json(self.api_user), {}

    def _repo_installation(self, req: _Req, owner: str, name: str) -> Reply:
        self._repo(owner, name)
        inst = next((i for i, app in self._installations.items() if app == req.app_id), None)
        if inst is None:
            raise ApiError(404, "Not Found")
        return 200, {"id": inst, "app_id": req.app_id, "account": self._user_json(owner), "target_type":
                     "Organization", "repository_selection": "all",
                     "access_tokens_url": f"{self.url}/app/installations/{inst}/access_tokens"}, {}

    def _get_repo(self, req: _Req, owner: str, name: str) -> Reply:
        return 200, self._repo_json(self._repo(owner, name)), {}

    def _permission(self, req: _Req, owner: str, name: str, login: str) -> Reply:
        role, with_role_name = self._repo(owner, name).permissions.get(login, ("", False))
        if not role:
            raise ApiError(404, "Not Found")
        data = {"permission": LEGACY_PERMISSION.get(role, "none"), "user": self._user_json(login)}
        return 200, {**data, "role_name": role} if with_role_name else data, {}

    def _get_contents(self, req: _Req, owner: str, name: str, path: str) -> Reply:
        repo, path = self._repo(owner, name), path.strip("/")
        ref = req.query.get("ref") or repo.default_branch
        api = f"{self.url}/repos/{repo.full_name}/contents"
        if (ref, path) in repo.files:
            raw = repo.files[(ref, path)].encode()
            encoded = base64.encodebytes(raw).decode()  # GitHub wraps base64 at 60-76 columns too
            return 200, {"type": "file", "encoding": "base64", "size": len(raw), "name": path.split("/")[-1],
                         "path": path, "content": encoded, "sha": secrets.token_hex(20),
                         "url": f"{api}/{path}?ref={ref}", "git_url": None, "download_url": None,
                         "html_url": f"{self.html_base}/{repo.full_name}/blob/{ref}/{path}"}, {}
        prefix = f"{path}/" if path else ""
        paths = [p for (r, p) in repo.files if r == ref and p.startswith(prefix)]
        entries = sorted({p[len(prefix) :].split("/")[0] for p in paths})
        if not entries:
            raise ApiError(404, "Not Found")
        return 200, [{"type": "file" if (ref, prefix + e) in repo.files else "dir", "name": e,
                      "path": prefix + e, "url": f"{api}/{prefix}{e}?ref={ref}"} for e in entries], {}

    # ----------------------------------------------------------------- handlers: issues

    def _list_issues(self, req: _Req, owner: str, name: str) -> Reply:
        repo, state = self._repo(owner, name), req.query.get("state", "open")
        wanted = {x.strip().lower() for x in req.query.get("labels", "").split(",") if x.strip()}
        since = _parse_time(req.query["since"]) if "since" in req.query else None
        items = [i for i in repo.issues.values() if not i.deleted and state in ("all", i.state)]
        items = [i for i in items if wanted <= {x.lower() for x in i.labels}]
        items = [i for i in items if since is None or _parse_time(i.updated_at) >= since]
        descending = req.query.get("direction", "desc") == "desc"
        items.sort(key=lambda i: (i.created_at, i.number), reverse=descending)
        return self._page(req, [self._issue_json(i) for i in items])

    def _create_issue(self, req: _Req, owner: str, name: str) -> Reply:
        repo, body = self._repo(owner, name), _object(req.body)
        if not isinstance(body.get("title"), str) or not body["title"]:
            raise _invalid("Issue", "title", "missing_field")
        _check_body(body.get("body"), "Issue")
        _check_assignees(repo, body.get("assignees"))
        labels = [_label_name(x) for x in body.get("labels") or []]
        issue = self._new_issue(repo, body["title"], body.get("body"), self.api_user, labels,
                                list(body.get("assignees") or []))
        return 201, self._issue_json(issue), {}

    def _get_issue(self, req: _Req, owner: str, name: str, num: str) -> Reply:
        return 200, self._issue_json(self._issue(self._repo(owner, name), num)), {}

    def _edit_issue(self, req: _Req, owner: str, name: str, num: str) -> Reply:
        issue = self._issue(self._repo(owner, name), num)
        self._apply(issue, _object(req.body))
        return 200, self._issue_json(issue), {}

    def _issue_labels(self, issue: _Issue) -> list[dict[str, Any]]:
        return [self._repos[issue.repo].labels[n.lower()] for n in issue.labels]

    def _add_issue_labels(self, req: _Req, owner: str, name: str, num: str) -> Reply:
        issue = self._issue(self._repo(owner, name), num)
        names = req.body.get("labels", []) if isinstance(req.body, dict) else req.body or []
        have = {n.lower() for n in issue.labels}
        extra = [_label_name(x) for x in names if _label_name(x).lower() not in have]
        self._apply(issue, {"labels": issue.labels + list(dict.fromkeys(extra))})
        return 200, self._issue_labels(issue), {}

    def _set_issue_labels(self, req: _Req, owner: str, name: str, num: str) -> Reply:
        issue = self._issue(self._repo(owner, name), num)
        names = req.body.get("labels", []) if isinstance(req.body, dict) else req.body or []
        self._apply(issue, {"labels": names})
        return 200, self._issue_labels(issue), {}

    def _remove_issue_label(self, req: _Req, owner: str, name: str, num: str, label: str) -> Reply:
        issue = self._issue(self._repo(owner, name), num)
        if label.lower() not in {n.lower() for n in issue.labels}:
            raise ApiError(404, "Label does not exist")
        self._apply(issue, {"labels": [n for n in issue.labels if n.lower() != label.lower()]})
        return 200, self._issue_labels(issue), {}

    def _add_assignees(self, req: _Req, owner: str, name: str, num: str) -> Reply:
        issue = self._issue(self._repo(owner, name), num)
        added = [a for a in _object(req.body).get("assignees", []) if a not in issue.assignees]
        self._apply(issue, {"assignees": issue.assignees + added})
        return 201, self._issue_json(issue), {}

    def _remove_assignees(self, req: _Req, owner: str, name: str, num: str) -> Reply:
        issue = self._issue(self._repo(owner, name), num)
        gone = set(_object(req.body).get("assignees", []))
        self._apply(issue, {"assignees": [a for a in issue.assignees if a not in gone]})
        return 200, self._issue_json(issue), {}

    # ----------------------------------------------------------------- handlers: comments, reactions

    def _list_comments(self, req: _Req, owner: str, name: str, num: str) -> Reply:
        repo = self._repo(owner, name)
        issue = self._issue(repo, num)
        found = [c for c in repo.comments.values() if c.number == issue.number]
        return self._page(req, [self._comment_json(c) for c in found])

    def _create_comment(self, req: _Req, owner: str, name: str, num: str) -> Reply:
        repo, body = self._repo(owner, name), _object(req.body)
        if not isinstance(body.get("body"), str) or not body["body"]:
            raise _invalid("IssueComment", "body", "missing_field")
        _check_body(body["body"], "IssueComment")
        return 201, self._comment_json(self._new_comment(repo, int(num), body["body"], self.api_user)), {}

    def _comment(self, owner: str, name: str, cid: str) -> _Comment:
        comment = self._repo(owner, name).comments.get(int(cid))
        if comment is None:
            raise ApiError(404, "Not Found")
        return comment

    def _get_comment(self, req: _Req, owner: str, name: str, cid: str) -> Reply:
        return 200, self._comment_json(self._comment(owner, name, cid)), {}

    def _edit_comment(self, req: _Req, owner: str, name: str, cid: str) -> Reply:
        comment, body = self._comment(owner, name, cid), _object(req.body)
        if not isinstance(body.get("body"), str) or not body["body"]:
            raise _invalid("IssueComment", "body", "missing_field")
        _check_body(body["body"], "IssueComment")
        comment.body, comment.updated_at = body["body"], _now()
        return 200, self._comment_json(comment), {}

    def _add_reaction(self, req: _Req, owner: str, name: str, cid: str) -> Reply:
        comment, content = self._comment(owner, name, cid), _object(req.body).get("content")
        if content not in REACTIONS:
            raise _invalid("Reaction", "content")
        for reaction in comment.reactions:
            if reaction["content"] == content and reaction["user"]["login"] == self.api_user:
                return 200, reaction, {}
        reaction_id = next(self._ids)
        comment.reactions.append({"id": reaction_id, "node_id": f"REA_{reaction_id}", "content": content,
                                  "user": self._user_json(self.api_user), "created_at": _now()})
        return 201, comment.reactions[-1], {}

    # ----------------------------------------------------------------- handlers: sub-issues

    def _list_sub_issues(self, req: _Req, owner: str, name: str, num: str) -> Reply:
        parent = self._issue(self._repo(owner, name), num)
        children = [self._by_id[i] for i in self._children.get(parent.id, [])]
        return self._page(req, [self._issue_json(child) for child in children if not child.deleted])

    def _add_sub_issue(self, req: _Req, owner: str, name: str, num: str) -> Reply:
        parent, body = self._issue(self._repo(owner, name), num), _object(req.body)
        child_id = body.get("sub_issue_id")
        if not isinstance(child_id, int) or isinstance(child_id, bool):
            raise ApiError(422, "Invalid request.\n\nFor 'properties/sub_issue_id', it is not an integer.")
        child = self._by_id.get(child_id)
        if child is None or child.deleted or child.repo.split("/")[0] != owner:
            raise _invalid("Issue", "sub_issue_id", "custom", "The provided sub-issue does not exist")
        children = self._children.setdefault(parent.id, [])
        if child.pull is not None or child is parent:
            raise _invalid("Issue", "sub_issue_id", "custom", "The sub-issue is not a valid sub-issue")
        if child_id in children:
            raise _invalid("Issue", "sub_issue_id", "custom", "Issue may not contain duplicate sub-issues")
        if child_id in self._parent and not body.get("replace_parent"):
            raise _invalid("Issue", "sub_issue_id", "custom", "Sub issue may only have one parent")
        if len(children) >= SUB_ISSUES_PER_ISSUE:
            raise _invalid("Issue", "sub_issue_id", "custom",
                           f"Parent cannot have more than {SUB_ISSUES_PER_ISSUE} sub-issues")
        if child_id in self._parent:
            self._children[self._parent[child_id]].remove(child_id)
        children.append(child_id)
        self._parent[child_id] = parent.id
        return 201, self._issue_json(parent), {}

    def _remove_sub_issue(self, req: _Req, owner: str, name: str, num: str) -> Reply:
        parent, child_id = self._issue(self._repo(owner, name), num), _object(req.body).get("sub_issue_id")
        if child_id not in self._children.get(parent.id, []):
            raise ApiError(404, "Not Found")
        self._children[parent.id].remove(child_id)
        del self._parent[child_id]
        return 200, self._issue_json(parent), {}

    # ----------------------------------------------------------------- handlers: labels

    def _list_labels(self, req: _Req, owner: str, name: str) -> Reply:
        return self._page(req, list(self._repo(owner, name).labels.values()))

    def _create_label(self, req: _Req, owner: str, name: str) -> Reply:
        repo, body = self._repo(owner, name), _object(req.body)
        label, color = body.get("name"), str(body.get("color", "ededed")).lstrip("#")
        if not isinstance(label, str) or not label:
            raise _invalid("Label", "name", "missing_field")
        if label.lower() in repo.labels:
            raise _invalid("Label", "name", "already_exists")
        if not re.fullmatch(r"[0-9a-fA-F]{6}", color):
            raise _invalid("Label", "color")
        if len(body.get("description") or "") > LABEL_DESCRIPTION_CHARS:
            raise _invalid("Label", "description",
                           message=f"description is too long (maximum is {LABEL_DESCRIPTION_CHARS})")
        return 201, self._ensure_label(repo, label, color, body.get("description") or ""), {}

    def _get_label(self, req: _Req, owner: str, name: str, label: str) -> Reply:
        found = self._repo(owner, name).labels.get(label.lower())
        if found is None:
            raise ApiError(404, "Not Found")
        return 200, found, {}

    # ----------------------------------------------------------------- handlers: pulls, statuses

    def _list_pulls(self, req: _Req, owner: str, name: str) -> Reply:
        state = req.query.get("state", "open")
        pulls = [i for i in self._repo(owner, name).issues.values()
                 if i.pull and not i.deleted and state in ("all", i.state)]
        return self._page(req, [self._pull_json(i) for i in sorted(pulls, key=lambda i: -i.number)])

    def _get_pull(self, req: _Req, owner: str, name: str, num: str) -> Reply:
        return 200, self._pull_json(self._issue(self._repo(owner, name), num)), {}

    def _list_pull_files(self, req: _Req, owner: str, name: str, num: str) -> Reply:
        issue = self._issue(self._repo(owner, name), num)
        if issue.pull is None:
            raise ApiError(404, "Not Found")
        return self._page(req, list(issue.pull["files"]))

    def _create_status(self, req: _Req, owner: str, name: str, sha: str) -> Reply:
        repo, body = self._repo(owner, name), _object(req.body)
        if body.get("state") not in STATUS_STATES:
            raise _invalid("Status", "state")
        if len(body.get("description") or "") > STATUS_DESCRIPTION_CHARS:
            raise _invalid("Status", "description", "custom",
                           f"description is too long (maximum is {STATUS_DESCRIPTION_CHARS})")
        status_id = next(self._ids)
        status = {"id": status_id, "node_id": f"SC_{status_id}", "state": body["state"],
                  "description": body.get("description"), "target_url": body.get("target_url"),
                  "context": body.get("context") or "default", "created_at": _now(), "updated_at": _now(),
                  "url": f"{self.url}/repos/{repo.full_name}/statuses/{sha}",
                  "creator": self._user_json(self.api_user)}
        repo.statuses.setdefault(sha, []).insert(0, status)
        return 201, status, {}

    def _list_statuses(self, req: _Req, owner: str, name: str, sha: str) -> Reply:
        return self._page(req, list(self._repo(owner, name).statuses.get(sha, [])))


def _fault_error(fault: Fault) -> ApiError:
    return ApiError(fault.status, fault.message, headers=fault.headers)


def _file_json(entry: Any) -> dict[str, Any]:
    data = {"filename": entry} if isinstance(entry, str) else dict(entry)
    data.setdefault("status", "modified")
    data.setdefault("additions", 1)
    data.setdefault("deletions", 0)
    data.setdefault("changes", data["additions"] + data["deletions"])
    data.setdefault("sha", secrets.token_hex(20))
    return data


def _object(body: Any) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise ApiError(400, "Problems parsing JSON")
    return body


def _label_name(entry: Any) -> str:
    return str(entry["name"] if isinstance(entry, dict) else entry)


def _check_assignees(repo: _Repo, logins: Any) -> None:
    if len(logins or []) > ASSIGNEES_PER_ISSUE:
        raise _invalid("Issue", "assignees", message=f"too many assignees (maximum is {ASSIGNEES_PER_ISSUE})")
    refused = [login for login in logins or [] if repo.assignable is not None and login not in repo.assignable]
    if refused:
        raise ApiError(422, "Validation Failed", [{"value": refused[0], "resource": "Issue", "field": "assignees",
                                                   "code": "invalid"}])


def _check_body(body: Any, resource: str) -> None:
    if isinstance(body, str) and len(body) > BODY_CHARS:
        raise _invalid(resource, "body", "custom", f"body is too long (maximum is {BODY_CHARS} characters)")


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default
