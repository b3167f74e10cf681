"""The fake GitHub's routes for issues and what hangs on them: labels and assignees on an
issue, comments, and reactions to comments."""

from __future__ import annotations

from typing import Any

from bot.testing.github_http import HttpPlumbing, _Req
from bot.testing.github_model import (
    ApiError,
    Reply,
    _check_assignees,
    _check_body,
    _Comment,
    _invalid,
    _Issue,
    _label_name,
    _now,
    _object,
    _parse_time,
)

REACTIONS = {"+1", "-1", "laugh", "confused", "heart", "hooray", "rocket", "eyes"}


class IssueRoutes(HttpPlumbing):
    """Handlers for `/repos/{r}/issues...` and `/repos/{r}/issues/comments/...`."""

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
