"""Slash commands in new comments on a plan issue or one of its sub-issues.

Each command in the comment runs in order; one reply answers them all. Commands that change
anything need write, maintain or admin permission; `/help` and `/status` are open to everyone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from bot.commands import (
    CommandError,
    ParsedCommand,
    Unresolved,
    help_text,
    parse_commands,
    resolve_agent,
    resolve_task,
)
from bot.coordination import steering
from bot.coordination.completion import after_change
from bot.coordination.loading import existing_session, read_config
from bot.coordination.roadmap import refresh_roadmap
from bot.coordination.session import Session
from bot.coordination.start import ParentIssue, coordinate, plan_outcome
from bot.events import IssueCommentEvent
from bot.gateway import RepoGateway
from bot.handlers.common import installation_of, parent_issue, repo_of
from bot.markers import parse_task_marker
from bot.preview import render_outcome
from bot.render.replies import command_reply, coordinate_reply, denied_reply, not_coordinated_reply
from bot.services import Services


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
        if self._session is None:
            self._session = existing_session(self.services, self.gh, self.parent_number,
                                             installation_id=installation_of(self.event), known=self.on_sub_issue)
        return self._session

    def parent(self) -> ParentIssue:
        if not self.on_sub_issue:
            return parent_issue(self.event.issue)
        issue = self.gh.get_issue(self.parent_number)
        return ParentIssue(number=issue.number, id=issue.id, title=issue.title, body=issue.body, labels=issue.labels)


Action = Callable[[CommandContext, ParsedCommand], str]


def _coordinate(ctx: CommandContext, command: ParsedCommand) -> str:
    if ctx.on_sub_issue:
        return f"`/coordinate` works on the plan issue: comment it on #{ctx.parent_number}."
    if "dry-run" in command.flags:
        config = read_config(ctx.services, ctx.gh)
        return render_outcome(plan_outcome(ctx.services, config, ctx.parent()), config.role_set())
    result = coordinate(ctx.services, ctx.gh, ctx.parent(), installation_of(ctx.event))
    return coordinate_reply(result.outcome, result.diff) if result else "The configuration file is invalid: see above."


def _replan(ctx: CommandContext, command: ParsedCommand) -> str:
    if ctx.session() is None:
        return not_coordinated_reply()
    result = coordinate(ctx.services, ctx.gh, ctx.parent(), installation_of(ctx.event))
    return coordinate_reply(result.outcome, result.diff) if result else "The configuration file is invalid: see above."


def _status(ctx: CommandContext, command: ParsedCommand) -> str:
    session = ctx.session()
    if session is None:
        return not_coordinated_reply()
    refresh_roadmap(session)
    return steering.status_paragraph(session)


def _on_session(act: Callable[[Session], str]) -> Action:
    def action(ctx: CommandContext, command: ParsedCommand) -> str:
        session = ctx.session()
        return act(session) if session is not None else not_coordinated_reply()

    return action


def _on_task(act: Callable[[Session, str], str]) -> Action:
    """Resolves `<task>` (defaulting to this sub-issue) before acting on it."""

    def action(ctx: CommandContext, command: ParsedCommand) -> str:
        session = ctx.session()
        if session is None or session.state.plan is None:
            return not_coordinated_reply()
        key = _task_key(session, command.task, ctx.task_key)
        return key.message if isinstance(key, Unresolved) else act(session, key)

    return action


def _task_key(session: Session, ref: str | None, default: str | None) -> str | Unresolved:
    if ref is None:
        return default if default else Unresolved("", "Say which task, for example `/skip #12`.")
    plan = session.state.plan
    assert plan is not None
    tasks = [(t.key, t.title, session.state.tasks[t.key].issue_number if t.key in session.state.tasks else None)
             for t in plan.tasks]
    return resolve_task(ref, tasks)


def _assign(ctx: CommandContext, command: ParsedCommand) -> str:
    session = ctx.session()
    if session is None or session.state.plan is None:
        return not_coordinated_reply()
    key = _task_key(session, command.task, ctx.task_key)
    agent = resolve_agent(command.agent or "", session.roles)
    for problem in (key, agent):
        if isinstance(problem, Unresolved):
            return problem.message
    return steering.assign(session, str(key), str(agent))


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
    gh = repo_of(services, event)
    marker = parse_task_marker(event.issue.body)
    parent = marker[0] if marker else services.store.parent_of(gh.full_name, event.issue.number)
    if parent is None:
        return CommandContext(services, gh, event, event.issue.number, None)
    context = CommandContext(services, gh, event, parent, marker[1] if marker else None)
    if context.task_key is None and (session := context.session()) is not None:
        task = session.state.task_by_issue(event.issue.number)
        context.task_key = task.key if task else None
    return context


def on_created(services: Services, event: IssueCommentEvent) -> None:
    """Runs the commands of a new comment and answers them in one reply."""
    if event.issue.is_pull_request:
        return
    commands = parse_commands(event.comment.body)
    if not commands:
        return
    ctx = _context(services, event)
    answers: list[tuple[str, str]] = []
    accepted = False
    for command in commands:
        if isinstance(command, CommandError):
            answers.append((command.line, command.message))
        elif command.mutates and not services.permissions.may_steer(ctx.gh, event.comment.user.login):
            answers.append((command.line, denied_reply(event.comment.user.login)))
        else:
            accepted = True
            answers.append((command.line, ACTIONS[command.name](ctx, command)))
    if accepted:
        ctx.gh.add_reaction(event.comment.id, "+1")
    _reply(ctx, event, answers)


def _reply(ctx: CommandContext, event: IssueCommentEvent, answers: list[tuple[str, str]]) -> None:
    body = command_reply(answers)
    session = ctx.session()
    if session is not None:
        session.post_once(event.issue.number, "reply", str(event.comment.id), body)
        after_change(session)
    else:
        ctx.gh.create_comment(event.issue.number, body)
