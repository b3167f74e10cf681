"""One job's working set for one parent issue: gateway, configuration, state, and bot-owned comments."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field

from bot.domain.bookkeeping import CommentKind, Intent, Problem, ProblemKind
from bot.domain.coordination import CoordinationState
from bot.domain.roles import RoleSet
from bot.gateway import RepoGateway
from bot.markers import comment_marker, comment_of_kind, has_comment_marker
from bot.render.text import marked_comment
from bot.repo_config import RepoConfig
from bot.services import Services

log = logging.getLogger(__name__)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass
class Session:
    """Holds what one job needs; every state change is saved before the next write to GitHub."""

    services: Services
    gh: RepoGateway
    config: RepoConfig
    state: CoordinationState
    roles: RoleSet = field(init=False)

    def __post_init__(self) -> None:
        self.roles = self.config.role_set()

    @property
    def parent(self) -> int:
        return self.state.parent_number

    def save(self) -> None:
        self.services.store.save(self.state)

    def upsert_comment(self, kind: CommentKind, body: str) -> None:
        """Keeps exactly one comment of this kind on the parent, edited in place, untouched if unchanged."""
        text = marked_comment(comment_marker(kind), body)
        digest = _digest(text)
        comment_id = self.state.comments.get(kind)
        if comment_id is not None and self.state.rendered.get(kind) == digest:
            return
        if comment_id is None and Intent(kind) in self.state.pending_comments:
            comment_id = self._find_comment(kind)
        if comment_id is None:
            comment_id = self._create_comment(kind, text)
        else:
            self.gh.edit_comment(comment_id, text)
        self.state.rendered[kind] = digest
        self.save()

    def _create_comment(self, kind: CommentKind, text: str) -> int:
        """Records the intent first, so a crash right after the POST is found again, not repeated."""
        self.state.pending_comments.append(Intent(kind))
        self.save()
        comment_id = self.gh.create_comment(self.parent, text).id
        self.state.comments[kind] = comment_id
        self.state.pending_comments.remove(Intent(kind))
        return comment_id

    def _find_comment(self, kind: CommentKind) -> int | None:
        """The comment a crash may have left posted but unrecorded: recorded now if GitHub has it."""
        comment = comment_of_kind(self.gh.own_comments(self.parent), kind.value)
        if comment is None:
            return None
        self.state.comments[kind] = comment.id
        self.state.pending_comments.remove(Intent(kind))
        return comment.id

    def post_once(self, issue_number: int, intent: Intent, body: str) -> bool:
        """Posts a one-off comment (hand-over, review aid…) at most once, even across a crash.

        The intent is saved before the request; a run that finds an unfinished intent looks for the
        comment's marker on the issue before posting. Returns True when it posted.
        """
        if intent in self.state.sent:
            return False
        # Without a database (action mode) a cancelled run may have posted after the state was last
        # kept: every post looks for its marker first, as after a crash.
        unsure = intent in self.state.pending_comments or self.services.settings.roadmap_state
        if unsure and self._has_marker(issue_number, intent):
            self.mark_sent(intent)
            return False
        if intent not in self.state.pending_comments:
            self.state.pending_comments.append(intent)
        self.save()
        self.gh.create_comment(issue_number, marked_comment(comment_marker(intent.kind, intent.detail), body))
        self.mark_sent(intent)
        return True

    def mark_sent(self, intent: Intent) -> None:
        self.state.sent.append(intent)
        if intent in self.state.pending_comments:
            self.state.pending_comments.remove(intent)
        self.save()

    def _has_marker(self, issue_number: int, intent: Intent) -> bool:
        comments = self.gh.own_comments(issue_number)
        return has_comment_marker((c.body for c in comments), intent.kind.value, intent.detail)

    def note_problem(self, text: str, kind: ProblemKind = ProblemKind.NOTICE) -> None:
        """Something the bot could not do; shown in the roadmap until it is withdrawn."""
        problem = Problem(kind=kind, text=text)
        if problem not in self.state.problems:
            self.state.problems.append(problem)
        log.warning("coordination problem on #%s: %s", self.parent, text)

