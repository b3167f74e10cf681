"""Who may steer: write, maintain or admin on the repository, read from GitHub and cached briefly."""

from __future__ import annotations

import threading

from cachetools import TTLCache

from bot.gateway import RepoGateway

STEERING_PERMISSIONS = frozenset({"admin", "maintain", "write"})


class PermissionCache:
    """A minute of memory: a burst of commands costs one request, a revoked right expires fast.

    Workers for different repositories share it, and TTLCache is not thread-safe, hence the lock;
    the request itself is made outside it so one slow answer does not hold up other repositories.
    """

    def __init__(self, ttl: float = 60.0) -> None:
        self._levels: TTLCache[tuple[str, str], str] = TTLCache(maxsize=4096, ttl=ttl)
        self._lock = threading.Lock()

    def may_steer(self, gh: RepoGateway, login: str) -> bool:
        key = (gh.full_name.lower(), login.lower())
        with self._lock:
            level = self._levels.get(key)
        if level is None:
            level = gh.permission(login)
            with self._lock:
                self._levels[key] = level
        return level in STEERING_PERMISSIONS
