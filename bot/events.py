"""Typed views of the webhook deliveries the bot reacts to.

GitHub sends far more than the bot reads, and the shape drifts: newer deliveries add fields
(`state_reason`, `sub_issues_summary`, ...), older ones and GHES lack some (`draft`,
`installation`), and `body` may be null. Each model therefore keeps only the fields the bot uses,
ignores everything else and gives a default to anything that is not always present. A payload that
lacks a field the bot cannot do without raises `PayloadError` naming that field, so a bad delivery
is rejected with a readable reason instead of failing somewhere deep in the handlers.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError
from pydantic_core import ErrorDetails

_MAX_REPORTED_ERRORS = 5


class PayloadError(ValueError):
    """A delivery whose body does not have the shape of its `X-GitHub-Event`.

    `fields` holds the dotted paths of the offending fields (`issue.number`), so a caller can log
    them or answer the delivery with a 400 that says what was wrong.
    """

    def __init__(self, event_name: str, problems: list[str], fields: tuple[str, ...] = ()) -> None:
        self.event_name = event_name
        self.problems = tuple(problems)
        self.fields = fields
        super().__init__(f"malformed {event_name!r} payload: " + "; ".join(problems))


class UnsupportedEventError(LookupError):
    """An `X-GitHub-Event` the bot has no model for; the caller should acknowledge and ignore it."""

    def __init__(self, event_name: str) -> None:
        self.event_name = event_name
        known = ", ".join(sorted(EVENT_MODELS))
        super().__init__(f"event {event_name!r} is not handled (handled events: {known})")


class _View(BaseModel):
    """Base for every payload view: immutable, and blind to fields it does not declare."""

    model_config = ConfigDict(extra="ignore", frozen=True)


def _null_as(default: object) -> BeforeValidator:
    """Reads a JSON null as `default`, for fields GitHub's schema lets be null."""
    return BeforeValidator(lambda value: default if value is None else value)


Text = Annotated[str, _null_as("")]  # `"body": null` is an empty text; the bot always wants a string
Flag = Annotated[bool, _null_as(False)]  # `pull_request.merged: null` (not known yet): not merged, as far as we know


class User(_View):
    """The author of an issue, comment or pull request, or the sender of a delivery."""

    login: str
    type: str = "User"

    @property
    def is_bot(self) -> bool:
        """GitHub Apps act as `type: "Bot"` users named `<app>[bot]`; either sign is enough."""
        return self.type == "Bot" or self.login.endswith("[bot]")


class Label(_View):
    name: str


class Repository(_View):
    """The repository a delivery is about. `full_name` is `owner/name`, used for API calls."""

    id: int
    name: str
    full_name: str
    owner: User
    default_branch: str | None = None


class Installation(_View):
    """The short `{id, node_id}` form GitHub Apps receive in repository events."""

    id: int


class IssuePullRequestLink(_View):
    """Present on an issue when that "issue" is really a pull request."""

    html_url: str = ""
    merged_at: datetime | None = None


class Issue(_View):
    """An issue (or the issue record of a pull request) as carried in `issues`/`issue_comment`."""

    id: int
    number: int
    title: str
    body: Text = ""
    state: str = "open"  # GitHub's schema does not require it; nothing decides on it
    state_reason: str | None = None
    labels: tuple[Label, ...] = ()
    user: User
    html_url: str = ""
    pull_request: IssuePullRequestLink | None = None

    @property
    def is_pull_request(self) -> bool:
        return self.pull_request is not None

    @property
    def label_names(self) -> tuple[str, ...]:
        return tuple(label.name for label in self.labels)


class Comment(_View):
    id: int
    body: Text = ""
    user: User
    html_url: str = ""


class GitRef(_View):
    """One end of a pull request: the branch name and the commit it points at."""

    ref: str
    sha: str


class PullRequest(_View):
    """A pull request as carried in `pull_request` deliveries.

    `merged` defaults to False because only closed pull requests can be merged and some trimmed
    payloads leave it out (GitHub's schema also allows null); `draft` is missing from old GHES payloads.
    """

    number: int
    title: str
    body: Text = ""
    state: str
    merged: Flag = False
    merged_at: datetime | None = None
    merge_commit_sha: str | None = None
    head: GitRef
    base: GitRef
    html_url: str = ""
    user: User
    draft: bool = False


class ChangedFrom(_View):
    """The previous value of an edited field (`changes.title.from`)."""

    previous: str = Field(alias="from")


class Changes(_View):
    """What an `edited` delivery changed; absent keys mean that field was not edited."""

    title: ChangedFrom | None = None
    body: ChangedFrom | None = None


class IssuesEvent(_View):
    """`X-GitHub-Event: issues` (opened, edited, closed, labeled, ...)."""

    action: str
    issue: Issue
    label: Label | None = None
    changes: Changes | None = None
    repository: Repository
    sender: User
    installation: Installation | None = None


class IssueCommentEvent(_View):
    """`X-GitHub-Event: issue_comment`: comments on issues and on pull requests alike."""

    action: str
    issue: Issue
    comment: Comment
    changes: Changes | None = None
    repository: Repository
    sender: User
    installation: Installation | None = None


class PullRequestEvent(_View):
    """`X-GitHub-Event: pull_request` (opened, closed, synchronize, ...)."""

    action: str
    number: int
    pull_request: PullRequest
    repository: Repository
    sender: User
    installation: Installation | None = None


class Review(_View):
    """A submitted review; its state is lower-case in deliveries (`approved`, `changes_requested`…)."""

    state: str
    user: User | None = None


class PullRequestReviewEvent(_View):
    """`X-GitHub-Event: pull_request_review` (submitted, edited, dismissed)."""

    action: str
    review: Review
    pull_request: PullRequest
    repository: Repository
    sender: User
    installation: Installation | None = None


class CheckRunPull(_View):
    number: int


class CheckRun(_View):
    head_sha: str
    name: str = ""
    status: str = ""
    conclusion: str | None = None
    pull_requests: tuple[CheckRunPull, ...] = ()


class CheckRunEvent(_View):
    """`X-GitHub-Event: check_run` (created, completed, ...): a CI verdict on a commit."""

    action: str
    check_run: CheckRun
    repository: Repository
    sender: User
    installation: Installation | None = None


class RepositoryRef(_View):
    """The short form of a repository in installation deliveries."""

    full_name: str


class InstallationEvent(_View):
    """`X-GitHub-Event: installation` (created, deleted, suspend, ...): the App on an account."""

    action: str
    installation: Installation
    repositories: tuple[RepositoryRef, ...] = ()
    sender: User


class InstallationRepositoriesEvent(_View):
    """`X-GitHub-Event: installation_repositories`: repositories added to or removed from the App."""

    action: str
    installation: Installation
    repositories_removed: tuple[RepositoryRef, ...] = ()
    sender: User


class ResumeEvent(_View):
    """The bot's own delivery (`coordinator`/`resume`): go on coordinating a parent later."""

    action: str
    repository: RepositoryRef
    parent: int
    installation: Installation | None = None
    sender: User | None = None


class Hook(_View):
    """The webhook that sent a ping; `app_id` is set when the hook belongs to a GitHub App."""

    id: int
    type: str = ""
    events: tuple[str, ...] = ()
    app_id: int | None = None


class PingEvent(_View):
    """`X-GitHub-Event: ping`, sent once when a hook is created.

    Organisation and App hooks ping without a repository, so everything but `zen` is optional.
    """

    zen: str = ""
    hook_id: int | None = None
    hook: Hook | None = None
    repository: Repository | None = None
    sender: User | None = None


Event = (IssuesEvent | IssueCommentEvent | PullRequestEvent | PingEvent | InstallationEvent
         | InstallationRepositoriesEvent | ResumeEvent | PullRequestReviewEvent | CheckRunEvent)

EVENT_MODELS: dict[str, type[Event]] = {
    "issues": IssuesEvent,
    "issue_comment": IssueCommentEvent,
    "pull_request": PullRequestEvent,
    "pull_request_review": PullRequestReviewEvent,
    "check_run": CheckRunEvent,
    "ping": PingEvent,
    "installation": InstallationEvent,
    "installation_repositories": InstallationRepositoriesEvent,
}


INTERNAL_EVENTS: dict[str, type[Event]] = {"coordinator": ResumeEvent}  # the bot's own, never from a webhook


def parse_event(event_name: str, payload: Any) -> Event:
    """Validate a delivery body against the model for its `X-GitHub-Event` header.

    Raises `UnsupportedEventError` for events the bot does not handle (acknowledge and drop) and
    `PayloadError` for a handled event whose body is malformed (reject).
    """
    model = EVENT_MODELS.get(event_name) or INTERNAL_EVENTS.get(event_name)
    if model is None:
        raise UnsupportedEventError(event_name)
    if not isinstance(payload, dict):
        raise PayloadError(event_name, [f"expected a JSON object, got {type(payload).__name__}"])
    try:
        return model.model_validate(payload)
    except ValidationError as exc:
        raise _payload_error(event_name, exc) from exc


def _payload_error(event_name: str, exc: ValidationError) -> PayloadError:
    """Turn Pydantic's error list into short sentences a person reading a log can act on."""
    errors = exc.errors(include_url=False)
    fields = tuple(_dotted(error) for error in errors)
    problems = [_describe(error) for error in errors[:_MAX_REPORTED_ERRORS]]
    if len(errors) > _MAX_REPORTED_ERRORS:
        problems.append(f"and {len(errors) - _MAX_REPORTED_ERRORS} more")
    return PayloadError(event_name, problems, fields)


def _dotted(error: ErrorDetails) -> str:
    return ".".join(str(part) for part in error["loc"]) or "<root>"


def _describe(error: ErrorDetails) -> str:
    """`issue.number is missing`, or `issue.number: <why> (got 'abc')`."""
    field = _dotted(error)
    if error["type"] == "missing":
        return f"{field} is missing"
    shown = repr(error["input"])
    if len(shown) > 40:
        shown = shown[:37] + "..."
    return f"{field}: {error['msg'].lower()} (got {shown})"


def sender_is_bot(event: Event) -> bool:
    """Whether a delivery was caused by a bot, so the bot never reacts to itself or other bots."""
    return event.sender is not None and event.sender.is_bot
