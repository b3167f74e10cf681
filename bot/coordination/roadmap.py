"""Keeping the one roadmap comment on the parent up to date, and the failures it reports."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress

from bot.coordination.observation import insight
from bot.coordination.session import Session
from bot.domain.bookkeeping import UNFINISHED_PREFIX, CommentKind, ProblemKind
from bot.gateway import GitHubError
from bot.render.roadmap import render_roadmap


def refresh_roadmap(session: Session) -> None:
    """Edits the roadmap in place (or posts it the first time); no request when nothing changed."""
    if session.state.plan is None:
        return
    with_state = session.services.settings.roadmap_state  # action mode: no database between runs
    body = render_roadmap(session.state, session.roles, insight(session), with_state=with_state)
    session.upsert_comment(CommentKind.ROADMAP, body)


@contextmanager
def reporting_failures(session: Session) -> Iterator[None]:
    """A GitHub failure mid-run is shown in the roadmap (if GitHub lets us) and re-raised.

    The delivery is then recorded as failed; the next event on the issue, a redelivery or
    `/coordinate` finishes the job, since every step skips what is already done. A pass that gets
    through withdraws the note (`WithdrawUnfinished`), so the roadmap never claims unfinished work
    that is done.
    """
    try:
        yield
    except GitHubError as error:
        session.note_problem(
            f"{UNFINISHED_PREFIX} ({error}); the work is not finished. The next event on this issue, "
            "or `/coordinate`, picks it up where it stopped.", ProblemKind.UNFINISHED,
        )
        session.save()
        with suppress(GitHubError):
            refresh_roadmap(session)
        raise
