"""The GitHub gateway: the only package that imports PyGithub.

Contract:

class GitHubGateway:
    def __init__(self, settings: Settings, *, backoff_factor: float = BACKOFF_FACTOR) -> None
        # token auth, or GitHub App auth (JWT -> installation token per installation id, cached
        # until expiry); base_url=settings.github_api_url; retry=GithubRetry(total=settings.github_retries,
        # secondary_rate_wait=settings.secondary_rate_wait); writes paced by bot.pacing.WritePacer;
        # lazy=True; X-GitHub-Api-Version sent. Counts requests/errors for /metrics via `stats`.
        # PyGithub's requester is not thread-safe: each worker thread gets its own client per
        # credential; the write pacer of a credential is shared by all of them.
    def repo(self, full_name: str, installation_id: int | None = None) -> RepoGateway
        # App auth without an installation id looks the repository's installation up once (JWT call).
    def login(self) -> str  # the account the bot writes as: COORDINATOR_BOT_LOGIN, `<slug>[bot]` (GET /app)
        # or GET /user; asked once
    def forget(self, installation_id: int | None, repos: list[str]) -> None
        # drops the clients of an uninstalled installation and the installation ids of removed repositories

class RepoGateway:   # one repository, one authenticated client; all methods raise GitHubError
    full_name: str
    def default_branch(self) -> str
    def get_issue(self, number: int) -> IssueRecord
    def list_issues(self, *, since: datetime | None = None, labels: list[str] | None = None,
                    state: str = "all") -> list[IssueRecord]          # all pages
    def create_issue(self, title: str, body: str, labels: list[str], assignees: list[str]) -> IssueRecord
    def edit_issue(self, number: int, *, title: str | None = None, body: str | None = None,
                   state: str | None = None, state_reason: str | None = None) -> None
    def add_labels(self, number: int, labels: list[str]) -> None
    def remove_label(self, number: int, label: str) -> None             # absent label is fine
    def set_assignees(self, number: int, assignees: list[str]) -> None
    def add_sub_issue(self, parent_number: int, child_id: int) -> None  # child's *id*
    def list_sub_issues(self, parent_number: int) -> list[IssueRecord]   # all pages
    def list_comments(self, number: int) -> list[CommentRecord]         # all pages
    def own_comments(self, number: int) -> list[CommentRecord]          # those the bot wrote: markers count only there
    def create_comment(self, number: int, body: str) -> CommentRecord
    def edit_comment(self, comment_id: int, body: str) -> None
    def add_reaction(self, comment_id: int, content: str) -> None
    def ensure_labels(self, specs: list[LabelSpec]) -> list[str]        # creates the missing; returns those
    def permission(self, login: str) -> str               # admin|maintain|write|triage|read|none
    def read_file(self, path: str, ref: str | None = None) -> str | None  # None when 404 (or a directory)
    def get_pull(self, number: int) -> PullRecord
    def pull_files(self, number: int) -> list[str]
    def closing_issues(self, number: int) -> set[int]    # GraphQL closingIssuesReferences, this repository's
    def set_status(self, sha: str, state: str, context: str, description: str, target_url: str = "") -> None
    def write_room(self) -> tuple[int | None, float]   # writes left this hour (None: unlimited), secs to a free one
    def blocked_by(self, number: int) -> list[IssueRecord]              # native "blocked by" links, all pages
    def add_blocked_by(self, number: int, blocking_id: int) -> None     # the blocker's *id*; paced
    def remove_blocked_by(self, number: int, blocking_id: int) -> None  # absent link is fine; paced
    def commit_checks(self, ref: str) -> tuple[str, list[CheckRecord]]  # the ref's sha; its statuses and check runs
    def pull_reviews(self, number: int) -> list[ReviewRecord]           # submitted reviews, oldest first
    def file_url(self, path: str) -> str | None           # the file's page on GitHub; None when 404

class GitHubError(Exception): status: int | None; message; retry_after: float | None; fields (422)
    (NotFound(GitHubError) for 404; status None for transport failures)

Every write is exactly one request: issues and comments are lazy PyGithub objects, so nothing is
fetched before it is changed. Lists are read as raw JSON pages, so reading an item never triggers a
completing GET per item (PyGithub completes a lazy object when a key such as `pull_request` is absent).
"""

from bot.gateway.client import API_VERSION, GitHubGateway
from bot.gateway.errors import GitHubError, NotFound, best_effort
from bot.gateway.repo import RepoGateway
from bot.gateway.retry import primary_limit_wait

__all__ = ["API_VERSION", "GitHubError", "GitHubGateway", "NotFound", "RepoGateway", "best_effort",
           "primary_limit_wait"]
