"""What tests read back from the fake GitHub: the requests it received, and its issues, pull requests,
comments, reactions, sub-issues, statuses and labels, in GitHub's JSON shapes (deleted issues included)."""

from __future__ import annotations

from typing import Any

from bot.testing.github_http import HttpPlumbing, RecordedRequest


class Inspection(HttpPlumbing):
    """The read side of `FakeGitHub`'s test API; each read takes the lock and returns copies."""

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
