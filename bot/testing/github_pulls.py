"""The fake GitHub's routes for pull requests and commit statuses, and the one GraphQL query
the bot sends (a pull request's `closingIssuesReferences`)."""

from __future__ import annotations

from bot.github_limits import STATUS_DESCRIPTION_CHARS
from bot.testing.github_http import HttpPlumbing, _Req
from bot.testing.github_model import ApiError, Reply, _invalid, _now, _object

STATUS_STATES = {"error", "failure", "pending", "success"}


class PullRoutes(HttpPlumbing):
    """Handlers for `/repos/{r}/pulls...`, commit statuses and `/graphql`."""

    def _graphql(self, req: _Req) -> Reply:
        """Only what the bot asks: a pull request's `closingIssuesReferences`; anything else is an error
        in GraphQL's shape (200 with `errors`)."""
        body = _object(req.body)
        variables = body.get("variables") or {}
        if "closingIssuesReferences" not in str(body.get("query")) or set(variables) != {"owner", "name", "number"}:
            return 200, {"errors": [{"message": "fake GitHub: unsupported GraphQL query"}]}, {}
        repo = self._find_repo(f"{variables['owner']}/{variables['name']}")
        pull = repo.issues.get(int(variables["number"])) if repo else None
        if repo is None or pull is None or pull.pull is None:
            return 200, {"data": {"repository": None}, "errors": [
                {"type": "NOT_FOUND", "message": "Could not resolve to a PullRequest"}]}, {}
        nodes = [{"number": number, "repository": {"nameWithOwner": name}}
                 for name, number in repo.closing_links.get(pull.number, [])]
        references = {"totalCount": len(nodes), "nodes": nodes}
        return 200, {"data": {"repository": {"pullRequest": {"closingIssuesReferences": references}}}}, {}

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
