"""Keeping GitHub's own "blocked by" links in line with the plan's dependencies (decided in
`bot.judgement.dependencies`), one paced write per link added or removed.

Idempotent without reading first: a link is recorded once GitHub took it, and GitHub refuses a
duplicate (422), so a run that crashed after the request finds the link by listing the issue's
links once instead of failing. A link GitHub refuses for another reason (its 50-link limit reached by
hand, dependencies unavailable on the server) is noted in the roadmap and not asked for again.
"""

from __future__ import annotations

from bot.coordination.session import Session
from bot.gateway import GitHubError
from bot.judgement.dependencies import LinkChange, forgotten, link_changes


def sync_links(session: Session) -> int:
    """Adds and removes links until GitHub shows the plan's graph; returns the writes sent."""
    state = session.state
    if not session.config.native_dependencies or state.plan is None or state.paced_until is not None:
        return 0  # while creation waits for GitHub's hourly limit, the links wait with it
    for key in forgotten(state):
        del state.judgement.links[key]
        session.save()
    decided = link_changes(state)
    sent = 0
    for change in decided.changes:
        ident = f"{change.key}:{change.blocking_id}"
        if change.add and ident in state.judgement.refused:
            continue
        if _hour_spent(session):
            break  # the next event (or the resumption) goes on
        sent += 1
        if _apply(session, change):
            _record(session, change)
    if decided.left_out:
        keys = ", ".join(f"#{state.tasks[key].issue_number}" for key in decided.left_out)
        session.note_problem(f"GitHub allows 50 “blocked by” links per issue and per blocker: some links of "
                             f"{keys} are not shown natively (the roadmap's graph has them all).")
    return sent


def _hour_spent(session: Session) -> bool:
    """GitHub's hourly write limit: a tenth of the hour stays for replies, roadmap edits and hand-overs."""
    room, _ = session.gh.write_room()
    hourly = session.services.settings.hourly_writes
    return room is not None and bool(hourly) and room - 1 < hourly // 10


def _apply(session: Session, change: LinkChange) -> bool:
    """True when GitHub now has the link as wanted."""
    gh = session.gh
    if not change.add:
        gh.remove_blocked_by(change.number, change.blocking_id)  # 404 (gone already) counts as done
        return True
    try:
        gh.add_blocked_by(change.number, change.blocking_id)
        return True
    except GitHubError as error:
        ambiguous = error.status is None or error.status >= 500
        if not (ambiguous or error.status in (403, 404, 422)):
            raise
        linked = (ambiguous or error.status == 422) and change.blocking_id in {
            issue.id for issue in gh.blocked_by(change.number)}
        if linked:
            return True  # made by an earlier attempt: a duplicate is what GitHub refused
        if ambiguous:
            raise
        _refused(session, change, error)
        return False


def _refused(session: Session, change: LinkChange, error: GitHubError) -> None:
    session.state.judgement.refused[f"{change.key}:{change.blocking_id}"] = error.message[:200]
    session.note_problem(f"GitHub refused a native “blocked by” link on #{change.number} ({error}); the "
                         "dependency is still followed here.")
    session.save()


def _record(session: Session, change: LinkChange) -> None:
    links = session.state.judgement.links.setdefault(change.key, [])
    if change.add and change.blocking_id not in links:
        links.append(change.blocking_id)
    elif not change.add and change.blocking_id in links:
        links.remove(change.blocking_id)
    if not links:
        del session.state.judgement.links[change.key]
    session.save()
