"""The long-lived collaborators a handler may use, built once by the app factory."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.domain.coordination import CoordinationState
from bot.domain.plan import Plan
from bot.gateway import GitHubGateway, RepoGateway
from bot.observability import Metrics
from bot.permissions import PermissionCache
from bot.settings import Settings
from bot.store import Store

if TYPE_CHECKING:
    from bot.coordination.loading import ConfigCache
    from bot.scheduler import Scheduler


@dataclass(frozen=True)
class Services:
    settings: Settings
    store: Store
    gateway: GitHubGateway
    metrics: Metrics
    config_cache: ConfigCache
    permissions: PermissionCache
    narrator: Callable[[CoordinationState, Plan], str | None] | None = None
    scheduler: Scheduler | None = None  # runs a coordination again later (GitHub's hourly write limit)

    def repo(self, full_name: str, installation_id: int | None) -> RepoGateway:
        return self.gateway.repo(full_name, installation_id)
