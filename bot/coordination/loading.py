"""Opening a session: read the repository's configuration and find (or rebuild) the parent's state."""

from __future__ import annotations

from cachetools import TTLCache

from bot.coordination import recovery
from bot.coordination.parent import fetch_parent, plan_outcome
from bot.coordination.session import Session
from bot.domain.coordination import CoordinationState
from bot.gateway import RepoGateway
from bot.repo_config import CONFIG_PATH, ConfigError, RepoConfig, parse_repo_config
from bot.services import Services


class ConfigCache:
    """Configuration per repository for a minute: labels and comments arrive in bursts."""

    def __init__(self, ttl: float = 60.0) -> None:
        self._texts: TTLCache[str, str | None] = TTLCache(maxsize=1024, ttl=ttl)

    def text(self, gh: RepoGateway) -> str | None:
        key = gh.full_name.lower()
        if key not in self._texts:
            self._texts[key] = gh.read_file(CONFIG_PATH)
        return self._texts[key]

    def forget(self, full_name: str) -> None:
        self._texts.pop(full_name.lower(), None)


def read_config(services: Services, gh: RepoGateway) -> RepoConfig:
    """The repository's configuration; raises ConfigError when the file is invalid."""
    return parse_repo_config(services.config_cache.text(gh))


def open_session(
    services: Services, gh: RepoGateway, config: RepoConfig, parent_number: int, *, installation_id: int | None
) -> Session:
    """The parent's state from the store, rebuilt from GitHub's markers when missing or interrupted."""
    state = services.store.load(gh.full_name, parent_number)
    if state is None:
        state = CoordinationState(repo=gh.full_name, parent_number=parent_number, installation_id=installation_id)
        recovery.rebuild(gh, state)
    elif recovery.needs_orphan_scan(state):
        recovery.rebuild(gh, state)
        recovery.adopt_orphans(gh, state)
    if installation_id is not None:
        state.installation_id = installation_id
    return Session(services=services, gh=gh, config=config, state=state)


def _restore_plan(services: Services, session: Session) -> None:
    """After a lost database the plan is read again from the parent: its keys match the markers.

    Only events on sub-issues and pull requests need this; `coordinate` plans the parent anyway.
    """
    outcome = plan_outcome(services, session.config, fetch_parent(session.gh, session.parent))
    if outcome.plan is not None:
        session.state.plan = outcome.plan


def existing_session(
    services: Services, gh: RepoGateway, parent_number: int, *, installation_id: int | None, known: bool = False
) -> Session | None:
    """A session only for a parent the bot coordinates: in the store, or `known` from a marker on GitHub."""
    if not known and services.store.load(gh.full_name, parent_number) is None:
        return None
    try:
        config = read_config(services, gh)
    except ConfigError:
        config = RepoConfig()  # the error was reported when coordination started; progress goes on
    session = open_session(services, gh, config, parent_number, installation_id=installation_id)
    if session.state.plan is None and session.state.tasks:
        _restore_plan(services, session)
    return session


__all__ = ["ConfigCache", "ConfigError", "existing_session", "open_session", "read_config"]
