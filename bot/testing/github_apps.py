"""The fake GitHub's routes for Apps and accounts: App JWTs, installation tokens, the
authenticated user, a repository's installation, and the rate limit."""

from __future__ import annotations

import secrets
import time
from datetime import UTC, datetime

from bot.testing.github_http import HttpPlumbing, _Req
from bot.testing.github_model import ApiError, Reply


class AppRoutes(HttpPlumbing):
    """Handlers for `/app`, its installation tokens, `/user`, a repository's installation, `/rate_limit`."""

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
