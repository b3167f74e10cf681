"""Performing the creating actions: sub-issues and parts of a large plan, created once and
attached once, whatever GitHub answers.

The intent to create is saved before the request, so that a crash in between is found by
`recovery.adopt_orphans` instead of repeated; a create with no answer (or a 5xx) is looked for
before it is sent again; an attach GitHub refuses because it is already done counts as done.
"""

from __future__ import annotations

from bot.coordination import actions as act
from bot.coordination import recovery
from bot.coordination.session import Session
from bot.coordination.texts import group_issue, planned, subissue_body
from bot.domain.coordination import GroupState, TaskState
from bot.domain.status import TaskStatus
from bot.gateway import GitHubError
from bot.github_models import IssueRecord
from bot.render.text import safe_title


def create_subissue(session: Session, a: act.CreateSubIssue) -> None:
    """Assignees GitHub refuses (422) never stop the work: the sub-issue is created without them and
    the roadmap says so once. A create with no answer is looked for before it is sent again."""
    state = session.state.tasks.setdefault(a.key, TaskState(key=a.key))
    state.status, state.creating = a.status, True
    session.save()
    assignees = list(a.assignees)

    def create() -> IssueRecord:
        return session.gh.create_issue(title=safe_title(planned(session).task(a.key).title),
                                       body=subissue_body(session, a.key), labels=list(a.labels), assignees=assignees)

    try:
        issue = create()
    except GitHubError as error:
        if error.refuses_assignees and assignees:
            refused_assignees(session, a.key, assignees)
            assignees = []
            issue = create()
        elif not _ambiguous(error):
            raise
        else:
            recovery.adopt_orphans(session.gh, session.state)
            if state.issue_number is not None:  # it was created after all, and is adopted now
                session.save()
                return
            issue = create()  # checked: the first attempt created nothing
    state.issue_number, state.issue_id, state.creating = issue.number, issue.id, False
    state.assigned = a.status is TaskStatus.READY
    session.save()


def refused_assignees(session: Session, key: str, assignees: list[str]) -> None:
    """One roadmap line per role: who GitHub would not assign, and the usual reason."""
    role = session.roles.require(planned(session).task(key).agent).slug
    session.note_problem(
        f"GitHub refused to assign {', '.join(f'`{login}`' for login in assignees)} (the `{role}` assignees); "
        "its sub-issues go without assignees. Check the logins in `.github/coordinator.yml`: Copilot's is "
        "`copilot-swe-agent[bot]`, and assigning it needs a user token, not an App."
    )


def _ambiguous(error: GitHubError) -> bool:
    """No answer or a 5xx: the request may or may not have taken effect."""
    return error.status is None or error.status >= 500


def _attach_to(session: Session, holder: int, child_id: int | None) -> None:
    """Attaches by the child's id; a refusal because it is already attached there counts as done."""
    if child_id is None:
        raise LookupError("nothing to attach: the issue has no id")
    try:
        session.gh.add_sub_issue(holder, child_id)
    except GitHubError as error:
        if not (_ambiguous(error) or error.status == 422):
            raise
        if child_id not in {issue.id for issue in session.gh.list_sub_issues(holder)}:
            raise


def _group(session: Session, index: int) -> GroupState:
    groups = session.state.groups
    while len(groups) <= index:
        groups.append(GroupState(index=len(groups)))
    return groups[index]


def create_group(session: Session, a: act.CreateGroup) -> None:
    group = _group(session, a.index)
    group.creating = True
    session.save()
    title, body = group_issue(session, a.index)
    issue = session.gh.create_issue(title=title, body=body, labels=[], assignees=[])
    group.issue_number, group.issue_id, group.creating = issue.number, issue.id, False
    session.save()


def attach_group(session: Session, a: act.AttachGroup) -> None:
    group = _group(session, a.index)
    _attach_to(session, session.parent, group.issue_id)
    group.attached = True
    session.save()


def attach(session: Session, a: act.AttachSubIssue) -> None:
    task = session.state.tasks[a.key]
    group = _group(session, a.group) if a.group is not None else None
    holder = group.issue_number if group is not None and group.issue_number else session.parent
    _attach_to(session, holder, task.issue_id)
    task.attached = True
    if group is not None:
        task.group = a.group
        group.members += 1
    session.save()
