"""Reactions to the App being uninstalled, or losing repositories: forget what was cached for them.

The coordination states stay in the store (a reinstalled App picks them up again); the clients,
installation lookups, configuration and permissions cached for those repositories go, so nothing
is done later with credentials or answers that no longer hold.
"""

from __future__ import annotations

import logging

from bot.events import InstallationEvent, InstallationRepositoriesEvent
from bot.services import Services

log = logging.getLogger(__name__)


def _forget(services: Services, installation_id: int | None, repos: list[str]) -> None:
    services.gateway.forget(installation_id, repos)
    for name in repos:
        services.config_cache.forget(name)
    services.permissions.forget(repos)
    log.info("forgot installation %s and %d repositories", installation_id, len(repos))


def on_deleted(services: Services, event: InstallationEvent) -> None:
    """The App was uninstalled: everything cached for the installation goes."""
    _forget(services, event.installation.id, [repo.full_name for repo in event.repositories])


def on_repositories_removed(services: Services, event: InstallationRepositoriesEvent) -> None:
    """Repositories taken from the installation: what was cached for them goes."""
    _forget(services, None, [repo.full_name for repo in event.repositories_removed])
