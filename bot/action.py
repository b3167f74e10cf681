"""`coordinator action`: one GitHub Actions run handles the one event that started it, with no server.

The event comes from `GITHUB_EVENT_PATH` and goes through the webhook's intake (`Intake.admit`:
the same parsing, filters and handlers, only the signature check is left out since GitHub wrote
the file), into a throwaway SQLite store that `bot.rehydrate` fills from GitHub first. The
handlers keep the state in the roadmap comment's hidden block (`Settings.roadmap_state`), and the
run ends by bringing that block up to date. Exit status: 0 done (or nothing to do), 1 the event
failed or was malformed (the message says why), 2 a configuration error.
"""

from __future__ import annotations

import hashlib
import logging
import sys
import tempfile
from contextlib import suppress
from pathlib import Path

from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.coordination.loading import existing_session
from bot.coordination.roadmap import refresh_roadmap
from bot.events import IssueCommentEvent, parse_event
from bot.gateway import GitHubError, GitHubGateway, NotFound, RepoGateway
from bot.intake import Intake
from bot.jobs import Job, RetryLater
from bot.rehydrate import answered, hydrate, parents_of
from bot.routing import Router
from bot.services import Services
from bot.settings import Settings, SettingsError
from bot.store import Delivery
from bot.wiring import build_services
from bot.work_queue import InlineQueue

log = logging.getLogger(__name__)

ACTIONS_LOGIN = "github-actions[bot]"  # who a workflow's GITHUB_TOKEN writes as
MAX_EVENT_BYTES = 25 * 1024 * 1024  # as a webhook delivery


class ActionEnvironment(BaseSettings):
    """What the Actions runner sets for every step (docs: "Variables", default environment variables)."""

    model_config = SettingsConfigDict(extra="ignore")

    event_name: str = Field(min_length=1, validation_alias="GITHUB_EVENT_NAME")
    event_path: Path = Field(validation_alias="GITHUB_EVENT_PATH")
    repository: str = Field(default="", validation_alias="GITHUB_REPOSITORY")
    run_id: str = Field(default="", validation_alias="GITHUB_RUN_ID")
    run_attempt: str = Field(default="1", validation_alias="GITHUB_RUN_ATTEMPT")


def _environment() -> tuple[ActionEnvironment, bytes]:
    try:
        env = ActionEnvironment()
    except ValidationError as error:
        first = error.errors()[0]
        raise SettingsError(f"{first['loc'][0] if first['loc'] else 'environment'}: {first['msg']} "
                            "(coordinator action runs in a GitHub Actions step)") from None
    try:
        if env.event_path.stat().st_size > MAX_EVENT_BYTES:
            raise SettingsError(f"GITHUB_EVENT_PATH: {env.event_path} is larger than 25 MiB")
        return env, env.event_path.read_bytes()
    except OSError as error:
        raise SettingsError(f"GITHUB_EVENT_PATH: cannot read {env.event_path}: {error.strerror}") from None


def _bot_login(settings: Settings) -> str:
    """The account whose comments carry the bot's markers. A workflow token (an installation token)
    may not ask `GET /user` (403): it writes as github-actions[bot]. Another App's token needs
    COORDINATOR_BOT_LOGIN (`<slug>[bot]`)."""
    if settings.bot_login:
        return settings.bot_login
    try:
        return GitHubGateway(settings).login()
    except GitHubError as error:
        if error.status != 403:
            raise
        return ACTIONS_LOGIN


def run_action(settings: Settings) -> int:
    """Handles the workflow's event; returns the exit status."""
    env, body = _environment()
    settings.require_credentials()
    with tempfile.TemporaryDirectory(prefix="coordinator-") as scratch:
        try:
            login = _bot_login(settings)
        except GitHubError as error:
            print(f"coordinator: GitHub refused the credentials: {error}", file=sys.stderr)
            return 1
        settings = settings.model_copy(update={
            "database_url": f"sqlite:///{Path(scratch) / 'state.sqlite3'}", "queue_url": None,
            "roadmap_state": True, "bot_login": login,
        })
        services = build_services(settings)
        try:
            return _handle(services, env, body)
        except GitHubError as error:
            print(f"coordinator: {env.event_name}: GitHub refused a request: {error}", file=sys.stderr)
            return 1
        finally:
            services.store.close()


def _webhook_event(name: str) -> str:
    """`pull_request_target` carries a `pull_request` payload; it runs with the base repository's
    token, so pull requests from forks are followed too (the action never runs their code)."""
    return "pull_request" if name == "pull_request_target" else name


def _admit(services: Services, queue: InlineQueue, router: Router, env: ActionEnvironment,
           body: bytes) -> Delivery | int:
    """The delivery to run, as the webhook's intake would queue it; or the exit status when there is none."""
    intake = Intake("", router.handles, services.store, queue, services.metrics)
    delivery_id = f"run-{env.run_id}-{env.run_attempt}" if env.run_id else hashlib.sha256(body).hexdigest()
    verdict = intake.admit(_webhook_event(env.event_name), delivery_id, body)
    taken = queue.take()
    delivery = services.store.delivery(taken[0]) if taken else None
    if delivery is None:
        stream = sys.stderr if verdict.status >= 400 else sys.stdout
        print(f"coordinator: {env.event_name}: {verdict.outcome} {verdict.detail}".rstrip(), file=stream)
        return 1 if verdict.status >= 400 else 0
    if env.repository and env.repository.lower() != delivery.key:
        raise SettingsError(f"GITHUB_REPOSITORY is {env.repository}, the event is about {delivery.key}")
    return delivery


def _handle(services: Services, env: ActionEnvironment, body: bytes) -> int:
    router = Router.default()
    delivery = _admit(services, InlineQueue(), router, env, body)
    if isinstance(delivery, int):
        return delivery
    event = parse_event(delivery.event, delivery.payload)
    installation = getattr(getattr(event, "installation", None), "id", None)
    gh = services.repo(str(delivery.payload["repository"]["full_name"]), installation)
    if isinstance(event, IssueCommentEvent) and answered(gh.own_comments(event.issue.number), event.comment.id):
        print(f"coordinator: {env.event_name}: duplicate, comment {event.comment.id} was already answered")
        return 0
    for parent in parents_of(gh, event, delivery.payload):
        with suppress(NotFound):  # a marker may name an issue that is gone
            hydrate(gh, services.store, parent, installation)
    failure = _run(Job(services, router), delivery.id)
    _keep_state(services, gh, installation, quiet=failure is not None)
    if failure is not None:
        print(f"coordinator: {delivery.event}.{delivery.action} failed: {failure}", file=sys.stderr)
        return 1
    print(f"coordinator: {delivery.event}.{delivery.action}: processed")
    return 0


def _run(job: Job, delivery_id: str) -> str | None:
    """Runs the delivery in this thread; the failure's message, or None."""
    try:
        job(delivery_id, final=False)
    except RetryLater as error:
        return str(error)
    return None


def _keep_state(services: Services, gh: RepoGateway, installation: int | None, *, quiet: bool) -> None:
    """Brings every touched plan's state block up to date: the handlers' last roadmap edit may predate
    their last change (a reply, a hand-over). No request when the roadmap already says it all."""
    for state in services.store.coordinations(gh.full_name):
        try:
            session = existing_session(services, gh, state.parent_number, installation_id=installation, known=True)
            if session is not None:
                refresh_roadmap(session)
        except GitHubError:
            if not quiet:
                raise
            log.exception("could not keep the state of #%s", state.parent_number)
