"""RepoGateway: one repository through one authenticated client."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from urllib.parse import quote

import github
from github.ContentFile import ContentFile
from github.GithubObject import NotSet
from github.IssueComment import IssueComment
from github.PaginatedList import PaginatedList
from github.Repository import Repository

from bot.gateway.errors import GitHubError, already_exists, translating, unless_missing
from bot.gateway.records import RawJson, comment_record, issue_record, login_of, opt, pull_record, timestamp
from bot.github_limits import LABEL_DESCRIPTION_CHARS, STATUS_DESCRIPTION_CHARS
from bot.github_models import CheckRecord, CommentRecord, IssueRecord, LabelSpec, PullRecord, ReviewRecord
from bot.pacing import Pacer

PER_PAGE = 100
ROLES = frozenset({"admin", "maintain", "write", "triage", "read", "none"})


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
        pages = PaginatedList(RawJson, self._requester, f"{self._url}{path}", params or {}, list_item=key)
        return [item.raw_data for item in pages]

    @translating
    def default_branch(self) -> str:
        return self._repo.default_branch

    @translating
    def get_issue(self, number: int) -> IssueRecord:
        return issue_record(self._repo.get_issue(number).raw_data)

    @translating
    def list_issues(
        self, *, since: datetime | None = None, labels: list[str] | None = None, state: str = "all"
    ) -> list[IssueRecord]:
        params: dict[str, Any] = {"state": state}
        if labels:
            params["labels"] = ",".join(labels)
        if since is not None:
            params["since"] = timestamp(since)
        return [issue_record(item) for item in self._pages("/issues", params)]

    @translating
    def create_issue(self, title: str, body: str, labels: list[str], assignees: list[str]) -> IssueRecord:
        self._pace()
        issue = self._repo.create_issue(title=title, body=body, labels=list(labels), assignees=assignees)
        return issue_record(issue.raw_data)

    @translating
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
            title=opt(title), body=opt(body), state=opt(state), state_reason=opt(state_reason)
        )

    @translating
    def add_labels(self, number: int, labels: list[str]) -> None:
        if labels:
            self._pace()
            # Not Issue.add_to_labels: it sends a bare array, and GitHub documents {"labels": [...]}.
            self._requester.requestJsonAndCheck(
                "POST", f"{self._url}/issues/{number}/labels", input={"labels": list(labels)}
            )

    @translating
    def remove_label(self, number: int, label: str) -> None:
        self._pace()
        # Not Issue.remove_from_labels: it leaves "/" unescaped, and "area/api" is a common label name.
        with unless_missing():  # 404 "Label does not exist": not on the issue, the goal is reached
            self._requester.requestJsonAndCheck(
                "DELETE", f"{self._url}/issues/{number}/labels/{quote(label, safe='')}"
            )

    @translating
    def set_assignees(self, number: int, assignees: list[str]) -> None:
        self._pace()
        self._repo.get_issue(number).edit(assignees=list(assignees))

    @translating
    def add_sub_issue(self, parent_number: int, child_id: int) -> None:
        self._pace()
        self._repo.get_issue(parent_number).add_sub_issue(child_id)

    @translating
    def list_sub_issues(self, parent_number: int) -> list[IssueRecord]:
        return [issue_record(item) for item in self._pages(f"/issues/{parent_number}/sub_issues")]

    @translating
    def list_comments(self, number: int) -> list[CommentRecord]:
        return [comment_record(item) for item in self._pages(f"/issues/{number}/comments")]

    def own_comments(self, number: int) -> list[CommentRecord]:
        """The comments the bot wrote: anyone can paste a marker, so only these are read for one."""
        comments = self.list_comments(number)
        login = self._login().lower()
        return [comment for comment in comments if comment.author.lower() == login]

    @translating
    def create_comment(self, number: int, body: str) -> CommentRecord:
        self._pace()
        return comment_record(self._repo.get_issue(number).create_comment(body).raw_data)

    def _comment(self, comment_id: int) -> IssueComment:
        """A lazy comment: editing or reacting to it needs no GET first."""
        return IssueComment(self._requester, url=f"{self._url}/issues/comments/{comment_id}")

    @translating
    def edit_comment(self, comment_id: int, body: str) -> None:
        self._pace()
        self._comment(comment_id).edit(body)

    @translating
    def add_reaction(self, comment_id: int, content: str) -> None:
        self._pace()
        self._comment(comment_id).create_reaction(content)

    @translating
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
            self._repo.create_label(spec.name, spec.colour.lstrip("#"), opt(description))
        except github.GithubException as exc:
            if already_exists(exc):
                return False
            raise
        return True

    @translating
    def permission(self, login: str) -> str:
        # One request for both fields: PyGithub's helpers would fetch the same endpoint twice.
        data: dict[str, Any] = {}
        with unless_missing():  # 404: no such user, so no permission
            _, data = self._requester.requestJsonAndCheck(
                "GET", f"{self._url}/collaborators/{quote(login, safe='')}/permission"
            )
        role = data.get("role_name")
        return str(role) if role in ROLES else str(data.get("permission") or "none")

    @translating
    def read_file(self, path: str, ref: str | None = None) -> str | None:
        found: list[ContentFile] | ContentFile = []
        with unless_missing():
            found = self._repo.get_contents(path, ref=opt(ref))
        if isinstance(found, list):
            return None  # 404 (left as []), or a directory: no file there
        if found.encoding != "base64":
            raise GitHubError(None, f"{path} is over 1 MB; the contents API does not return it inline")
        return found.decoded_content.decode("utf-8", errors="replace")

    @translating
    def get_pull(self, number: int) -> PullRecord:
        return pull_record(self._repo.get_pull(number).raw_data)

    @translating
    def pull_files(self, number: int) -> list[str]:
        return [str(item["filename"]) for item in self._pages(f"/pulls/{number}/files")]

    @translating
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

    @translating
    def set_status(self, sha: str, state: str, context: str, description: str, target_url: str = "") -> None:
        self._pace()
        self._repo.get_commit(sha).create_status(
            state=state,
            target_url=target_url or NotSet,
            description=description[:STATUS_DESCRIPTION_CHARS],
            context=context,
        )


    @translating
    def blocked_by(self, number: int) -> list[IssueRecord]:
        return [issue_record(item) for item in self._pages(f"/issues/{number}/dependencies/blocked_by")]

    @translating
    def add_blocked_by(self, number: int, blocking_id: int) -> None:
        """PyGithub has no issue-dependencies API; the body names the blocking issue by its id."""
        self._pace()
        self._requester.requestJsonAndCheck(
            "POST", f"{self._url}/issues/{number}/dependencies/blocked_by", input={"issue_id": blocking_id}
        )

    @translating
    def remove_blocked_by(self, number: int, blocking_id: int) -> None:
        self._pace()
        with unless_missing():  # 404: no such link, the goal is reached
            self._requester.requestJsonAndCheck(
                "DELETE", f"{self._url}/issues/{number}/dependencies/blocked_by/{blocking_id}"
            )

    @translating
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

    @translating
    def pull_reviews(self, number: int) -> list[ReviewRecord]:
        return [ReviewRecord(author=login_of(item.get("user")), state=str(item.get("state") or ""),
                             submitted_at=str(item.get("submitted_at") or ""))
                for item in self._pages(f"/pulls/{number}/reviews")]

    @translating
    def file_url(self, path: str) -> str | None:
        found: list[ContentFile] | ContentFile = []
        with unless_missing():
            found = self._repo.get_contents(path)
        if isinstance(found, list):
            return None
        # GitHub may send `html_url: null` (the schema allows it); the blob page at HEAD still shows the file.
        return str(found.html_url or f"{self._repo.html_url}/blob/HEAD/{path.strip('/')}")
