"""The GitHub gateway: the only module that imports PyGithub.

Contract:

class GitHubGateway:
    def __init__(self, settings: Settings, *, backoff_factor: float = BACKOFF_FACTOR) -> None
        # token auth, or GitHub App auth (JWT -> installation token per installation id, cached
        # until expiry); base_url=settings.github_api_url; retry=GithubRetry(total=settings.github_retries,
        # secondary_rate_wait=settings.secondary_rate_wait); writes paced by bot.pacing.WritePacer;
        # lazy=True; X-GitHub-Api-Version sent. Counts requests/errors for /metrics via `stats`.
        # PyGithub's requester is not thread-safe: each worker thread gets its own client per
        # credential; the write pacer of a credential is shared by all of them.
    def repo(self, full_name: str, installation_id: int | None = None) -> RepoGateway
        # App auth without an installation id looks the repository's installation up once (JWT call).
    def login(self) -> str  # the account the bot writes as: COORDINATOR_BOT_LOGIN, `<slug>[bot]` (GET /app)
        # or GET /user; asked once
    def forget(self, installation_id: int | None, repos: list[str]) -> None
        # drops the clients of an uninstalled installation and the installation ids of removed repositories

class RepoGateway:   # one repository, one authenticated client; all methods raise GitHubError
    full_name: str
    def default_branch(self) -> str
    def get_issue(self, number: int) -> IssueRecord
    def list_issues(self, *, since: datetime | None = None, labels: list[str] | None = None,
                    state: str = "all") -> list[IssueRecord]          # all pages
    def create_issue(self, title: str, body: str, labels: list[str], assignees: list[str]) -> IssueRecord
    def edit_issue(self, number: int, *, title: str | None = None, body: str | None = None,
                   state: str | None = None, state_reason: str | None = None) -> None
    def add_labels(self, number: int, labels: list[str]) -> None
    def remove_label(self, number: int, label: str) -> None             # absent label is fine
    def set_assignees(self, number: int, assignees: list[str]) -> None
    def add_sub_issue(self, parent_number: int, child_id: int) -> None  # child's *id*
    def list_sub_issues(self, parent_number: int) -> list[IssueRecord]   # all pages
    def list_comments(self, number: int) -> list[CommentRecord]         # all pages
    def own_comments(self, number: int) -> list[CommentRecord]          # those the bot wrote: markers count only there
    def create_comment(self, number: int, body: str) -> CommentRecord
    def edit_comment(self, comment_id: int, body: str) -> None
    def add_reaction(self, comment_id: int, content: str) -> None
    def ensure_labels(self, specs: list[LabelSpec]) -> list[str]        # creates the missing; returns those
    def permission(self, login: str) -> str               # admin|maintain|write|triage|read|none
    def read_file(self, path: str, ref: str | None = None) -> str | None  # None when 404 (or a directory)
    def get_pull(self, number: int) -> PullRecord
    def pull_files(self, number: int) -> list[str]
    def closing_issues(self, number: int) -> set[int]    # GraphQL closingIssuesReferences, this repository's
    def set_status(self, sha: str, state: str, context: str, description: str, target_url: str = "") -> None
    def write_room(self) -> tuple[int | None, float]   # writes left this hour (None: unlimited), secs to a free one
    def blocked_by(self, number: int) -> list[IssueRecord]              # native "blocked by" links, all pages
    def add_blocked_by(self, number: int, blocking_id: int) -> None     # the blocker's *id*; paced
    def remove_blocked_by(self, number: int, blocking_id: int) -> None  # absent link is fine; paced
    def commit_checks(self, ref: str) -> tuple[str, list[CheckRecord]]  # the ref's sha; its statuses and check runs
    def pull_reviews(self, number: int) -> list[ReviewRecord]           # submitted reviews, oldest first
    def file_url(self, path: str) -> str | None           # the file's page on GitHub; None when 404

class GitHubError(Exception): status: int | None; message; retry_after: float | None; fields (422)
    (NotFound(GitHubError) for 404; status None for transport failures)

Every write is exactly one request: issues and comments are lazy PyGithub objects, so nothing is
fetched before it is changed. Lists are read as raw JSON pages, so reading an item never triggers a
completing GET per item (PyGithub completes a lazy object when a key such as `pull_request` is absent).
"""

from __future__ import annotations

import functools
import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from http import HTTPStatus
from types import TracebackType
from typing import Any, ParamSpec, Self, TypeVar
from urllib.parse import quote

import github
import requests
from github.ContentFile import ContentFile
from github.GithubObject import NonCompletableGithubObject, NotSet, Opt
from github.IssueComment import IssueComment
from github.PaginatedList import PaginatedList
from github.Repository import Repository
from urllib3.connectionpool import ConnectionPool
from urllib3.response import HTTPResponse
from urllib3.util.retry import Retry

from bot.github_limits import LABEL_DESCRIPTION_CHARS, STATUS_DESCRIPTION_CHARS
from bot.github_models import CheckRecord, CommentRecord, IssueRecord, LabelSpec, PullRecord, ReviewRecord
from bot.pacing import Pacer, WritePacer
from bot.settings import Settings

log = logging.getLogger(__name__)

TIMEOUT_SECONDS = 20
PER_PAGE = 100
BACKOFF_FACTOR = 0.25  # 5xx retries wait 0, then 0.5, 1, 2 ... s (urllib3: factor * 2 ** (n - 1))
USER_AGENT = "feature-coordinator"
API_VERSION = "2022-11-28"  # the REST API version the bot is written against (X-GitHub-Api-Version)
ROLES = frozenset({"admin", "maintain", "write", "triage", "read", "none"})

P = ParamSpec("P")
T = TypeVar("T")


class GitHubError(Exception):
    """A GitHub call failed. `status` is the HTTP status (None when no answer came back)."""

    def __init__(self, status: int | None, message: str, *, retry_after: float | None = None,
                 fields: tuple[str, ...] = ()) -> None:
        super().__init__(f"GitHub {status}: {message}" if status else f"GitHub: {message}")
        self.status = status
        self.message = message
        self.retry_after = retry_after
        self.fields = fields  # the request fields a 422 names, e.g. ("assignees",)

    @property
    def refuses_assignees(self) -> bool:
        """GitHub would not assign someone: not a collaborator, a wrong login, or Copilot with an App token."""
        return self.status == 422 and "assignees" in self.fields


class NotFound(GitHubError):
    """404: the object does not exist, or the credentials may not see it; 410: it was deleted."""


_GONE = (404, 410)  # a deleted issue answers 410 Gone


@contextmanager
def best_effort(what: str) -> Iterator[None]:
    """For requests whose failure must not stop the work: a reaction, label colours, a lookup."""
    try:
        yield
    except GitHubError as error:
        log.warning("could not %s: %s", what, error)


class _Stats:
    """Counters shared by every client of one gateway; updated from many worker threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts = {"requests": 0, "errors": 0, "retries": 0}

    def add(self, **deltas: int) -> None:
        with self._lock:
            for key, value in deltas.items():
                self._counts[key] += value

    def snapshot(self) -> dict[str, int]:
        with self._lock:
            return dict(self._counts)


def primary_limit_wait(status: int, headers: Any, now: float) -> float | None:
    """Seconds until the primary rate limit resets, when this answer says it is spent.

    GitHub answers a spent primary limit with 403 *or* 429 and `x-ratelimit-remaining: 0`; the
    limit comes back at `x-ratelimit-reset` (epoch seconds), plus a second for the rounding.
    """
    if status not in (403, 429) or str(headers.get("x-ratelimit-remaining")) != "0":
        return None
    reset = str(headers.get("x-ratelimit-reset") or "")
    return max(0.0, int(reset) - now + 1) if reset.isdigit() else None


class _CountingRetry(github.GithubRetry):
    """GithubRetry that counts every HTTP answer and waits out GitHub's rate limits.

    urllib3 asks `is_retry` once about every response and calls `increment` for every transport
    failure, so together they see each request PyGithub sends (PyGithub has no public request hook).
    GithubRetry only treats 403 as a rate limit, and only when its message has the wording it knows;
    GitHub documents 403 *or* 429 with `x-ratelimit-remaining: 0` for a spent primary limit (to be
    waited out until `x-ratelimit-reset`, whatever the message says), and at least a minute of wait
    for a secondary limit without Retry-After, which `floor` enforces.
    """

    def __init__(self, stats: _Stats, floor: float = 0.0, **kwargs: Any) -> None:
        self.stats = stats
        self.floor = floor
        super().__init__(**kwargs)

    def new(self, **kw: Any) -> Self:
        kw.setdefault("stats", self.stats)
        kw.setdefault("floor", 0.0)
        return super().new(**kw)

    def is_retry(self, method: str, status_code: int, has_retry_after: bool = False) -> bool:
        """A POST that failed with 5xx may have created its object: repeating it blindly could make a
        duplicate, so the caller decides (the coordination looks for the object first)."""
        self.stats.add(requests=1, errors=int(status_code >= 400))
        if method == "POST" and status_code >= 500:
            return False
        return super().is_retry(method, status_code, has_retry_after)

    def increment(  # type: ignore[override]
        self,
        method: str | None = None,
        url: str | None = None,
        response: HTTPResponse | None = None,  # type: ignore[override]
        error: Exception | None = None,
        _pool: ConnectionPool | None = None,
        _stacktrace: TracebackType | None = None,
    ) -> Retry:
        if error is not None and response is None:
            self.stats.add(requests=1, errors=1)
            if method == "POST" and self._is_read_error(error):
                raise error  # sent, maybe applied, never answered: like a 5xx, the caller looks first
        primary = primary_limit_wait(response.status, response.headers, time.time()) if response is not None else None
        retry: Retry
        if primary is not None:  # GitHub's documented sign is the header: urllib3 retries, whatever the message
            retry = Retry.increment(self, method, url, response, error, _pool, _stacktrace)
        else:
            retry = super().increment(method, url, response, error, _pool, _stacktrace)
        self.stats.add(retries=1)
        if response is None or not isinstance(retry, _CountingRetry):
            return retry
        if primary is not None:
            log.warning("GitHub's primary rate limit is spent; waiting %.0f s for it to reset", primary)
            retry.floor = primary
        elif response.status == 429 and not response.headers.get("Retry-After"):
            retry.floor = self.secondary_rate_wait
        return retry

    def get_backoff_time(self) -> float:
        return max(self.floor, super().get_backoff_time())


class _Json(NonCompletableGithubObject):
    """A list item kept exactly as GitHub sent it: reading it never triggers a completing GET."""

    def _initAttributes(self) -> None:
        pass

    def _useAttributes(self, attributes: Any) -> None:
        pass


def _error(exc: github.GithubException) -> GitHubError:
    """GitHub's message plus any validation details, never the request (which carries the token)."""
    data = exc.data if isinstance(exc.data, dict) else {}
    message = str(data.get("message") or exc.data or _phrase(exc.status))
    listed = data.get("errors") or []
    errors = [e for e in listed if isinstance(e, dict)]
    # GitHub's "Validation Error Simple" lists its details as plain strings.
    details = [str(e.get("message") or e.get("code")) if isinstance(e, dict) else str(e) for e in listed]
    if details:
        message = f"{message}: {'; '.join(details)}"
    retry_after = (exc.headers or {}).get("retry-after")
    wait = float(retry_after) if retry_after and str(retry_after).replace(".", "", 1).isdigit() else None
    kind = NotFound if exc.status in _GONE else GitHubError
    fields = tuple(str(e["field"]) for e in errors if e.get("field"))
    return kind(exc.status, message, retry_after=wait, fields=fields)


def _phrase(status: int | None) -> str:
    """When the body is gone (PyGithub's retry reads a 403's body to look for a rate limit), the status's name."""
    try:
        return HTTPStatus(status or 0).phrase
    except ValueError:
        return "no message"


@contextmanager
def _translated() -> Iterator[None]:
    try:
        yield
    except github.GithubException as exc:
        raise _error(exc) from exc
    except requests.RequestException as exc:
        raise GitHubError(None, f"{type(exc).__name__}: {exc}") from exc
    except RuntimeError as exc:  # PyGithub's answer to a 301 onto another host or scheme: a wrong GITHUB_API_URL
        if "redirected" not in str(exc):
            raise
        raise GitHubError(301, f"{exc} (here: the GITHUB_API_URL setting)") from exc


@contextmanager
def _unless_missing() -> Iterator[None]:
    """Swallows a 404 whatever its message (PyGithub types only "Not Found" as UnknownObjectException)."""
    try:
        yield
    except github.GithubException as exc:
        if exc.status not in _GONE:
            raise


def _translating(method: Callable[P, T]) -> Callable[P, T]:
    """Callers see GitHubError only, whatever PyGithub, requests or urllib3 raised."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        with _translated():
            return method(*args, **kwargs)

    return wrapper


def _already_exists(exc: github.GithubException) -> bool:
    errors = exc.data.get("errors") if isinstance(exc.data, dict) else None
    codes = [e.get("code") for e in errors or [] if isinstance(e, dict)]
    return exc.status == 422 and "already_exists" in codes


def _opt(value: str | None) -> Opt[str]:
    return NotSet if value is None else value


def _timestamp(moment: datetime) -> str:
    """GitHub's `since` format; a naive datetime is taken as UTC."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _login(user: Any) -> str:
    return str(user.get("login", "")) if isinstance(user, dict) else ""


def _issue_record(data: dict[str, Any]) -> IssueRecord:
    labels = data.get("labels") or []
    return IssueRecord(
        id=data["id"],
        number=data["number"],
        title=data.get("title") or "",
        body=data.get("body") or "",
        state=data.get("state") or "open",
        state_reason=data.get("state_reason"),
        labels=tuple(x["name"] if isinstance(x, dict) else str(x) for x in labels),
        assignees=tuple(_login(a) for a in data.get("assignees") or []),
        author=_login(data.get("user")),
        html_url=data.get("html_url") or "",
        is_pull_request="pull_request" in data,
    )


def _comment_record(data: dict[str, Any]) -> CommentRecord:
    return CommentRecord(
        id=data["id"],
        body=data.get("body") or "",
        author=_login(data.get("user")),
        html_url=data.get("html_url") or "",
    )


def _pull_record(data: dict[str, Any]) -> PullRecord:
    head, base = data.get("head") or {}, data.get("base") or {}
    return PullRecord(
        number=data["number"],
        title=data.get("title") or "",
        body=data.get("body") or "",
        state=data.get("state") or "open",
        merged=bool(data.get("merged")),
        merge_commit_sha=data.get("merge_commit_sha"),
        head_sha=head.get("sha") or "",
        head_ref=head.get("ref") or "",
        base_ref=base.get("ref") or "",
        html_url=data.get("html_url") or "",
        author=_login(data.get("user")),
    )


_CLOSING_QUERY = """
query($owner: String!, $name: String!, $number: Int!) {
  repository(owner: $owner, name: $name) {
    pullRequest(number: $number) {
      closingIssuesReferences(first: 25) { nodes { number repository { nameWithOwner } } }
    }
  }
}"""


class RepoGateway:
    """One repository through one authenticated client; every method raises GitHubError only."""

    def __init__(self, full_name: str, repo: Repository, pacer: Pacer, login: Callable[[], str]) -> None:
        self.full_name = full_name
        self._login = login
        self._repo = repo
        self._pace = pacer.acquire
        self.write_room = pacer.hour_room  # the credential's writes left in the last hour
        self._requester = repo.requester
        self._url = f"/repos/{full_name}"

    def _pages(self, path: str, params: dict[str, Any] | None = None, *, key: str = "items") -> list[dict[str, Any]]:
        """Every page of a list endpoint (per_page=100), as raw JSON items; `key` names the list in an
        object answer (`check_runs`)."""
        pages = PaginatedList(_Json, self._requester, f"{self._url}{path}", params or {}, list_item=key)
        return [item.raw_data for item in pages]

    @_translating
    def default_branch(self) -> str:
        return self._repo.default_branch

    @_translating
    def get_issue(self, number: int) -> IssueRecord:
        return _issue_record(self._repo.get_issue(number).raw_data)

    @_translating
    def list_issues(
        self, *, since: datetime | None = None, labels: list[str] | None = None, state: str = "all"
    ) -> list[IssueRecord]:
        params: dict[str, Any] = {"state": state}
        if labels:
            params["labels"] = ",".join(labels)
        if since is not None:
            params["since"] = _timestamp(since)
        return [_issue_record(item) for item in self._pages("/issues", params)]

    @_translating
    def create_issue(self, title: str, body: str, labels: list[str], assignees: list[str]) -> IssueRecord:
        self._pace()
        issue = self._repo.create_issue(title=title, body=body, labels=list(labels), assignees=assignees)
        return _issue_record(issue.raw_data)

    @_translating
    def edit_issue(
        self,
        number: int,
        *,
        title: str | None = None,
        body: str | None = None,
        state: str | None = None,
        state_reason: str | None = None,
    ) -> None:
        if title is None and body is None and state is None and state_reason is None:
            return
        self._pace()
        self._repo.get_issue(number).edit(
            title=_opt(title), body=_opt(body), state=_opt(state), state_reason=_opt(state_reason)
        )

    @_translating
    def add_labels(self, number: int, labels: list[str]) -> None:
        if labels:
            self._pace()
            # Not Issue.add_to_labels: it sends a bare array, and GitHub documents {"labels": [...]}.
            self._requester.requestJsonAndCheck(
                "POST", f"{self._url}/issues/{number}/labels", input={"labels": list(labels)}
            )

    @_translating
    def remove_label(self, number: int, label: str) -> None:
        self._pace()
        # Not Issue.remove_from_labels: it leaves "/" unescaped, and "area/api" is a common label name.
        with _unless_missing():  # 404 "Label does not exist": not on the issue, the goal is reached
            self._requester.requestJsonAndCheck(
                "DELETE", f"{self._url}/issues/{number}/labels/{quote(label, safe='')}"
            )

    @_translating
    def set_assignees(self, number: int, assignees: list[str]) -> None:
        self._pace()
        self._repo.get_issue(number).edit(assignees=list(assignees))

    @_translating
    def add_sub_issue(self, parent_number: int, child_id: int) -> None:
        self._pace()
        self._repo.get_issue(parent_number).add_sub_issue(child_id)

    @_translating
    def list_sub_issues(self, parent_number: int) -> list[IssueRecord]:
        return [_issue_record(item) for item in self._pages(f"/issues/{parent_number}/sub_issues")]

    @_translating
    def list_comments(self, number: int) -> list[CommentRecord]:
        return [_comment_record(item) for item in self._pages(f"/issues/{number}/comments")]

    def own_comments(self, number: int) -> list[CommentRecord]:
        """The comments the bot wrote: anyone can paste a marker, so only these are read for one."""
        comments = self.list_comments(number)
        login = self._login().lower()
        return [comment for comment in comments if comment.author.lower() == login]

    @_translating
    def create_comment(self, number: int, body: str) -> CommentRecord:
        self._pace()
        return _comment_record(self._repo.get_issue(number).create_comment(body).raw_data)

    def _comment(self, comment_id: int) -> IssueComment:
        """A lazy comment: editing or reacting to it needs no GET first."""
        return IssueComment(self._requester, url=f"{self._url}/issues/comments/{comment_id}")

    @_translating
    def edit_comment(self, comment_id: int, body: str) -> None:
        self._pace()
        self._comment(comment_id).edit(body)

    @_translating
    def add_reaction(self, comment_id: int, content: str) -> None:
        self._pace()
        self._comment(comment_id).create_reaction(content)

    @_translating
    def ensure_labels(self, specs: list[LabelSpec]) -> list[str]:
        existing = {str(item["name"]).lower() for item in self._pages("/labels")}
        created: list[str] = []
        for spec in specs:
            if spec.name.lower() not in existing and self._create_label(spec):
                created.append(spec.name)
            existing.add(spec.name.lower())
        return created

    def _create_label(self, spec: LabelSpec) -> bool:
        """False when someone else created it meanwhile (422 already_exists): that is success too."""
        description = spec.description[:LABEL_DESCRIPTION_CHARS] or None
        self._pace()
        try:
            self._repo.create_label(spec.name, spec.colour.lstrip("#"), _opt(description))
        except github.GithubException as exc:
            if _already_exists(exc):
                return False
            raise
        return True

    @_translating
    def permission(self, login: str) -> str:
        # One request for both fields: PyGithub's helpers would fetch the same endpoint twice.
        data: dict[str, Any] = {}
        with _unless_missing():  # 404: no such user, so no permission
            _, data = self._requester.requestJsonAndCheck(
                "GET", f"{self._url}/collaborators/{quote(login, safe='')}/permission"
            )
        role = data.get("role_name")
        return str(role) if role in ROLES else str(data.get("permission") or "none")

    @_translating
    def read_file(self, path: str, ref: str | None = None) -> str | None:
        found: list[ContentFile] | ContentFile = []
        with _unless_missing():
            found = self._repo.get_contents(path, ref=_opt(ref))
        if isinstance(found, list):
            return None  # 404 (left as []), or a directory: no file there
        if found.encoding != "base64":
            raise GitHubError(None, f"{path} is over 1 MB; the contents API does not return it inline")
        return found.decoded_content.decode("utf-8", errors="replace")

    @_translating
    def get_pull(self, number: int) -> PullRecord:
        return _pull_record(self._repo.get_pull(number).raw_data)

    @_translating
    def pull_files(self, number: int) -> list[str]:
        return [str(item["filename"]) for item in self._pages(f"/pulls/{number}/files")]

    @_translating
    def closing_issues(self, number: int) -> set[int]:
        """The issues a pull request will close, keywords and links made by hand in the Development
        panel alike (only GraphQL tells the latter); those of this repository, by number."""
        owner, name = self.full_name.split("/", 1)
        _, data = self._requester.graphql_query(_CLOSING_QUERY, {"owner": owner, "name": name, "number": number})
        pull = ((data.get("data") or {}).get("repository") or {}).get("pullRequest") or {}
        nodes = (pull.get("closingIssuesReferences") or {}).get("nodes") or []
        same = self.full_name.lower()
        return {int(node["number"]) for node in nodes
                if str((node.get("repository") or {}).get("nameWithOwner", "")).lower() == same}

    @_translating
    def set_status(self, sha: str, state: str, context: str, description: str, target_url: str = "") -> None:
        self._pace()
        self._repo.get_commit(sha).create_status(
            state=state,
            target_url=target_url or NotSet,
            description=description[:STATUS_DESCRIPTION_CHARS],
            context=context,
        )


    @_translating
    def blocked_by(self, number: int) -> list[IssueRecord]:
        return [_issue_record(item) for item in self._pages(f"/issues/{number}/dependencies/blocked_by")]

    @_translating
    def add_blocked_by(self, number: int, blocking_id: int) -> None:
        """PyGithub has no issue-dependencies API; the body names the blocking issue by its id."""
        self._pace()
        self._requester.requestJsonAndCheck(
            "POST", f"{self._url}/issues/{number}/dependencies/blocked_by", input={"issue_id": blocking_id}
        )

    @_translating
    def remove_blocked_by(self, number: int, blocking_id: int) -> None:
        self._pace()
        with _unless_missing():  # 404: no such link, the goal is reached
            self._requester.requestJsonAndCheck(
                "DELETE", f"{self._url}/issues/{number}/dependencies/blocked_by/{blocking_id}"
            )

    @_translating
    def commit_checks(self, ref: str) -> tuple[str, list[CheckRecord]]:
        """Both kinds of CI verdict on a commit: the combined status's newest status per context (one
        page of 100 contexts) and the latest check run per name (all pages); and the commit's sha, for a
        ref that names a branch."""
        path = quote(ref, safe="")
        _, combined = self._requester.requestJsonAndCheck(
            "GET", f"{self._url}/commits/{path}/status", parameters={"per_page": PER_PAGE}
        )
        found = [CheckRecord(source="status", name=str(item.get("context") or ""), state=str(item.get("state")))
                 for item in combined.get("statuses") or []]
        runs = self._pages(f"/commits/{path}/check-runs", key="check_runs")
        found += [CheckRecord(source="check_run", name=str(item.get("name") or ""), state=str(item.get("status")),
                              conclusion=item.get("conclusion")) for item in runs]
        return str(combined.get("sha") or ref), found

    @_translating
    def pull_reviews(self, number: int) -> list[ReviewRecord]:
        return [ReviewRecord(author=_login(item.get("user")), state=str(item.get("state") or ""),
                             submitted_at=str(item.get("submitted_at") or ""))
                for item in self._pages(f"/pulls/{number}/reviews")]

    @_translating
    def file_url(self, path: str) -> str | None:
        found: list[ContentFile] | ContentFile = []
        with _unless_missing():
            found = self._repo.get_contents(path)
        if isinstance(found, list):
            return None
        # GitHub may send `html_url: null` (the schema allows it); the blob page at HEAD still shows the file.
        return str(found.html_url or f"{self._repo.html_url}/blob/HEAD/{path.strip('/')}")


class GitHubGateway:
    """Builds authenticated clients, one per App installation (or one for a token), and shares them."""

    def __init__(self, settings: Settings, *, backoff_factor: float = BACKOFF_FACTOR,
                 pacer_for: Callable[[str], Pacer] | None = None) -> None:
        self._settings = settings
        self._pacer_for = pacer_for or (lambda _: WritePacer(settings.write_interval, settings.write_burst,
                                                             hourly=settings.hourly_writes))
        self._stats = _Stats()
        self._retry = _CountingRetry(
            self._stats,
            total=settings.github_retries,
            secondary_rate_wait=settings.secondary_rate_wait,
            backoff_factor=backoff_factor,
            status_forcelist=[*range(500, 600), 429],
            # PATCH too: every edit the bot makes sets absolute values, so repeating one is harmless.
            allowed_methods=Retry.DEFAULT_ALLOWED_METHODS | {"GET", "POST", "PATCH"},
            raise_on_status=False,  # after the last retry, PyGithub turns the answer into an exception
        )
        self._lock = threading.Lock()
        self._app_lock = threading.Lock()
        self._clients: dict[tuple[int | None, int], github.Github] = {}  # (credential, thread) -> client
        self._pacers: dict[int | None, Pacer] = {}
        self._installations: dict[str, int] = {}
        self._login: str | None = None
        self._app_auth: github.Auth.AppAuth | None = None
        self._integration: github.GithubIntegration | None = None
        if settings.github_app_id is not None and settings.github_app_private_key is not None:
            key = settings.github_app_private_key.get_secret_value()
            self._app_auth = github.Auth.AppAuth(settings.github_app_id, key)

    @property
    def stats(self) -> dict[str, int]:
        """HTTP requests sent (retries included), answers >= 400 or failed transports, and retries."""
        return self._stats.snapshot()

    def repo(self, full_name: str, installation_id: int | None = None) -> RepoGateway:
        client, pacer = self._client(full_name, installation_id)
        return RepoGateway(full_name, client.get_repo(full_name), pacer, self.login)

    @_translating
    def login(self) -> str:
        """The account the bot writes as: `<app slug>[bot]` for an App, the token's user otherwise (cached)."""
        with self._lock:
            if self._login is not None:
                return self._login
        if self._settings.bot_login:  # an installation token (Actions) may not ask GET /user
            login = self._settings.bot_login
        elif self._app_auth is not None:
            with self._app_lock:
                login = f"{self._app_integration().get_app().slug}[bot]"
        else:
            client, _ = self._client("", None)
            _, data = client.requester.requestJsonAndCheck("GET", "/user")
            login = str(data["login"])
        with self._lock:
            self._login = login
        return login

    def _app_integration(self) -> github.GithubIntegration:
        with self._lock:
            if self._integration is None:
                self._integration = github.GithubIntegration(auth=self._app_auth, **self._options())
            return self._integration

    def _options(self) -> dict[str, Any]:
        return {
            "base_url": self._settings.github_api_url,
            "timeout": TIMEOUT_SECONDS,
            "user_agent": USER_AGENT,
            "per_page": PER_PAGE,
            "retry": self._retry,
            "seconds_between_requests": None,
            "seconds_between_writes": None,  # paced by WritePacer: a burst, then one per interval
            "lazy": True,
            "api_version": API_VERSION,
        }

    def forget(self, installation_id: int | None, repos: list[str]) -> None:
        """An App uninstalled (or repositories taken from it): its clients and lookups go."""
        removed = {name.lower() for name in repos}
        with self._lock:
            if installation_id is not None:
                self._clients = {slot: c for slot, c in self._clients.items() if slot[0] != installation_id}
                self._pacers.pop(installation_id, None)
            self._installations = {name: inst for name, inst in self._installations.items()
                                   if inst != installation_id and name.lower() not in removed}

    def _client(self, full_name: str, installation_id: int | None) -> tuple[github.Github, Pacer]:
        """This thread's client of one credential, and the credential's write pacer.

        GitHub's write limits count per credential, so the pacer is shared (across workers too, when
        it lives in Redis); PyGithub's requester is not thread-safe (a body could leave with another
        thread's URL), so the client is not.
        """
        if self._app_auth is not None and installation_id is None:
            installation_id = self._installation_of(full_name)
        key = installation_id if self._app_auth is not None else None
        with self._lock:
            slot = (key, threading.get_ident())
            if slot not in self._clients:
                self._clients[slot] = github.Github(auth=self._auth(key), **self._options())
            if key not in self._pacers:
                self._pacers[key] = self._pacer_for("token" if key is None else f"installation-{key}")
            return self._clients[slot], self._pacers[key]

    def _auth(self, installation_id: int | None) -> github.Auth.Auth | None:
        """The installation auth fetches its token from base_url and refreshes it before expiry."""
        if self._app_auth is not None and installation_id is not None:
            return self._app_auth.get_installation_auth(installation_id)
        token = self._settings.github_token
        return github.Auth.Token(token.get_secret_value()) if token is not None else None

    @_translating
    def _installation_of(self, full_name: str) -> int:
        """An App call (JWT) finds the installation on the repository; remembered per repository."""
        with self._lock:
            if full_name in self._installations:
                return self._installations[full_name]
        owner, name = full_name.split("/", 1)
        with self._app_lock:  # one App client, so one lookup at a time (rare: once per repository)
            installation_id = int(self._app_integration().get_repo_installation(owner, name).id)
        with self._lock:
            self._installations[full_name] = installation_id
        return installation_id
