"""Who may steer: write, maintain or admin on the repository, read from GitHub and cached briefly."""

from __future__ import annotations

from cachetools import TTLCache

from bot.gateway import RepoGateway

STEERING_PERMISSIONS = frozenset({"admin", "maintain", "write"})


class PermissionCache:
    """A minute of memory: a burst of commands costs one request, a revoked right expires fast."""

    def __init__(self, ttl: float = 60.0) -> None:
        self._levels: TTLCache[tuple[str, str], str] = TTLCache(maxsize=4096, ttl=ttl)

    def may_steer(self, gh: RepoGateway, login: str) -> bool:
        key = (gh.full_name.lower(), login.lower())
        if key not in self._levels:
            self._levels[key] = gh.permission(login)
        return self._levels[key] in STEERING_PERMISSIONS
