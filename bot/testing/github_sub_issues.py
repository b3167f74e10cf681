"""The fake GitHub's sub-issue routes: list, add (with GitHub's refusals: another owner,
a pull request, a duplicate, a second parent, too many) and remove."""

from __future__ import annotations

from bot.github_limits import SUB_ISSUES_PER_ISSUE
from bot.testing.github_http import HttpPlumbing, _Req
from bot.testing.github_model import ApiError, Reply, _invalid, _object


class SubIssueRoutes(HttpPlumbing):
    """Handlers for `/repos/{r}/issues/{n}/sub_issues` and `/sub_issue`."""

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
        if child is None or child.deleted or child.repo.split("/")[0].lower() != owner.lower():
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
