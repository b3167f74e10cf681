"""The plan issue itself: what an event shows of it, reading it from GitHub, and planning its text."""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.plan import PlanOutcome
from bot.gateway import RepoGateway
from bot.planning import make_planner
from bot.repo_config import RepoConfig
from bot.services import Services


@dataclass(frozen=True)
class ParentIssue:
    """The parent as the triggering event showed it (no need to GET it again)."""

    number: int
    id: int | None
    title: str
    body: str
    labels: tuple[str, ...]


def fetch_parent(gh: RepoGateway, number: int) -> ParentIssue:
    """The parent read from GitHub, for events that arrive on a sub-issue or a pull request."""
    issue = gh.get_issue(number)
    return ParentIssue(number=issue.number, id=issue.id, title=issue.title, body=issue.body, labels=issue.labels)


def plan_outcome(services: Services, config: RepoConfig, parent: ParentIssue) -> PlanOutcome:
    planner = make_planner(services.settings, config.role_set(), config.task_cap, config.planner)
    return planner.plan(parent.title, parent.body)
