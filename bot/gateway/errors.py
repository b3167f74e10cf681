"""What a failed GitHub call becomes: GitHubError (NotFound for 404/410), whatever PyGithub, requests or
urllib3 raised, with GitHub's message and never the request (which carries the token)."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http import HTTPStatus
from typing import ParamSpec, TypeVar

import github
import requests

log = logging.getLogger(__name__)


P = ParamSpec("P")
T = TypeVar("T")


class GitHubError(Exception):
    """A GitHub call failed. `status` is the HTTP status (None when no answer came back)."""

    def __init__(self, status: int | None, message: str, *, retry_after: float | None = None,
                 fields: tuple[str, ...] = ()) -> None:
        super().__init__(f"GitHub {status}: {message}" if status else f"GitHub: {message}")
        self.status = status
        self.message = message
        self.retry_after = retry_after
        self.fields = fields  # the request fields a 422 names, e.g. ("assignees",)

    @property
    def refuses_assignees(self) -> bool:
        """GitHub would not assign someone: not a collaborator, a wrong login, or Copilot with an App token."""
        return self.status == 422 and "assignees" in self.fields


class NotFound(GitHubError):
    """404: the object does not exist, or the credentials may not see it; 410: it was deleted."""


GONE = (404, 410)  # a deleted issue answers 410 Gone


@contextmanager
def best_effort(what: str) -> Iterator[None]:
    """For requests whose failure must not stop the work: a reaction, label colours, a lookup."""
    try:
        yield
    except GitHubError as error:
        log.warning("could not %s: %s", what, error)


def _error(exc: github.GithubException) -> GitHubError:
    """GitHub's message plus any validation details, never the request (which carries the token)."""
    data = exc.data if isinstance(exc.data, dict) else {}
    message = str(data.get("message") or exc.data or _phrase(exc.status))
    listed = data.get("errors") or []
    errors = [e for e in listed if isinstance(e, dict)]
    # GitHub's "Validation Error Simple" lists its details as plain strings.
    details = [str(e.get("message") or e.get("code")) if isinstance(e, dict) else str(e) for e in listed]
    if details:
        message = f"{message}: {'; '.join(details)}"
    retry_after = (exc.headers or {}).get("retry-after")
    wait = float(retry_after) if retry_after and str(retry_after).replace(".", "", 1).isdigit() else None
    kind = NotFound if exc.status in GONE else GitHubError
    fields = tuple(str(e["field"]) for e in errors if e.get("field"))
    return kind(exc.status, message, retry_after=wait, fields=fields)


def _phrase(status: int | None) -> str:
    """When the body is gone (PyGithub's retry reads a 403's body to look for a rate limit), the status's name."""
    try:
        return HTTPStatus(status or 0).phrase
    except ValueError:
        return "no message"


@contextmanager
def translated() -> Iterator[None]:
    try:
        yield
    except github.GithubException as exc:
        raise _error(exc) from exc
    except requests.RequestException as exc:
        raise GitHubError(None, f"{type(exc).__name__}: {exc}") from exc
    except RuntimeError as exc:  # PyGithub's answer to a 301 onto another host or scheme: a wrong GITHUB_API_URL
        if "redirected" not in str(exc):
            raise
        raise GitHubError(301, f"{exc} (here: the GITHUB_API_URL setting)") from exc


@contextmanager
def unless_missing() -> Iterator[None]:
    """Swallows a 404 whatever its message (PyGithub types only "Not Found" as UnknownObjectException)."""
    try:
        yield
    except github.GithubException as exc:
        if exc.status not in GONE:
            raise


def translating(method: Callable[P, T]) -> Callable[P, T]:
    """Callers see GitHubError only, whatever PyGithub, requests or urllib3 raised."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        with translated():
            return method(*args, **kwargs)

    return wrapper


def already_exists(exc: github.GithubException) -> bool:
    errors = exc.data.get("errors") if isinstance(exc.data, dict) else None
    codes = [e.get("code") for e in errors or [] if isinstance(e, dict)]
    return exc.status == 422 and "already_exists" in codes
