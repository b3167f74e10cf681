"""Reactions to the bot's own deliveries (see `bot.scheduler`): work it put off, taken up again."""

from __future__ import annotations

from bot.coordination.loading import existing_session
from bot.coordination.observation import look
from bot.coordination.runner import run_pass
from bot.events import ResumeEvent
from bot.services import Services


def on_resume(services: Services, event: ResumeEvent) -> None:
    """Sub-issue creation stopped by GitHub's hourly write limit goes on (and stops again if need be)."""
    installation = event.installation.id if event.installation else None
    gh = services.repo(event.repository.full_name, installation)
    session = existing_session(services, gh, event.parent, installation_id=installation)
    if session is not None:
        run_pass(session)


def on_sweep(services: Services, event: ResumeEvent) -> None:
    """`coordinator sweep`: what GitHub sends no event for (reviews, checks, time passing) is read,
    then the plan is judged and its roadmap refreshed like after any event."""
    installation = event.installation.id if event.installation else None
    gh = services.repo(event.repository.full_name, installation)
    session = existing_session(services, gh, event.parent, installation_id=installation)
    if session is not None and session.state.plan is not None:
        look(session)
        run_pass(session)
