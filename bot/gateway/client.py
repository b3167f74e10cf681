"""GitHubGateway: the authenticated clients (a token, or a GitHub App per installation), shared by threads
as PyGithub allows, with one write pacer per credential."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import github
from urllib3.util.retry import Retry

from bot.gateway.errors import translating
from bot.gateway.repo import PER_PAGE, RepoGateway
from bot.gateway.retry import CountingRetry, Stats
from bot.pacing import Pacer, WritePacer
from bot.settings import Settings

TIMEOUT_SECONDS = 20
BACKOFF_FACTOR = 0.25  # 5xx retries wait 0, then 0.5, 1, 2 ... s (urllib3: factor * 2 ** (n - 1))
USER_AGENT = "feature-coordinator"
API_VERSION = "2022-11-28"  # the REST API version the bot is written against (X-GitHub-Api-Version)


class GitHubGateway:
    """Builds authenticated clients, one per App installation (or one for a token), and shares them."""

    def __init__(self, settings: Settings, *, backoff_factor: float = BACKOFF_FACTOR,
                 pacer_for: Callable[[str], Pacer] | None = None) -> None:
        self._settings = settings
        self._pacer_for = pacer_for or (lambda _: WritePacer(settings.write_interval, settings.write_burst,
                                                             hourly=settings.hourly_writes))
        self._stats = Stats()
        self._retry = CountingRetry(
            self._stats,
            total=settings.github_retries,
            secondary_rate_wait=settings.secondary_rate_wait,
            backoff_factor=backoff_factor,
            status_forcelist=[*range(500, 600), 429],
            # PATCH too: every edit the bot makes sets absolute values, so repeating one is harmless.
            allowed_methods=Retry.DEFAULT_ALLOWED_METHODS | {"GET", "POST", "PATCH"},
            raise_on_status=False,  # after the last retry, PyGithub turns the answer into an exception
        )
        self._lock = threading.Lock()
        self._app_lock = threading.Lock()
        self._clients: dict[tuple[int | None, int], github.Github] = {}  # (credential, thread) -> client
        self._pacers: dict[int | None, Pacer] = {}
        self._installations: dict[str, int] = {}
        self._login: str | None = None
        self._app_auth: github.Auth.AppAuth | None = None
        self._integration: github.GithubIntegration | None = None
        if settings.github_app_id is not None and settings.github_app_private_key is not None:
            key = settings.github_app_private_key.get_secret_value()
            self._app_auth = github.Auth.AppAuth(settings.github_app_id, key)

    @property
    def stats(self) -> dict[str, int]:
        """HTTP requests sent (retries included), answers >= 400 or failed transports, and retries."""
        return self._stats.snapshot()

    def repo(self, full_name: str, installation_id: int | None = None) -> RepoGateway:
        client, pacer = self._client(full_name, installation_id)
        return RepoGateway(full_name, client.get_repo(full_name), pacer, self.login)

    @translating
    def login(self) -> str:
        """The account the bot writes as: `<app slug>[bot]` for an App, the token's user otherwise (cached)."""
        with self._lock:
            if self._login is not None:
                return self._login
        if self._settings.bot_login:  # an installation token (Actions) may not ask GET /user
            login = self._settings.bot_login
        elif self._app_auth is not None:
            with self._app_lock:
                login = f"{self._app_integration().get_app().slug}[bot]"
        else:
            client, _ = self._client("", None)
            _, data = client.requester.requestJsonAndCheck("GET", "/user")
            login = str(data["login"])
        with self._lock:
            self._login = login
        return login

    def _app_integration(self) -> github.GithubIntegration:
        with self._lock:
            if self._integration is None:
                self._integration = github.GithubIntegration(auth=self._app_auth, **self._options())
            return self._integration

    def _options(self) -> dict[str, Any]:
        return {
            "base_url": self._settings.github_api_url,
            "timeout": TIMEOUT_SECONDS,
            "user_agent": USER_AGENT,
            "per_page": PER_PAGE,
            "retry": self._retry,
            "seconds_between_requests": None,
            "seconds_between_writes": None,  # paced by WritePacer: a burst, then one per interval
            "lazy": True,
            "api_version": API_VERSION,
        }

    def forget(self, installation_id: int | None, repos: list[str]) -> None:
        """An App uninstalled (or repositories taken from it): its clients and lookups go."""
        removed = {name.lower() for name in repos}
        with self._lock:
            if installation_id is not None:
                self._clients = {slot: c for slot, c in self._clients.items() if slot[0] != installation_id}
                self._pacers.pop(installation_id, None)
            self._installations = {name: inst for name, inst in self._installations.items()
                                   if inst != installation_id and name.lower() not in removed}

    def _client(self, full_name: str, installation_id: int | None) -> tuple[github.Github, Pacer]:
        """This thread's client of one credential, and the credential's write pacer.

        GitHub's write limits count per credential, so the pacer is shared (across workers too, when
        it lives in Redis); PyGithub's requester is not thread-safe (a body could leave with another
        thread's URL), so the client is not.
        """
        if self._app_auth is not None and installation_id is None:
            installation_id = self._installation_of(full_name)
        key = installation_id if self._app_auth is not None else None
        with self._lock:
            slot = (key, threading.get_ident())
            if slot not in self._clients:
                self._clients[slot] = github.Github(auth=self._auth(key), **self._options())
            if key not in self._pacers:
                self._pacers[key] = self._pacer_for("token" if key is None else f"installation-{key}")
            return self._clients[slot], self._pacers[key]

    def _auth(self, installation_id: int | None) -> github.Auth.Auth | None:
        """The installation auth fetches its token from base_url and refreshes it before expiry."""
        if self._app_auth is not None and installation_id is not None:
            return self._app_auth.get_installation_auth(installation_id)
        token = self._settings.github_token
        return github.Auth.Token(token.get_secret_value()) if token is not None else None

    @translating
    def _installation_of(self, full_name: str) -> int:
        """An App call (JWT) finds the installation on the repository; remembered per repository."""
        with self._lock:
            if full_name in self._installations:
                return self._installations[full_name]
        owner, name = full_name.split("/", 1)
        with self._app_lock:  # one App client, so one lookup at a time (rare: once per repository)
            installation_id = int(self._app_integration().get_repo_installation(owner, name).id)
        with self._lock:
            self._installations[full_name] = installation_id
        return installation_id
