"""Actions that only record something in the state: what GitHub reported of a pull request, or an
agent a command chose. Each knows how to apply itself, so a decision's projection and the executor
record exactly the same change."""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.coordination import CoordinationState, PullLink, PullState
from bot.domain.plan_diff import with_overrides


@dataclass(frozen=True)
class LinkPull:
    """Records what a pull request event showed of a task's pull request (state only)."""

    key: str
    number: int
    html_url: str
    head_sha: str
    closes_by_keyword: bool
    state: PullState
    merge_commit_sha: str | None = None
    files: tuple[str, ...] = ()
    writes: int = 0

    def apply(self, state: CoordinationState) -> None:
        task = state.tasks[self.key]
        link = task.pull(self.number)
        if link is None:
            link = PullLink(number=self.number, html_url=self.html_url)
            task.pulls.append(link)
        link.head_sha = self.head_sha or link.head_sha
        link.closes_by_keyword, link.state = self.closes_by_keyword, self.state
        if self.state is PullState.MERGED:
            link.merge_commit_sha, link.files = self.merge_commit_sha, list(self.files)


@dataclass(frozen=True)
class RecordMerge:
    """A merge GitHub reported when asked (its event may come after the sub-issue's close)."""

    key: str
    number: int
    merge_commit_sha: str | None
    files: tuple[str, ...]
    writes: int = 0

    def apply(self, state: CoordinationState) -> None:
        link = state.tasks[self.key].pull(self.number)
        if link is not None:
            link.state, link.merge_commit_sha, link.files = PullState.MERGED, self.merge_commit_sha, list(self.files)


@dataclass(frozen=True)
class UnlinkPull:
    """An edit removed the pull request's reference to the task; a merged link stays."""

    key: str
    number: int
    writes: int = 0

    def apply(self, state: CoordinationState) -> None:
        task = state.tasks[self.key]
        task.pulls = [link for link in task.pulls if link.number != self.number or link.state is PullState.MERGED]


@dataclass(frozen=True)
class OverrideAgent:
    """`/assign`: the task goes to another agent, also in later versions of the plan (state only)."""

    key: str
    agent: str
    writes: int = 0

    def apply(self, state: CoordinationState) -> None:
        state.agent_overrides[self.key] = self.agent
        if state.plan is not None:
            state.plan = with_overrides(state.plan, state.agent_overrides)
