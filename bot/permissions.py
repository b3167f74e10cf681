"""Who may steer: write, maintain or admin on the repository, read from GitHub and cached briefly.

Starting coordination with the trigger label asks for `trigger_permission` (write by default,
`.github/coordinator.yml` may change it): triage users can add labels, but should not start work.
"""

from __future__ import annotations

import threading

from cachetools import TTLCache

from bot.gateway import RepoGateway

STEERING_PERMISSIONS = frozenset({"admin", "maintain", "write"})
LEVELS = ("none", "read", "triage", "write", "maintain", "admin")  # GitHub's roles, weakest first


def at_least(level: str, minimum: str) -> bool:
    """Whether a GitHub role is `minimum` or stronger (an unknown role counts as none)."""
    return LEVELS.index(level if level in LEVELS else "none") >= LEVELS.index(minimum)


class PermissionCache:
    """A minute of memory: a burst of commands costs one request, a revoked right expires fast.

    Workers for different repositories share it, and TTLCache is not thread-safe, hence the lock;
    the request itself is made outside it so one slow answer does not hold up other repositories.
    """

    def __init__(self, ttl: float = 60.0) -> None:
        self._levels: TTLCache[tuple[str, str], str] = TTLCache(maxsize=4096, ttl=ttl)
        self._lock = threading.Lock()

    def may_steer(self, gh: RepoGateway, login: str) -> bool:
        return self.level(gh, login) in STEERING_PERMISSIONS

    def allows(self, gh: RepoGateway, login: str, minimum: str) -> bool:
        return at_least(self.level(gh, login), minimum)

    def forget(self, repos: list[str]) -> None:
        """Drops what is known about the repositories (an App uninstalled from them)."""
        names = {name.lower() for name in repos}
        with self._lock:
            for key in [key for key in self._levels if key[0] in names]:
                self._levels.pop(key, None)

    def level(self, gh: RepoGateway, login: str) -> str:
        """The login's role on the repository (admin, maintain, write, triage, read or none)."""
        key = (gh.full_name.lower(), login.lower())
        with self._lock:
            level = self._levels.get(key)
        if level is None:
            level = gh.permission(login)
            with self._lock:
                self._levels[key] = level
        return level
