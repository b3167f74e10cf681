"""The GitHub gateway: the only module that imports PyGithub.

TO BE IMPLEMENTED (helper G). Contract:

class GitHubGateway:
    def __init__(self, settings: Settings) -> None
        # token auth, or GitHub App auth (JWT -> installation token per installation id, cached
        # until expiry); base_url=settings.github_api_url; retry=GithubRetry(total=settings.github_retries,
        # secondary_rate_wait=settings.secondary_rate_wait); seconds_between_writes=settings.write_interval;
        # lazy=True. Counts requests/errors for /metrics via `stats` (dict[str, int]).
    def repo(self, full_name: str, installation_id: int | None = None) -> RepoGateway

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
    def create_comment(self, number: int, body: str) -> CommentRecord
    def edit_comment(self, comment_id: int, body: str) -> None
    def add_reaction(self, comment_id: int, content: str) -> None
    def ensure_labels(self, specs: list[LabelSpec]) -> list[str]        # creates only missing; returns created
    def permission(self, login: str) -> str                              # admin|maintain|write|triage|read|none
    def read_file(self, path: str, ref: str | None = None) -> str | None  # None when 404
    def get_pull(self, number: int) -> PullRecord
    def pull_files(self, number: int) -> list[str]
    def set_status(self, sha: str, state: str, context: str, description: str, target_url: str = "") -> None

class GitHubError(Exception): status: int | None; message  (NotFound(GitHubError) for 404)
"""
