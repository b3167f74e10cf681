"""The fake GitHub's state and how it shows it: the attributes `FakeGitHub` holds, the helpers that
find and change issues, comments and labels with GitHub's validation, and GitHub's JSON shapes.

The base of every route mixin, so handlers use one lock, one id sequence and one set of shapes."""

from __future__ import annotations

import itertools
import threading
from typing import Any

from bot.testing.github_model import (
    ApiError,
    _check_assignees,
    _check_body,
    _Comment,
    _invalid,
    _Issue,
    _label_name,
    _now,
    _Repo,
)


class GitHubState:
    """State shared by the route mixins; `FakeGitHub.__init__` sets every attribute."""

    prefix: str
    html_base: str
    api_user: str
    latency: float
    token_ttl: float
    _lock: threading.RLock
    _ids: itertools.count[int]
    _repos: dict[str, _Repo]
    _by_id: dict[int, _Issue]
    _children: dict[int, list[int]]  # parent id -> child ids
    _parent: dict[int, int]  # child id -> parent id
    _users: dict[str, int]
    _tokens: set[str]
    _installation_tokens: dict[str, float]
    _apps: dict[str, tuple[int, str]]  # JWT issuer (app id or client id) -> (app id, key)
    _installations: dict[int, int]  # installation id -> app id
    _remaining: int
    _origin: str

    @property
    def url(self) -> str:
        return self._origin + self.prefix
    # ----------------------------------------------------------------- state helpers

    def _repo(self, owner: str, name: str) -> _Repo:
        repo = self._find_repo(f"{owner}/{name}")
        if repo is None:
            raise ApiError(404, "Not Found")
        return repo

    def _find_repo(self, full_name: str) -> _Repo | None:
        """As on GitHub, owner and repository names ignore case (`Octo-Org/Widgets` is `octo-org/widgets`)."""
        wanted = full_name.lower()
        return next((repo for key, repo in self._repos.items() if key.lower() == wanted), None)

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
