"""The routing table: which handler reacts to which (event, action). Read it at a glance.

Handlers run one at a time per repository in the worker. When a handler raises, the delivery is
recorded as failed (a redelivery runs it again) and the next job runs normally.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from pydantic import BaseModel

from bot.handlers import comments, installations, issues, pulls, reviews, scheduled
from bot.services import Services

Handler = Callable[[Services, Any], None]

ROUTES: Mapping[tuple[str, str], Handler] = {
    ("issues", "labeled"): issues.on_labeled,
    ("issues", "edited"): issues.on_edited,
    ("issues", "closed"): issues.on_closed,
    ("issues", "reopened"): issues.on_reopened,
    ("issue_comment", "created"): comments.on_created,
    ("pull_request", "opened"): pulls.on_linked,
    ("pull_request", "reopened"): pulls.on_linked,
    ("pull_request", "edited"): pulls.on_linked,
    ("pull_request", "synchronize"): pulls.on_linked,
    ("pull_request", "ready_for_review"): pulls.on_linked,
    ("pull_request", "closed"): pulls.on_closed,
    ("pull_request_review", "submitted"): reviews.on_review,
    ("pull_request_review", "dismissed"): reviews.on_review,
    ("check_run", "completed"): reviews.on_check_run,
    ("installation", "deleted"): installations.on_deleted,
    ("installation_repositories", "removed"): installations.on_repositories_removed,
    ("coordinator", "resume"): scheduled.on_resume,
    ("coordinator", "sweep"): scheduled.on_sweep,
}


class Router:
    def __init__(self, routes: Mapping[tuple[str, str], Handler]) -> None:
        self._routes = routes

    @classmethod
    def default(cls) -> Router:
        return cls(ROUTES)

    def handles(self, event: str, action: str) -> bool:
        return (event, action) in self._routes

    def dispatch(self, services: Services, event: str, action: str, model: BaseModel) -> None:
        self._routes[(event, action)](services, model)
