"""Slash commands in new comments on a plan issue or one of its sub-issues.

Each command in the comment runs in order; one reply answers them all, marked with the comment's id
so a redelivered comment is recognised and not run twice. Commands that change anything need
write, maintain or admin permission; `/help` and `/status` are open to everyone. An accepted
comment gets a 👍 before its commands run, so people see at once that it was heard.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from bot.command_targets import Unresolved, resolve_agent, resolve_task
from bot.commands import CommandError, ParsedCommand, help_text, parse_commands
from bot.coordination import steering
from bot.coordination.decisions import Decisions
from bot.coordination.loading import ConfigError, existing_session, read_config
from bot.coordination.observation import look
from bot.coordination.parent import ParentIssue, fetch_parent, plan_outcome
from bot.coordination.roadmap import refresh_roadmap
from bot.coordination.runner import act, run_pass
from bot.coordination.session import Session
from bot.coordination.start import coordinate
from bot.domain.bookkeeping import CommentKind, Intent
from bot.domain.coordination import CoordinationStatus
from bot.events import IssueCommentEvent
from bot.gateway import RepoGateway, best_effort
from bot.handlers.common import installation_of, membership_of, parent_issue, repo_of
from bot.markers import comment_marker, has_comment_marker
from bot.preview import render_outcome
from bot.render.replies import (
    cancelled_reply,
    command_reply,
    config_invalid_reply,
    coordinate_reply,
    denied_reply,
    no_plan_reply,
    no_subissue_reply,
    not_coordinated_reply,
    removed_task_reply,
    sub_issue_coordinate_reply,
    task_missing_reply,
)
from bot.render.text import marked_comment
from bot.services import Services

ACCEPTED_REACTION = "+1"


@dataclass
class CommandContext:
    """Where a comment was made and what it can act on; the session is opened on first use."""

    services: Services
    gh: RepoGateway
    event: IssueCommentEvent
    parent_number: int
    task_key: str | None
    _session: Session | None = field(default=None, init=False)

    @property
    def on_sub_issue(self) -> bool:
        return self.parent_number != self.event.issue.number

    def session(self) -> Session | None:
        """Opened once per comment, so every command of it and the reply share one state."""
        if self._session is None:
            self._session = existing_session(self.services, self.gh, self.parent_number,
                                             installation_id=installation_of(self.event), known=self.on_sub_issue)
        return self._session

    def adopt(self, session: Session) -> None:
        """`coordinate` works on a session of its own; later commands and the reply must use it, or
        saving the older copy would undo what it did."""
        self._session = session

    def parent(self) -> ParentIssue:
        """The plan issue as it is now: from the payload on the parent, fetched from a sub-issue."""
        if not self.on_sub_issue:
            return parent_issue(self.event.issue)
        return fetch_parent(self.gh, self.parent_number)

    def answered(self) -> bool:
        """Whether this comment already has its reply: a redelivery must not run the commands again."""
        intent = Intent.reply(self.event.comment.id)
        session = self.session()
        if session is not None:
            return intent in session.state.sent
        comments = self.gh.own_comments(self.event.issue.number)
        return has_comment_marker((c.body for c in comments), intent.kind.value, intent.detail)


Action = Callable[[CommandContext, ParsedCommand], str]


def _coordinate(ctx: CommandContext, command: ParsedCommand) -> str:
    """Only the plan issue holds the plan text, so only there can it be (re)started or previewed."""
    if ctx.on_sub_issue:
        return sub_issue_coordinate_reply(ctx.parent_number)
    return _preview(ctx) if "dry-run" in command.flags else _apply_plan(ctx)


def _preview(ctx: CommandContext) -> str:
    """The plan as `/coordinate` would apply it; reads the configuration and the issue, writes nothing."""
    try:
        config = read_config(ctx.services, ctx.gh)
    except ConfigError as error:
        return f"Nothing can be previewed: {error}"
    return render_outcome(plan_outcome(ctx.services, config, ctx.parent()), config.role_set())


def _apply_plan(ctx: CommandContext) -> str:
    """`/coordinate` and `/replan` both run the one idempotent coordination pass; the reply is its diff."""
    result = coordinate(ctx.services, ctx.gh, ctx.parent(), installation_of(ctx.event))
    if result is None:
        return config_invalid_reply(ctx.parent_number)
    ctx.adopt(result.session)
    return coordinate_reply(result.outcome, result.diff, result.session.state)


def _replan(ctx: CommandContext, command: ParsedCommand) -> str:
    """Unlike `/coordinate`, never starts a coordination: re-reading presumes one is running."""
    return not_coordinated_reply() if ctx.session() is None else _apply_plan(ctx)


def _status(ctx: CommandContext, command: ParsedCommand) -> str:
    """Refreshes the roadmap first, so the reply and the roadmap tell the same story."""
    session = ctx.session()
    if session is None:
        return not_coordinated_reply()
    look(session)  # reviews and checks: GitHub sends no timer events, so /status reads them
    run_pass(session)
    refresh_roadmap(session)
    return steering.status_paragraph(session.state, session.state.plan)


def _on_session(decide: Callable[[Decisions], str]) -> Action:
    """For commands about the whole coordination: they need one, whatever state it is in (with no
    accepted plan yet, it is steered as one with no tasks)."""

    def action(ctx: CommandContext, command: ParsedCommand) -> str:
        session = ctx.session()
        if session is None:
            return not_coordinated_reply()
        return act(session, decide, unplanned=True) or ""

    return action


def _steerable(ctx: CommandContext) -> Session | str:
    """The session whose tasks can be steered, or why there is none."""
    session = ctx.session()
    if session is None:
        return not_coordinated_reply()
    if session.state.plan is None:
        return no_plan_reply()
    if session.state.status is CoordinationStatus.CANCELLED:
        return cancelled_reply()
    return session


def _task_key(session: Session, command: ParsedCommand, default: str | None) -> str | Unresolved:
    """The task `<task>` names (this sub-issue's when left out), if it has a sub-issue to act on."""
    plan = session.state.plan
    if plan is None:
        return Unresolved("", no_plan_reply())
    tasks = [(t.key, t.title, session.state.tasks[t.key].issue_number if t.key in session.state.tasks else None)
             for t in plan.tasks]
    if command.task is not None:
        key = resolve_task(command.task, tasks)
    elif default is not None:
        key = default
    else:
        return Unresolved("", task_missing_reply(command.name, command.spec.usage, command.spec.example))
    if isinstance(key, Unresolved) or key in session.state.tasks:
        return key
    if key not in plan.keys:  # the sub-issue of a task that `/replan` removed
        return Unresolved(key, removed_task_reply())
    return Unresolved(key, no_subissue_reply(plan.task(key).title))


def _on_task(decide: Callable[[Decisions, str], str]) -> Action:
    """Resolves `<task>` (defaulting to this sub-issue) before acting on it."""

    def action(ctx: CommandContext, command: ParsedCommand) -> str:
        session = _steerable(ctx)
        if isinstance(session, str):
            return session
        key = _task_key(session, command, ctx.task_key)
        if isinstance(key, Unresolved):
            return key.message
        return act(session, lambda d: decide(d, key)) or no_plan_reply()

    return action


def _assign(ctx: CommandContext, command: ParsedCommand) -> str:
    """Like `_on_task`, with an agent to resolve too; a bad task is reported before a bad agent."""
    session = _steerable(ctx)
    if isinstance(session, str):
        return session
    key = _task_key(session, command, ctx.task_key)
    agent = resolve_agent(command.agent or "", session.roles)
    if isinstance(key, Unresolved):
        return key.message
    if isinstance(agent, Unresolved):
        return agent.message
    return act(session, lambda d: steering.assign(d, key, agent)) or no_plan_reply()


ACTIONS: dict[str, Action] = {
    "coordinate": _coordinate,
    "status": _status,
    "replan": _replan,
    "assign": _assign,
    "retry": _on_task(steering.retry),
    "skip": _on_task(steering.skip),
    "pause": _on_session(steering.pause),
    "resume": _on_session(steering.resume),
    "cancel": _on_session(steering.cancel),
    "help": lambda ctx, command: help_text(),
}


def _context(services: Services, event: IssueCommentEvent) -> CommandContext:
    """An issue that belongs to no plan is its own parent: only `/coordinate` can make it one."""
    gh = repo_of(services, event)
    found = membership_of(services, event)
    if found is None:
        return CommandContext(services, gh, event, event.issue.number, None)
    return CommandContext(services, gh, event, found.parent, found.key)


Screened = ParsedCommand | CommandError


def _screen(ctx: CommandContext, commands: Sequence[Screened]) -> list[Screened]:
    """Commands the author may run stay; those they may not become one refusal, where the first was.

    The permission is asked only when a command changes something (one cached request per author).
    """
    login = ctx.event.comment.user.login
    changing = [c for c in commands if isinstance(c, ParsedCommand) and c.mutates]
    if not changing or ctx.services.permissions.may_steer(ctx.gh, login):
        return list(commands)
    first = changing[0]
    refusal = CommandError(", ".join(c.line for c in changing), denied_reply(login, [c.name for c in changing]))
    kept = [c for c in commands if c is first or not (isinstance(c, ParsedCommand) and c.mutates)]
    return [refusal if c is first else c for c in kept]


def _answer(ctx: CommandContext, item: Screened) -> tuple[str, str]:
    """(command line, answer): what was refused or malformed is answered without running anything."""
    if isinstance(item, CommandError):
        return item.line, item.message
    return item.line, ACTIONS[item.name](ctx, item)


def on_created(services: Services, event: IssueCommentEvent) -> None:
    """Runs the commands of a new comment and answers them in one reply."""
    if event.issue.is_pull_request:
        return
    commands = parse_commands(event.comment.body)
    if not commands:
        return
    ctx = _context(services, event)
    if ctx.answered():
        return
    screened = _screen(ctx, commands)
    if any(isinstance(item, ParsedCommand) for item in screened):
        with best_effort("react to the command comment"):
            ctx.gh.add_reaction(event.comment.id, ACCEPTED_REACTION)
    _reply(ctx, [_answer(ctx, item) for item in screened])


def _reply(ctx: CommandContext, answers: list[tuple[str, str]]) -> None:
    """Posts the reply once (marked with the comment id), then lets the coordination catch up."""
    body, detail, number = command_reply(answers), str(ctx.event.comment.id), ctx.event.issue.number
    session = ctx.session()
    if session is None:
        ctx.gh.create_comment(number, marked_comment(comment_marker(CommentKind.REPLY, detail), body))
        return
    session.post_once(number, Intent.reply(ctx.event.comment.id), body)
    run_pass(session)
