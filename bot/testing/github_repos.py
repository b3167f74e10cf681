"""The fake GitHub's routes for a repository itself: its JSON, collaborator permissions,
file contents, and its labels."""

from __future__ import annotations

import base64
import re
import secrets

from bot.github_limits import LABEL_DESCRIPTION_CHARS
from bot.testing.github_http import HttpPlumbing, _Req
from bot.testing.github_model import ApiError, Reply, _invalid, _object

LEGACY_PERMISSION = {"admin": "admin", "maintain": "write", "write": "write", "triage": "read",
                     "read": "read"}


class RepoRoutes(HttpPlumbing):
    """Handlers for `/repos/{r}`, its permissions, contents and labels."""

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
                         "html_url": None if path in repo.pageless
                         else f"{self.html_base}/{repo.full_name}/blob/{ref}/{path}"}, {}
        prefix = f"{path}/" if path else ""
        paths = [p for (r, p) in repo.files if r == ref and p.startswith(prefix)]
        entries = sorted({p[len(prefix) :].split("/")[0] for p in paths})
        if not entries:
            raise ApiError(404, "Not Found")
        return 200, [{"type": "file" if (ref, prefix + e) in repo.files else "dir", "name": e,
                      "path": prefix + e, "url": f"{api}/{prefix}{e}?ref={ref}"} for e in entries], {}

    # ----------------------------------------------------------------- handlers: issues

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
